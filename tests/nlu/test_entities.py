from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from nlu.analysis_result import Money
from nlu.analyzer import Analyzer
from tests.support.nlu import NOW


@pytest.mark.parametrize(
    "text",
    ["my ref is CD-7K3M-9QXA", "my ref is cd7k3m9qxa", "CD 7K3M 9QXA please", "номер обращения cd-7k3m-9qxa", "CD7K3M9QXA?"],
)
def test_references_are_normalised(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text, now=NOW).entities.references == ("CD-7K3M-9QXA",)


def test_reference_check_char_is_not_validated_and_words_are_not_references(analyzer: Analyzer) -> None:
    assert analyzer.analyze("CD-ABCD-EFGH", now=NOW).entities.references == ("CD-ABCD-EFGH",)
    assert analyzer.analyze("my cdplayerss broke", now=NOW).entities.references == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("it's about order 12345", "12345"),
        ("order #A-5521 never came", "A-5521"),
        ("account number 12345678", "12345678"),
        ("по заказу № 12345 ничего", "12345"),
        ("номер счёта 40817810099910004312", "40817810099910004312"),
        ("по страховке квартиры (полис № КВ-557201)", "КВ-557201"),
        ("ничего нет. заказ №А7731", "А7731"),
        ("договор аб-1207 от марта", "АБ-1207"),
    ],
)
def test_order_numbers(analyzer: Analyzer, text: str, expected: str) -> None:
    assert analyzer.analyze(text, now=NOW).entities.order_numbers == (expected,)


def test_a_day_with_its_ending_is_no_order_number(analyzer: Analyzer) -> None:
    assert analyzer.analyze("Я заказал 5-го апреля, заказ 123-й по счёту", now=NOW).entities.order_numbers == ()


@pytest.mark.parametrize(("text", "expected"), [("mail me at Jane.Doe@Example.com.", "jane.doe@example.com"), ("почта: ivan@example.ru", "ivan@example.ru")])
def test_emails(analyzer: Analyzer, text: str, expected: str) -> None:
    assert analyzer.analyze(text, now=NOW).entities.emails == (expected,)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("call me on 07911 123456", "+447911123456"), ("мой телефон 8 (912) 345-67-89", "+79123456789"), ("ring +1 202 555 0143", "+12025550143")],
)
def test_phones_in_e164(analyzer: Analyzer, text: str, expected: str) -> None:
    assert analyzer.analyze(text, now=NOW).entities.phones == (expected,)


def test_phone_region_is_a_parameter(policy, model_dir) -> None:  # type: ignore[no-untyped-def]
    analyzer = Analyzer.load(policy, model_dir, phone_regions={"en": "US"})
    assert analyzer.analyze("call me at (202) 555-0143", now=NOW).entities.phones == ("+12025550143",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("they took $120", Money(Decimal("120"), "USD")),
        ("a fee of £45.50", Money(Decimal("45.50"), "GBP")),
        ("I paid 120 EUR", Money(Decimal("120"), "EUR")),
        ("списали 500 рублей", Money(Decimal("500"), "RUB")),
        ("списали 1 500 руб. вчера", Money(Decimal("1500"), "RUB")),
    ],
)
def test_money(analyzer: Analyzer, text: str, expected: Money) -> None:
    assert analyzer.analyze(text, now=NOW).entities.money == (expected,)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("it happened yesterday", datetime.date(2024, 6, 11)),
        ("they called last Tuesday", datetime.date(2024, 6, 11)),
        ("I ordered on 5 March", datetime.date(2024, 3, 5)),
        ("I complained 3 days ago", datetime.date(2024, 6, 9)),
        ("это было вчера", datetime.date(2024, 6, 11)),
        ("это было в прошлый вторник", datetime.date(2024, 6, 11)),
        ("заказ оформил 3 марта", datetime.date(2024, 3, 3)),
        ("деньги списали позавчера", datetime.date(2024, 6, 10)),
        ("I bought it on 25 December", datetime.date(2023, 12, 25)),
    ],
)
def test_dates_are_resolved_in_the_past(analyzer: Analyzer, text: str, expected: datetime.date) -> None:
    assert analyzer.analyze(text, now=NOW).entities.dates == (expected,)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the mobile app crashes", ("mobile app",)),
        ("my credit cards were both blocked", ("credit card",)),
        ("ошибка в мобильном приложении", ("мобильное приложение",)),
        ("по кредитной карте списали деньги, на сайте ошибка", ("кредитная карта", "сайт")),
    ],
)
def test_products_match_on_lemmas(analyzer: Analyzer, text: str, expected: tuple[str, ...]) -> None:
    assert analyzer.analyze(text, now=NOW).entities.products == expected


def test_text_without_entities(analyzer: Analyzer) -> None:
    entities = analyzer.analyze("I was on hold for 45 minutes", now=NOW).entities
    assert entities == type(entities)()


# NOW is 12 June 2024: dates people write without a year or in words resolve to the latest such day.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the card was swallowed on 03/06/2024. nobody helped", datetime.date(2024, 6, 3)),
        ("the engineer came on 9/05 and left a mess", datetime.date(2024, 5, 9)),
        ("в отделении 9.05 мне отказали", datetime.date(2024, 5, 9)),
        ("the engineer came on 20/11 and left", datetime.date(2023, 11, 20)),
        ("it has been broken since the 2nd", datetime.date(2024, 6, 2)),
        ("с 3-го числа нет интернета", datetime.date(2024, 6, 3)),
        ("I paid on the fourth of May", datetime.date(2024, 5, 4)),
        ("оплатила третьего мая", datetime.date(2024, 5, 3)),
        ("привезли двадцать первого апреля", datetime.date(2024, 4, 21)),
        ("звонил дня три назад", datetime.date(2024, 6, 9)),
        ("Я заказал 5-го апреля", datetime.date(2024, 4, 5)),
        ("it stopped working since monday", datetime.date(2024, 6, 10)),
        ("delivered on Oct. 7 and broken", datetime.date(2023, 10, 7)),  # an abbreviation's full stop
        ("I cancelled in October. 7.99 taken on 15 May. Refund pls", datetime.date(2024, 5, 15)),  # a sentence's
    ],
)
def test_dates_as_people_write_them(analyzer: Analyzer, text: str, expected: datetime.date) -> None:
    assert analyzer.analyze(text, now=NOW).entities.dates[:1] == (expected,)


@pytest.mark.parametrize("text", ["it cost £12.10 and 3.5 mm thick", "списали 12.10 руб.", "rated 4.5 stars", "v2.11 crashes"])
def test_amounts_and_versions_are_not_dates(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text, now=NOW).entities.dates == ()
