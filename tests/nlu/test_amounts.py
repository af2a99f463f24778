"""Which amount a complaint is about, when a message names several."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nlu.amounts import main_amount
from nlu.analysis_result import Money
from nlu.money import find_money


def _chosen(text: str) -> Money | None:
    return main_amount(text, list(find_money(text)))


@pytest.mark.parametrize(("text", "expected"), [
    ("The £4.99 delivery was late, and for the jacket I paid £120", Money(Decimal("120"), "GBP")),
    ("My plan is $30 a month but you charged me $95.40 this time", Money(Decimal("95.40"), "USD")),
    ("I want my €60 back; the voucher for €10 is not enough", Money(Decimal("60"), "EUR")),
    ("Тариф 300 руб. в месяц, а списали 2 750 руб.", Money(Decimal("2750"), "RUB")),
    ("Верните 15 000 рублей, скидка 500 рублей меня не устраивает", Money(Decimal("15000"), "RUB")),
    ("It was £35", Money(Decimal("35"), "GBP")),
])
def test_the_amount_paid_charged_or_wanted_back_is_chosen(text: str, expected: Money) -> None:
    assert _chosen(text) == expected


def test_without_a_cue_the_first_amount_is_chosen_and_none_without_any() -> None:
    assert _chosen("£20 or £30, I am not sure") == Money(Decimal("20"), "GBP")
    assert _chosen("no money mentioned here") is None
