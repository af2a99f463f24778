"""The money a complaint is about, as the service accepts it: an exact, non-negative amount that
fits the stored column, with an ISO 4217 currency code."""

from __future__ import annotations

from decimal import Decimal

from core.errors import ValidationFailed

_WHOLE_DIGITS = 16  # NUMERIC(18, 2)


def check_amount(amount: Decimal | None, currency: str | None) -> None:
    """Refuse an amount the case cannot keep exactly, or one without its currency (and back)."""
    if amount is None and currency is None:
        return
    if amount is None or currency is None:
        raise ValidationFailed("an amount needs its currency, and a currency its amount")
    if len(currency) != 3 or not (currency.isascii() and currency.isalpha() and currency.isupper()):
        raise ValidationFailed(f"the currency must be an ISO 4217 code such as GBP or RUB, not {currency!r}")
    if not amount.is_finite() or amount < 0:
        raise ValidationFailed("the amount must be a number of zero or more")
    if amount.adjusted() >= _WHOLE_DIGITS:
        raise ValidationFailed(f"the amount must be below 10^{_WHOLE_DIGITS}")
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise ValidationFailed("the amount may have at most two decimal places")
