"""Amounts of money with their currency ("$120", "£45.50", "120 EUR", "1 500 руб.")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from nlu.analysis_result import Money
from nlu.spans import Found

# At most 21 digits (a sextillion), in at most six groups of thousands: a match may start at every
# group of a number written with spaces, so an unbounded run of groups would be read again from
# each (quadratic), and turning a number of a million digits into an integer is quadratic too.
_NUMBER = r"(\d{1,3}(?:[,.\u00a0\u202f ]\d{3}){1,6}(?:[.,]\d{1,2})?|\d{1,21}(?:[.,]\d{1,2})?)"
_SCALE = r"(?:\s?(k|thousand|тыс\.?|тысяч[аи]?|million|mln|млн\.?))?"
_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "₽": "RUB"}
_WORDS = (
    ("USD", r"usd|us\s?dollars?|dollars?|bucks|долл(?:ар(?:ов|а|ы)?)?\.?"),
    ("GBP", r"gbp|pounds?(?:\s+sterling)?|quid|фунт(?:ов|а|ы)?(?:\s+стерлингов)?"),
    ("EUR", r"eur|euros?|евро"),
    ("RUB", r"rub|rur|roubles?|rubles?|руб(?:л(?:ей|я|ь|и))?\.?|р\.|₽"),
)
_WORD_CURRENCY = "|".join(f"(?P<{code}>{words})" for code, words in _WORDS)
_CODE_CURRENCY = "|".join(f"(?P<{code}_code>{code.lower()})" for code, _ in _WORDS)
_PATTERN = re.compile(
    rf"(?<![\w.,])(?:(?:us)?(?P<symbol>[$£€₽])\s?{_NUMBER}{_SCALE}"
    rf"|{_NUMBER.replace('(', '(?P<number>', 1)}{_SCALE.replace('(k', '(?P<scale2>k', 1)}\s?(?:{_WORD_CURRENCY})"
    rf"|(?:{_CODE_CURRENCY})\s?{_NUMBER.replace('(', '(?P<number3>', 1)})(?![\w])",
    re.IGNORECASE,
)
_SCALES = {"k": 1000, "thousand": 1000, "тыс": 1000, "тыс.": 1000, "тысяч": 1000, "тысяча": 1000, "тысячи": 1000,
           "million": 1_000_000, "mln": 1_000_000, "млн": 1_000_000, "млн.": 1_000_000}


def _amount(raw: str) -> Decimal | None:
    compact = re.sub(r"[\u00a0\u202f ]", "", raw)
    decimal = re.search(r"[.,](\d{1,2})$", compact)
    whole, fraction = (compact[: decimal.start()], decimal.group(1)) if decimal else (compact, "")
    try:
        return Decimal(re.sub(r"[.,]", "", whole) + (f".{fraction}" if fraction else ""))
    except InvalidOperation:
        return None


def find_money(text: str) -> Iterator[Found[Money]]:
    for match in _PATTERN.finditer(text):
        groups = match.groupdict()
        if groups["symbol"]:
            currency = _SYMBOLS[groups["symbol"]]
            number, scale = match.group(2), match.group(3)
        elif groups["number"]:
            currency = next(code for code, _ in _WORDS if groups[code])
            number, scale = groups["number"], groups["scale2"]
        else:
            currency = next(code for code, _ in _WORDS if groups[f"{code}_code"])
            number, scale = groups["number3"], None
        amount = _amount(number)
        if amount is None:
            continue
        if scale:
            amount *= _SCALES.get(scale.lower(), 1)
        yield Found(match.start(), match.end(), Money(Decimal(int(amount)) if amount == amount.to_integral() else amount, currency))
