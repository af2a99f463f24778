"""Which cases a listing asks for (``complaintdesk cases list``, Slack's ``/complaints``, timers)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class CaseFilter:
    status: Sequence[str] = ()
    priority: Sequence[str] = ()
    assignee: str | None = None
    unassigned: bool = False
    channel: str | None = None
    category: str | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None
    open_only: bool = False
    overdue_at: datetime | None = None  # cases whose resolution is due before this instant
    complainant_id: str | None = None
    limit: int = 100
    offset: int = 0
