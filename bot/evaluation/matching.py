"""Whether a stored slot value is what the person meant. Free text (a product, an outcome, a place,
a name) matches when every word of an acceptable value is there (Russian endings aside) and little
else is: "the washing machine, I literally just told you" is not "Bosch washing machine"."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

_STEM = 5  # words this long or longer match on their first letters ("машину" ~ "машина")
_FREE_TEXT_SLACK = 3  # words a free-text value may have beyond the expected ones
_CURRENCIES = {"£": "GBP", "gbp": "GBP", "pounds": "GBP", "pound": "GBP", "фунтов": "GBP", "$": "USD", "usd": "USD",
               "dollars": "USD", "долларов": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
               "евро": "EUR", "₽": "RUB", "rub": "RUB", "руб": "RUB", "рублей": "RUB", "рубля": "RUB", "р": "RUB"}


def words(text: str) -> list[str]:
    """The runs of letters and digits (no regular expression: the evaluation adds none to ``bot``)."""
    found: list[str] = []
    current: list[str] = []
    for char in text.lower().replace("ё", "е"):
        if char.isalnum():
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def _only(text: str, keep: str) -> str:
    return "".join(c for c in text if (c.isdigit() if keep == "digits" else c.isalnum()))


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    return len(a) >= _STEM and len(b) >= _STEM and a[:_STEM] == b[:_STEM]


def free_text(stored: str, expected: str) -> bool:
    wanted, said = words(expected), words(stored)
    if not wanted:
        return not said
    if not all(any(_same_word(w, s) for s in said) for w in wanted):
        return False
    return len(said) <= len(wanted) + _FREE_TEXT_SLACK


def name(stored: str, expected: str) -> bool:
    wanted, said = words(expected), words(stored)
    return bool(wanted) and all(any(_same_word(w, s) for s in said) for w in wanted) and len(said) <= len(wanted) + 1


def code(stored: str, expected: str) -> bool:
    """Order and account numbers: letters and digits only, case-insensitive."""
    wanted = _only(expected, "alnum").upper()
    return bool(wanted) and _only(stored, "alnum").upper() == wanted


def phone(stored: str, expected: str) -> bool:
    got, wanted = _only(stored, "digits"), _only(expected, "digits")
    return len(wanted) >= 7 and got[-10:] == wanted[-10:]


def amount(stored: str, expected: str) -> bool:
    """``"45 GBP"`` against what the case keeps (a number and a currency in any spelling)."""
    def parse(text: str) -> tuple[Decimal | None, str | None]:
        lowered = text.lower().replace("\u00a0", " ")
        first = next((i for i, c in enumerate(lowered) if c.isdigit()), None)
        value: Decimal | None = None
        if first is not None:
            end = first
            while end < len(lowered) and (lowered[end].isdigit() or lowered[end] in " ,."):
                end += 1
            raw = "".join(lowered[first:end].split()).rstrip(".,")
            raw = raw.replace(",", ".") if raw.count(",") == 1 and len(raw.split(",")[1]) <= 2 else raw.replace(",", "")
            try:
                value = Decimal(raw)
            except InvalidOperation:
                value = None
        currency = next((code for token, code in _CURRENCIES.items() if token in words(lowered) or
                         (not token.isalpha() and token in lowered)), None)
        for iso in ("GBP", "USD", "EUR", "RUB"):
            if iso.lower() in lowered:
                currency = iso
        return value, currency
    got, want = parse(stored), parse(expected)
    return got[0] is not None and got[0] == want[0] and (want[1] is None or got[1] == want[1])


def matches(slot: str, stored: str, expected: str) -> bool:
    """Whether ``stored`` (what the case keeps for ``slot``) is ``expected``."""
    if slot in ("incident_date", "category"):
        return stored.strip().lower() == expected.strip().lower()
    if slot == "email":
        return stored.strip().lower() == expected.strip().lower()
    if slot == "phone":
        return phone(stored, expected)
    if slot == "order_number":
        return code(stored, expected)
    if slot == "amount":
        return amount(stored, expected)
    if slot == "name":
        return name(stored, expected)
    if slot == "description":  # the story kept: it holds what the person said first
        return all(any(_same_word(w, s) for s in words(stored)) for w in words(expected))
    return free_text(stored, expected)
