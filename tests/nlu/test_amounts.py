"""Which amount a complaint is about, when a message names several."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nlu.amounts import main_amount
from nlu.analyzer import Analyzer
from nlu.analysis_result import Money
from nlu.money import find_money
from tests.support.nlu import NOW


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


@pytest.mark.parametrize(("lang", "text", "amount", "currency"), [
    ("en", "the gym keeps taking 24.50 every month after I left", Decimal("24.50"), "GBP"),
    ("en", "overcharged £20 a month since spring, I want the £120 back", Decimal("120"), "GBP"),
    ("ru", "продолжают списывать 1 200 каждый месяц", Decimal("1200"), "RUB"),
    ("ru", "переплатила по 200 рублей, верните 1 000 рублей", Decimal("1000"), "RUB"),
    # a sum grouped by a space, then the sentence's full stop or a comma
    ("ru", "хочу либо нормальное кресло, либо вернуть мои 23 000. спасибо", Decimal("23000"), "RUB"),
    ("en", "I paid 1 250, then they charged me again", Decimal("1250"), "GBP"),
])
def test_the_amount_wanted_back_or_a_sum_written_beside_a_payment(
        analyzer: Analyzer, lang: str, text: str, amount: Decimal, currency: str) -> None:
    assert analyzer.analyze(text, lang=lang, now=NOW).entities.amount == Money(amount, currency)


@pytest.mark.parametrize("text", ["I paid for 3 months and called 12 times", "order 12345 was charged on 12/11",
                                  "списали дважды, звонила 10 раз", "I paid on 12.5.2024 and again later",
                                  "it cost me version 1.2.3 of the app"])
def test_counts_dates_and_numbers_are_no_amount(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text, now=NOW).entities.amount is None
