"""The amount a complaint is about, among the amounts a message names: the one paid, charged,
taken or wanted back ("I was charged £649 ... the £5 delivery fee"), else the first."""

from __future__ import annotations

from collections.abc import Sequence

from nlu.analysis_result import Money
from nlu.spans import Found

_BEFORE, _AFTER = 48, 24  # characters of context read on each side of an amount
# Word starts that tie an amount to the complaint: paying, being charged, costs, refunds.
_CUES = ("paid", "pay ", "payed", "charg", "cost", "price", "spent", "debit", "took", "taken", "billed", "overcharg",
         "refund", "back", "return", "reimburs", "owe", "worth", "for ", "bought",
         "заплат", "оплат", "списа", "сняли", "снято", "стоил", "стоимост", "цена", "за ", "потрат", "верн", "возвр",
         "возмест", "компенс", "купил", "покупк", "переплат", "долж")
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
        score -= sum(3 * (offer in before[-24:] or offer in after[:16]) for offer in _OFFERS)
        if score > best_score:
            best, best_score = item.value, score
    return best
