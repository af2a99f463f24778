"""The ``amount`` slot's value: an exact amount and its ISO 4217 code as one string ("649 GBP",
"45.50 RUB"), as sessions keep slots; read back for the case and for the person."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from nlu.analysis_result import Money


def as_value(money: Money) -> str:
    return f"{money.amount} {money.currency}"


def parsed(value: str) -> tuple[Decimal, str] | None:
    """The amount and currency of a slot value; None when it is not one (an answer kept for review)."""
    parts = value.split()
    if len(parts) != 2 or len(parts[1]) != 3 or not parts[1].isalpha():
        return None
    try:
        amount = Decimal(parts[0])
    except InvalidOperation:
        return None
    return (amount, parts[1].upper()) if amount.is_finite() and amount >= 0 else None
