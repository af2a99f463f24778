"""The domain's records, as plain dataclasses (mapped to tables in ``core.storage.mapping``)."""

from __future__ import annotations

from typing import Any

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from core.status import CaseStatus, InboundStatus, NotificationStatus


DELIVERED = "delivered"  # the link kind a case's thread gives each delivered notification's platform reference


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass(eq=False)
class Complainant:
    """A person who complains. Personal data lives here (and in messages), never in audit events."""

    id: str = field(default_factory=new_id)
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    language: str = "en"
    created_at: datetime | None = None
    erased_at: datetime | None = None


@dataclass(eq=False)
class ChannelIdentity:
    """One way to reach a complainant: (``telegram``, chat id), (``email``, address), ..."""

    complainant_id: str
    channel: str
    address: str
    id: str = field(default_factory=new_id)
    unreachable_reason: str | None = None
    created_at: datetime | None = None


@dataclass(eq=False)
class Case:
    reference: str
    complainant_id: str
    channel: str
    reply_address: str
    description: str
    id: str = field(default_factory=new_id)
    status: str = CaseStatus.RECEIVED.value
    reply_thread: str | None = None
    language: str = "en"
    subject: str | None = None
    category: str = "other"
    product: str | None = None
    order_number: str | None = None
    incident_date: date | None = None
    desired_outcome: str | None = None
    on_behalf_of: str | None = None
    location: str | None = None  # where it happened: a place, an address or shared coordinates
    amount: Decimal | None = None  # the money the complaint is about, in ``currency``
    currency: str | None = None  # ISO 4217 code of ``amount`` ("GBP", "RUB")
    severity: int = 1
    complexity: int = 1
    impact: int = 1
    urgency: int = 1
    immediate_action: bool = False
    priority: str = "low"
    signals: list[str] = field(default_factory=list)
    assessment_overridden: bool = False
    assignee: str | None = None
    escalation_level: int = 0
    needs_human: bool = False
    proposed_decision: str | None = None
    complainant_decision: str | None = None
    # External dispute resolution (ISO 10003): when the body was offered, which body (its name in
    # the policy's default language) and when the case went to it, its outcome and when recorded.
    referral_offered_at: datetime | None = None
    referral_body: str | None = None
    referred_at: datetime | None = None
    referral_outcome: str | None = None
    referral_outcome_at: datetime | None = None
    due_acknowledge: datetime | None = None
    due_first_response: datetime | None = None
    due_resolution: datetime | None = None
    received_at: datetime | None = None
    acknowledged_at: datetime | None = None
    first_response_at: datetime | None = None
    responded_at: datetime | None = None
    closed_at: datetime | None = None
    waiting_since: datetime | None = None  # when the case began waiting for the complainant (the clock's pause)
    updated_at: datetime | None = None
    erased_at: datetime | None = None
    received_via: str | None = None  # "phone", "letter", "in_person": an agent registered it (else ``channel``)
    audit_seq: int = 0
    audit_head: str = ""
    version: int = 0

    @property
    def state(self) -> CaseStatus:
        return CaseStatus(self.status)


@dataclass(eq=False)
class CaseEvent:
    """One entry of the append-only, hash-chained audit trail."""

    case_id: str
    seq: int
    kind: str
    actor_kind: str
    actor_id: str
    at: datetime
    data: dict[str, Any]
    prev_hash: str
    hash: str
    from_status: str | None = None
    to_status: str | None = None
    reason: str | None = None  # free text; its digest is in ``data`` and erasure may blank it
    id: int | None = None


@dataclass(eq=False)
class Message:
    """The case transcript: what the complainant said (unedited) and what was sent to them."""

    case_id: str
    direction: str  # "in" | "out" | "note"
    channel: str
    author_kind: str
    author_id: str
    body: str
    created_at: datetime
    id: str = field(default_factory=new_id)
    platform_message_id: str | None = None


@dataclass(eq=False)
class Attachment:
    case_id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime
    message_id: str | None = None
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class Notification:
    """An outbox row: written with the change it reports, delivered later by the dispatcher."""

    channel: str
    address: str
    kind: str
    lang: str
    params: dict[str, Any]
    idempotency_key: str
    created_at: datetime
    next_attempt_at: datetime
    case_id: str | None = None
    thread: str | None = None
    status: NotificationStatus = NotificationStatus.PENDING
    attempts: int = 0
    locked_until: datetime | None = None
    claimed_by: str | None = None  # the process delivering it until ``locked_until``
    last_error: str | None = None
    sent_at: datetime | None = None
    delivered_ref: str | None = None
    id: int | None = None


@dataclass(eq=False)
class CaseLink:
    """A channel's handle on a case: an email Message-ID, a Slack card, a Telegram message."""

    case_id: str
    kind: str
    value: str
    created_at: datetime
    id: int | None = None


@dataclass(eq=False)
class Satisfaction:
    case_id: str
    rating: int
    at: datetime
    comment: str | None = None
    agent_id: str | None = None
    closed_at: datetime | None = None  # the closing it rates: one survey per closing
    id: int | None = None


@dataclass(eq=False)
class Investigation:
    """What the investigation of a case found (ISO 10002 7.7, 8.4): its findings, the root cause
    (a key of the policy's list), the corrective action and the redress given."""

    case_id: str
    recorded_by: str
    recorded_at: datetime
    findings: str | None = None
    root_cause: str | None = None
    corrective_action: str | None = None
    redress_kind: str | None = None
    redress_amount: Decimal | None = None
    redress_currency: str | None = None
    id: int | None = None


@dataclass(eq=False)
class InboundRecord:
    """Raw inbound material stored before it is acknowledged to the sender (email, webhooks)."""

    channel: str
    dedup_key: str
    payload: bytes
    received_at: datetime
    status: InboundStatus = InboundStatus.PENDING
    outcome: str | None = None
    conversation: str | None = None  # the sender as the channel names the conversation
    case_reference: str | None = None  # the case it was about, when an agent (not the complainant) wrote it
    attempts: int = 0  # processing attempts so far, counted when a process claims the row
    claimed_by: str | None = None
    claimed_until: datetime | None = None
    id: int | None = None
