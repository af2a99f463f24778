"""What the service layer returns."""

from __future__ import annotations

from typing import Any

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from core.errors import AttachmentRejected


@dataclass(frozen=True, slots=True)
class SubmittedCase:
    case_id: str
    reference: str
    status: str
    priority: str
    language: str
    due_first_response: datetime | None
    due_resolution: datetime | None
    acknowledgement: str
    duplicate: bool = False
    rejected_attachments: tuple[AttachmentRejected, ...] = ()


@dataclass(frozen=True, slots=True)
class MessageAdded:
    case_id: str
    reference: str
    status: str
    duplicate: bool = False
    rejected_attachments: tuple[AttachmentRejected, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseDetails:
    """All of a case that its complainant or an agent may see."""

    reference: str
    status: str
    channel: str
    language: str
    category: str
    priority: str
    severity: int
    complexity: int
    impact: int
    urgency: int
    immediate_action: bool
    signals: tuple[str, ...]
    description: str
    subject: str | None
    product: str | None
    order_number: str | None
    incident_date: date | None
    desired_outcome: str | None
    on_behalf_of: str | None
    location: str | None
    amount: Decimal | None
    currency: str | None
    assignee: str | None
    escalation_level: int
    needs_human: bool
    proposed_decision: str | None
    complainant_decision: str | None
    complainant_name: str | None
    received_at: datetime
    updated_at: datetime
    due_first_response: datetime | None
    due_resolution: datetime | None
    first_response_at: datetime | None
    closed_at: datetime | None
    version: int
    satisfaction: int | None = None
    complainant_email: str | None = None
    complainant_phone: str | None = None
    reply_address: str | None = None  # where the case's messages go on its channel (a chat id, an address)
    referral_offered_at: datetime | None = None  # external dispute resolution (ISO 10003): see core.model.Case
    referral_body: str | None = None
    referred_at: datetime | None = None
    referral_outcome: str | None = None
    referral_outcome_at: datetime | None = None
    received_via: str | None = None  # phone, letter, in_person: an agent registered it
    investigation: InvestigationRecord | None = None
    related: tuple[tuple[str, str], ...] = ()  # (link kind, reference): a complaint about this one's handling, or the one it is about


@dataclass(frozen=True, slots=True)
class InvestigationRecord:
    """What the investigation found (ISO 10002 7.7): root cause and redress kind are policy keys."""

    findings: str | None
    root_cause: str | None
    corrective_action: str | None
    redress_kind: str | None
    redress_amount: Decimal | None
    redress_currency: str | None
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class StatusView:
    """The answer to "what is the status of REF?". ``details`` only for the complainant or an agent."""

    reference: str
    status: str
    received_at: datetime
    updated_at: datetime
    details: CaseDetails | None = None

    @property
    def is_detailed(self) -> bool:
        return self.details is not None


@dataclass(frozen=True, slots=True)
class CaseProgress:
    """What a status question is answered with in a conversation: where the case is and, for its
    own complainant only (``own``), what is due and the decision proposed."""

    reference: str
    status: str
    received_at: datetime
    updated_at: datetime
    own: bool = False
    due_first_response: datetime | None = None
    first_response_at: datetime | None = None
    due_resolution: datetime | None = None
    proposed_decision: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime
    kind: str  # an event kind, or "message:in" / "message:out" / "message:note"
    actor: str
    text: str | None = None
    from_status: str | None = None
    to_status: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
