"""A history with known recurring issues and survey comments holding personal data, for the
report's tests (tests/channels/reporting/test_issues_and_comments.py): the period and the one before it are
those of tests/support/report_cases.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.case_rows import case_row, complainant_row, insert_rows, rating_row
from tests.support.report_cases import at

# (index, received, category, product, language, description)
IN_PERIOD = [
    (11, at(9, 10), "billing", "Card", "en", "I was charged twice for my order, please refund the double charge"),
    (12, at(10, 11), "billing", "Card", "en", "You charged me twice for the same order. I want the duplicate charge refunded."),
    (13, at(12, 12), "billing", None, "en", "Double charge on my card for one order, charged twice!"),
    (14, at(13, 9), "billing", "Premium plan", "en", "My invoice shows the wrong amount for the subscription"),
    (15, at(16, 9), "billing", "Premium plan", "en", "The subscription invoice amount is wrong again"),
    (16, at(17, 9), "billing", None, "en", "Nobody answers the phone when I ring the helpline"),
    (17, at(18, 9), "delivery", "Courier", "en", "Parcel never arrived, tracking says delivered but nothing came"),
    (18, at(19, 9), "delivery", "Courier", "en", "My parcel was marked delivered but never arrived"),
    (19, at(20, 9), "billing", "Карта", "ru", "Деньги списали дважды за один заказ, верните двойное списание"),
    (20, at(21, 9), "billing", "Карта", "ru", "Списали деньги дважды за заказ! Верните деньги"),
]
PREVIOUS = [
    (21, at(27, 9, month=10), "billing", "Card", "en", "Charged twice for an order, refund the double charge"),
    (22, at(2, 9), "billing", "Card", "en", "Charged twice again for my order"),
    (23, at(3, 9), "delivery", "Courier", "en", "The parcel never arrived"),
    (24, at(4, 9), "billing", None, "en", "Hello, I want to speak to a manager about my contract terms"),
]
AFTER = [(25, at(24, 9), "billing", "Card", "en", "Charged twice for my order again")]
ERASED = 26  # in the period, its words erased: not read
# The groups the period's complaints fall into, largest first, then latest first: (references,
# previous period's complaints alike).
GROUPS = [({"CMP-00000011", "CMP-00000012", "CMP-00000013"}, 2), ({"CMP-00000019", "CMP-00000020"}, 0),
          ({"CMP-00000017", "CMP-00000018"}, 1), ({"CMP-00000014", "CMP-00000015"}, 0)]
# Personal data in the comments below, none of which any report may show.
PERSONAL = ("Priya", "Raman", "priya.raman", "7946", "0958", "A-5521", "Olga", "Ивану", "Петрову", "916", "4567",
            "ivan@example.ru", "CD-7K3M-9QXA")


def _case(index: int, received: datetime, category: str, product: str | None, lang: str, text: str,
          complainant: int = 0) -> dict[str, Any]:
    row = case_row(index, received, category=category, product=product, complainant=complainant)
    row.update(description=text, language=lang)
    return row


async def insert_issue_history(engine: AsyncEngine) -> None:
    people = [complainant_row(0, at(1, 9)), complainant_row(1, at(1, 9)), complainant_row(2, at(1, 9))]
    people[1].update(name="Priya Raman", email="priya.raman@example.com", phone="+442079460958")
    people[2].update(name="Иван Петров", email="ivan@example.ru", phone="+79161234567", language="ru")
    cases = [_case(*item, complainant=1 if item[0] == 11 else 2 if item[0] == 19 else 0)
             for item in [*IN_PERIOD, *PREVIOUS, *AFTER]]
    erased = _case(ERASED, at(14, 9), "billing", "Card", "en", "[erased]")
    erased["erased_at"] = at(22, 9)
    cases[0]["order_number"] = "A-5521"
    ratings = [
        rating_row(11, 2, at(20, 9), agent="U2", comment=(
            "Thanks to Olga, but Priya Raman should not have to ring 020 7946 0958 twice!\n"
            "Write to priya.raman@example.com about order #A-5521 (CMP-00000011, also CD-7K3M-9QXA).")),
        rating_row(19, 5, at(21, 10), agent="U1", comment=(
            "Спасибо Ивану Петрову, всё решили быстро. Мой телефон 8 916 123-45-67, почта ivan@example.ru")),
        rating_row(17, 4, at(22, 10), comment="Quick and polite"),
    ]
    await insert_rows(engine, people, [*cases, erased], (), ratings)
