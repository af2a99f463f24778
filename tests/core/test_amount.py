"""The money a complaint is about: kept exactly on SQLite and on PostgreSQL, refused when the case
could not keep it as given."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.commands import ComplaintSubmission, Identity
from core.errors import ValidationFailed
from core.runtime import Core

PERSON = Identity("telegram", "2002")


def _submission(**overrides: object) -> ComplaintSubmission:
    values: dict[str, object] = {"identity": PERSON, "description": "The kettle I bought leaks.", "language": "en"}
    values.update(overrides)
    return ComplaintSubmission(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("amount", ["45.50", "649", "0.5", "9999999999999999.99"])
async def test_the_amount_and_its_currency_are_kept_exactly(core: Core, amount: str) -> None:
    ref = (await core.service.submit_complaint(_submission(amount=Decimal(amount), currency="GBP",
                                                           location="Leeds store"))).reference

    details = await core.queries.details(ref, PERSON)
    assert details.amount == Decimal(amount) and details.currency == "GBP"
    assert details.location == "Leeds store"


async def test_a_complaint_without_an_amount_keeps_none(core: Core) -> None:
    ref = (await core.service.submit_complaint(_submission())).reference
    details = await core.queries.details(ref, PERSON)
    assert details.amount is None and details.currency is None


@pytest.mark.parametrize(("amount", "currency"), [
    (Decimal("45"), None), (None, "GBP"), (Decimal("45"), "pounds"), (Decimal("45"), "gbp"), (Decimal("-1"), "GBP"),
    (Decimal("NaN"), "GBP"), (Decimal("1.005"), "GBP"), (Decimal("1E+16"), "GBP"),
])
async def test_an_amount_the_case_cannot_keep_is_refused_and_nothing_recorded(
        core: Core, amount: Decimal | None, currency: str | None) -> None:
    with pytest.raises(ValidationFailed):
        await core.service.submit_complaint(_submission(amount=amount, currency=currency))
    assert await core.queries.cases_of(PERSON, open_only=False) == []
