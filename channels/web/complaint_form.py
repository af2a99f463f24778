"""The complaint form's fields and their checks: what the policy requires (as the dialogue asks
it, ``[intake] required``), an email address always (the person is reached there), and each
value read as the dialogue reads it (``bot.slots``). Every problem is a catalog key for its field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from bot import slots
from config.policy import Policy
from core.amount import check_amount
from core.errors import ValidationFailed

TEXT_FIELDS = ("description", "incident_date", "location", "product", "order_number", "amount", "currency",
               "desired_outcome", "name", "email", "phone", "on_behalf_of")
MAX_CHARS = {"description": 20_000, "incident_date": 40, "location": 300, "product": 200, "order_number": 64,
             "amount": 40, "currency": 3, "desired_outcome": 2000, "name": 100, "email": 254, "phone": 40,
             "on_behalf_of": 200}
MIN_DESCRIPTION = 10  # as the dialogue asks again for a shorter one
CURRENCIES = ("GBP", "EUR", "USD", "RUB")
DEFAULT_CURRENCY = {"en": "GBP", "ru": "RUB"}
CONSENT = "consent"
# The dialogue's slots as the form's fields: the contact is the email address (required anyway).
_SLOT_FIELDS = {"contact": "email"}


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with a field: ``key`` under ``web.complaint.error``, with its parameters."""

    key: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ValidComplaint:
    description: str
    email: str
    name: str | None = None
    phone: str | None = None
    incident_date: date | None = None
    location: str | None = None
    product: str | None = None
    order_number: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    desired_outcome: str | None = None
    on_behalf_of: str | None = None


def required_fields(policy: Policy) -> frozenset[str]:
    """The fields a complaint cannot be sent without: the policy's, the description, the email
    address and the consent."""
    asked = {_SLOT_FIELDS.get(slot, slot) for slot in policy.intake.required}
    return frozenset(asked | {"description", "email", CONSENT})


def check(values: Mapping[str, str], policy: Policy, lang: str, today: date) -> tuple[ValidComplaint | None, dict[str, Problem]]:
    """The complaint the form gives, or the problem of each field that is wrong (never both)."""
    required = required_fields(policy)
    given = {name: values.get(name, "").strip() for name in TEXT_FIELDS}
    problems: dict[str, Problem] = {}
    for name, value in given.items():
        if len(value) > MAX_CHARS[name]:
            problems[name] = Problem("too_long", {"count": MAX_CHARS[name]})
        elif not value and name in required:
            problems[name] = Problem(f"missing_{name}")
    if CONSENT in required and values.get(CONSENT) != "yes":
        problems[CONSENT] = Problem("missing_consent", {"email": policy.organisation.contact_email})

    def fine(name: str) -> bool:
        return name not in problems and bool(given[name])

    if fine("description") and len(given["description"]) < MIN_DESCRIPTION:
        problems["description"] = Problem("short_description")
    email = slots.valid_email(given["email"]) if fine("email") else None
    if fine("email") and email is None:
        problems["email"] = Problem("invalid_email")
    phone = slots.valid_phone(given["phone"], lang) if fine("phone") else None
    if fine("phone") and phone is None:
        problems["phone"] = Problem("invalid_phone")
    incident = _date(given["incident_date"], today, problems) if fine("incident_date") else None
    amount, currency = _money(given["amount"], given["currency"], problems) if fine("amount") else (None, None)
    if problems:
        return None, problems
    assert email is not None

    def text(name: str) -> str | None:
        return given[name] or None

    return ValidComplaint(
        description=given["description"], email=email, name=text("name"), phone=phone, incident_date=incident,
        location=text("location"), product=text("product"), order_number=text("order_number"), amount=amount,
        currency=currency, desired_outcome=text("desired_outcome"), on_behalf_of=text("on_behalf_of")), {}


def _date(text: str, today: date, problems: dict[str, Problem]) -> date | None:
    """A date as the browser's date field sends it (YYYY-MM-DD); not in the future."""
    try:
        found = date.fromisoformat(text)
    except ValueError:
        problems["incident_date"] = Problem("invalid_incident_date")
        return None
    if found > today:
        problems["incident_date"] = Problem("future_incident_date")
        return None
    return found


def _money(text: str, currency: str, problems: dict[str, Problem]) -> tuple[Decimal | None, str | None]:
    """An amount as people write it ("45.50", "45,50", "1 200"), with a currency the form offers."""
    digits = text.replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
    if digits.count(",") == 1 and "." not in digits and len(digits.split(",")[1]) <= 2:
        digits = digits.replace(",", ".")  # a decimal comma
    else:
        digits = digits.replace(",", "")  # thousands separators
    try:
        amount = Decimal(digits)
        check_amount(amount, currency or "GBP")
    except (InvalidOperation, ValidationFailed):
        problems["amount"] = Problem("invalid_amount")
        return None, None
    if currency not in CURRENCIES:
        problems["currency"] = Problem("missing_currency")
        return None, None
    return amount, currency
