"""Personal data taken out of survey comments (nlu/anonymise.py): names, addresses, phones, order
numbers and references become marks, ordinary words stay."""

from __future__ import annotations

import pytest

from nlu.anonymise import PersonalDataAnonymiser

ANONYMISER = PersonalDataAnonymiser("CD", keep=["Bosch Serie 4", "Example Services Ltd"])


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "Thanks to Priya for sorting order #A-5521, call me on +44 20 7946 0958 or jane.doe@example.com",
     "Thanks to [name] for sorting order #[order], call me on [phone] or [email]"),
    ("en", "Priya Raman was great. My Bosch works now. I was happy in May. CD-7K3M-9QXA",
     "[name] was great. My Bosch works now. I was happy in May. [reference]"),
    ("en", "Mr Smith never called back. The ATM ate my card", "[name] never called back. The ATM ate my card"),
    ("en", "Quick and polite. Example Services Ltd did well", "Quick and polite. Example Services Ltd did well"),
    ("ru", "Спасибо Ивану Петрову, всё решили. Мой номер +7 916 123-45-67, заказ 12345",
     "Спасибо [name], всё решили. Мой номер [phone], заказ [order]"),
    ("ru", "Ольга помогла быстро, пишите на olga@mail.ru. Вопрос решён", "[name] помогла быстро, пишите на [email]. Вопрос решён"),
])
def test_personal_data_becomes_marks(lang: str, text: str, expected: str) -> None:
    assert ANONYMISER.anonymise(text, lang) == expected
