"""A complaint an agent registers for someone who complained by phone, by letter or in person
(ISO 10002 7.2): the way it came is kept on the case; updates go to the e-mail address given, or
nowhere when none was."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from core.errors import ValidationFailed

OFFLINE_CHANNELS = ("phone", "letter", "in_person")  # a case on one of these has no channel to write to


@dataclass(frozen=True, slots=True)
class Registration:
    """What an agent took down; only ``received_via`` and ``description`` are required."""

    received_via: str
    description: str
    name: str | None = None
    email: str | None = None  # updates and the acknowledgement go here; none: the complainant is not written to
    phone: str | None = None
    language: str = "en"
    product: str | None = None
    order_number: str | None = None
    incident_date: date | None = None
    desired_outcome: str | None = None
    on_behalf_of: str | None = None
    category: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    received_at: datetime | None = None


def check_registration(registration: Registration, languages: list[str], categories: list[str]) -> None:
    """Raise ValidationFailed naming the field for anything an agent must correct."""
    if registration.received_via not in OFFLINE_CHANNELS:
        raise ValidationFailed(f"received via {registration.received_via!r}: choose one of {', '.join(OFFLINE_CHANNELS)}")
    if not registration.description.strip():
        raise ValidationFailed("a complaint needs a description in the complainant's own words")
    if registration.email is not None and not is_email(registration.email.strip()):
        raise ValidationFailed(f"{registration.email!r} is not an e-mail address")
    if registration.language not in languages:
        raise ValidationFailed(f"language {registration.language!r}: choose one of {', '.join(languages)}")
    if registration.category is not None and registration.category not in categories:
        raise ValidationFailed(f"unknown category {registration.category!r}; allowed: {', '.join(categories)}")


def is_email(text: str) -> bool:
    """An address of the shape local@domain.tld, with no spaces."""
    local, at, domain = text.rpartition("@")
    name, dot, tld = domain.rpartition(".")
    return (bool(at and dot) and 0 < len(local) <= 64 and "@" not in local and bool(name) and len(tld) >= 2
            and len(text) <= 320 and not any(c.isspace() for c in text))
