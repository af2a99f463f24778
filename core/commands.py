"""Inputs of the service layer's commands."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Identity:
    """A complainant's address on one channel, as the channel vouches for it."""

    channel: str
    address: str

    def __str__(self) -> str:
        return f"{self.channel}:{self.address}"


@dataclass(frozen=True, slots=True)
class NewAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class ComplaintSubmission:
    """Everything intake collected (ISO 10002 Annex B). Only ``identity`` and ``description`` are
    required: a complaint is recorded at once even when details are missing (7.2, 7.4)."""

    identity: Identity
    description: str
    language: str = "en"
    reply_address: str | None = None  # where to answer, when it differs from the identity
    reply_thread: str | None = None
    subject: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    incident_date: date | None = None
    product: str | None = None
    order_number: str | None = None
    desired_outcome: str | None = None
    on_behalf_of: str | None = None
    location: str | None = None
    amount: Decimal | None = None  # the money the complaint is about; given with ``currency``
    currency: str | None = None  # ISO 4217 ("GBP", "RUB")
    category: str | None = None
    signals: frozenset[str] = frozenset()
    immediate_action: bool = False
    needs_human: bool = False
    attachments: tuple[NewAttachment, ...] = ()
    platform_message_id: str | None = None
    acknowledge_via_outbox: bool = False
    received_at: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)
    received_via: str | None = None  # "phone", "letter", "in_person": an agent registers what came that way
    about_case: str | None = None  # a complaint about how this case (a reference) was handled
    registered_by: str | None = None  # the agent who registered it (with ``received_via``)
