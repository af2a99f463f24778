"""Order, account, invoice and contract numbers named as such ("order #A-5521", "номер счёта 4081...")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nlu.spans import Found

# The value is a whole run of at most 30 characters, so its digit is among the first 30: a look-ahead
# bounded so does not read a long run again from every place the value is tried (quadratic).
_VALUE = r"#?\s?((?=[A-Za-z0-9-]{0,29}\d)[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){2,29})(?![\w-])"
_NUMBER_WORD = r"(?:\s*(?:number|num\.?|no\.?|nr\.?|#|id|ref(?:erence)?))?"
_LINK = r"(?:\s*(?:is|was|:))?\s*"
_EN = re.compile(
    rf"\b(?:order|invoice|account|acct\.?|contract|booking|transaction|policy|membership|customer|subscription|tracking)"
    rf"{_NUMBER_WORD}{_LINK}{_VALUE}",
    re.IGNORECASE,
)
_RU_THING = r"(?:заказ|сч[её]т|договор|накладн|квитанци|лицев\w*\s+сч[её]т|транзакци|операци|карт|полис|абонент)\w*"
_RU = re.compile(
    rf"(?:(?<!\w)номер\w*\s+{_RU_THING}|(?<!\w){_RU_THING}(?:\s*(?:номер|№|#))?|№)\s*(?:[:—-]\s*)?(?:№\s*)?{_VALUE}",
    re.IGNORECASE,
)


def find_order_numbers(text: str, lang: str) -> Iterator[Found[str]]:
    pattern = _RU if lang == "ru" else _EN
    for match in pattern.finditer(text):
        yield Found(match.start(1), match.end(1), match.group(1).upper())
