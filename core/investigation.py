"""The investigation record of a case (ISO 10002 7.7, 8.4): findings, root cause, corrective
action and the redress given, checked against the policy's lists."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from config.policy import Policy
from core.amount import check_amount
from core.errors import ValidationFailed
from core.model import Investigation
from core.results import InvestigationRecord

TEXT_LIMIT = 20_000  # characters of findings or corrective action


@dataclass(frozen=True, slots=True)
class InvestigationInput:
    """What an agent records; a field left None keeps what was recorded before."""

    findings: str | None = None
    root_cause: str | None = None
    corrective_action: str | None = None
    redress_kind: str | None = None
    redress_amount: Decimal | None = None
    redress_currency: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, name) in (None, "") for name in self.__slots__)


def parse_amount(text: str | None) -> Decimal | None:
    """An amount as an agent types it ("25", "25.50", "1 200,00"); None for nothing."""
    if text is None or not text.strip():
        return None
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationFailed(f"{text!r} is not an amount; write it like 25 or 25.50") from None
    if not value.is_finite():
        raise ValidationFailed(f"{text!r} is not an amount; write it like 25 or 25.50")
    return value


def check(policy: Policy, given: InvestigationInput) -> None:
    """Raise ValidationFailed, naming the field and the allowed values, for anything wrong."""
    if given.is_empty():
        raise ValidationFailed("nothing to record: give findings, a root cause, a corrective action or redress")
    lists = policy.investigation
    if given.root_cause is not None and given.root_cause not in lists.root_causes:
        raise ValidationFailed(f"unknown root cause {given.root_cause!r}; allowed: {', '.join(lists.root_causes) or 'none in the policy'}")
    if given.redress_kind is not None and given.redress_kind not in lists.redress_kinds:
        raise ValidationFailed(f"unknown redress {given.redress_kind!r}; allowed: {', '.join(lists.redress_kinds) or 'none in the policy'}")
    for name in ("findings", "corrective_action"):
        text = getattr(given, name)
        if text is not None and len(text) > TEXT_LIMIT:
            raise ValidationFailed(f"{name} is longer than {TEXT_LIMIT} characters")
    if given.redress_amount is not None or given.redress_currency is not None:
        try:
            check_amount(given.redress_amount, given.redress_currency)
        except ValidationFailed as error:
            raise ValidationFailed(f"redress: {error}") from None


def apply(record: Investigation, given: InvestigationInput) -> None:
    for name in ("findings", "root_cause", "corrective_action", "redress_kind", "redress_amount", "redress_currency"):
        value = getattr(given, name)
        if value is not None:
            setattr(record, name, value.strip() or None if isinstance(value, str) else value)


def investigation_record(record: Investigation) -> InvestigationRecord:
    return InvestigationRecord(
        findings=record.findings, root_cause=record.root_cause, corrective_action=record.corrective_action,
        redress_kind=record.redress_kind, redress_amount=record.redress_amount, redress_currency=record.redress_currency,
        recorded_by=record.recorded_by, recorded_at=record.recorded_at)
