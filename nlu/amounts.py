"""The amount a complaint is about, among the amounts a message names: the one paid, charged,
taken or wanted back ("I was charged £649 ... the £5 delivery fee"), else the first."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation

from nlu.analysis_result import Money
from nlu.spans import Claims, Found

_BEFORE, _AFTER = 48, 24  # characters of context read on each side of an amount
# Word starts that tie an amount to the complaint: paying, being charged, costs, refunds.
_CUES = ("paid", "pay ", "payed", "charg", "cost", "price", "spent", "debit", "took", "taken", "billed", "overcharg",
         "refund", "back", "return", "reimburs", "owe", "worth", "for ", "bought",
         "заплат", "оплат", "списа", "сняли", "снято", "стоил", "стоимост", "цена", "за ", "потрат", "верн", "возвр",
         "возмест", "компенс", "купил", "покупк", "переплат", "долж")
# Cues of an amount wanted back, which is what the complaint is about more than one merely charged
# ("overcharged £15 a month ... Want the £45 back").
_WANTED = ("want", "refund", "back", "return", "reimburs", "верн", "возвр", "возмест", "компенс", "хочу")
# What was offered instead is not what the complaint is about ("a £10 voucher", «скидка 500 рублей»).
_OFFERS = ("voucher", "discount", "gift card", "credit of", "goodwill", "скидк", "бонус", "промокод", "сертификат")


def main_amount(text: str, found: Sequence[Found[Money]]) -> Money | None:
    """The amount among ``found`` (finds in ``text``) with the most cues around it, a cue before it
    counting twice ("you charged me $95"); the first on a tie."""
    best: Money | None = None
    best_score = -1_000
    for item in found:
        before = text[max(0, item.start - _BEFORE):item.start].lower()
        after = text[item.end:item.end + _AFTER].lower()
        score = sum(2 * (cue in before) + (cue in after) for cue in _CUES)
        score += sum(4 * (cue in before[-_AFTER:]) + 3 * (cue in after) for cue in _WANTED)
        score -= sum(3 * (offer in before[-24:] or offer in after[:16]) for offer in _OFFERS)
        if score > best_score:
            best, best_score = item.value, score
    return best


# A sum written without its currency ("7.99 taken", "they charge me 9.99 a month", «списывают 2 500 в
# месяц»): read only beside a cue of paying, with cents or thousands, in the currency of the
# language's region.
_BARE = re.compile(r"(?<![\w.,£$€₽#№/:-])(\d{1,3}(?:[ \u00a0]\d{3}){1,3}|\d{1,6}[.,]\d{2}|\d{2,6})(?![\w/:-]|[.,]\d|[ \t]?(?:%|x\b))")
_STRONG = ("paid", "pay ", "charg", "cost", "took", "taken", "billed", "spent", "debit", "take ", "taking",
           "заплат", "оплат", "списа", "списыв", "сняли", "снима", "стоил", "переплач", "верн", "возвр", "refund", "back")
_UNITS = re.compile(r"^[ \t]{0,2}(?:months?|weeks?|days?|years?|hours?|minutes?|times?|mins?|people|items?|pcs|"
                    r"мес|нед|дн|лет|год|час|мин|раз|шт|человек)", re.I)
_CURRENCIES = {"GB": "GBP", "IE": "EUR", "US": "USD", "RU": "RUB", "DE": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR"}
_CONTEXT = 24


def bare_amounts(text: str, region: str, claims: Claims) -> Iterator[Found[Money]]:
    """Sums written without a currency beside a cue of paying, on characters no other finding claimed."""
    currency = _CURRENCIES.get(region)
    if currency is None:
        return
    for match in _BARE.finditer(text):
        raw = match.group(1)
        found = Found(match.start(), match.end(), raw)
        if not claims.free(found) or _UNITS.match(text[match.end():match.end() + 12]):
            continue
        near = (text[max(0, match.start() - _CONTEXT):match.start()] + " " + text[match.end():match.end() + _CONTEXT]).lower()
        grouped_or_cents = " " in raw or "\u00a0" in raw or (len(raw) > 3 and raw[-3] in ".,")
        if not any(cue in near for cue in _STRONG) or not (grouped_or_cents or len(raw) >= 2):
            continue
        try:
            amount = Decimal(raw.replace(" ", "").replace("\u00a0", "").replace(",", "."))
        except InvalidOperation:
            continue
        yield Found(match.start(), match.end(), Money(amount, currency))
