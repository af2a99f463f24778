"""Order, account, invoice and contract numbers named as such ("order #A-5521", "номер счёта 4081...",
"№ 123"), in either language whatever the message's: people mix them ("мой order 55821", "(заказ 12001)")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nlu.spans import Found

# The value is a whole run of at most 30 characters, so its digit is among the first 30: a look-ahead
# bounded so does not read a long run again from every place the value is tried (quadratic).
# Letters of either alphabet: «полис № КВ-557201», «заказ №А7731»; a day with its ending («5-го») is none.
_CHAR = "A-Za-z0-9\u0410-\u044f\u0401\u0451"
_VALUE = rf"#?\s?(?!\d{{1,4}}-[\u0430-\u044f\u0451]{{1,3}}(?![\w-]))((?=[{_CHAR}-]{{0,29}}\d)[{_CHAR}](?:[{_CHAR}]|-(?=[{_CHAR}])){{2,29}})(?![\w-])"
_NUMBER_WORD = r"(?:\s*(?:number|num\.?|no\.?|nr\.?|#|id|ref(?:erence)?))?"
_LINK = r"(?:\s*(?:is|was|:))?\s*"
_EN = re.compile(
    rf"(?:(?<!\w)№\s*|\b(?:order|invoice|account|acct\.?|contract|booking|transaction|policy|membership|customer|subscription|tracking)"
    rf"{_NUMBER_WORD}{_LINK}){_VALUE}",
    re.IGNORECASE,
)
_RU_THING = r"(?:заказ|сч[её]т|договор|накладн|квитанци|лицев\w*\s+сч[её]т|транзакци|операци|карт|полис|абонент)\w*"
_RU = re.compile(
    rf"(?:(?<!\w)номер\w*\s+{_RU_THING}|(?<!\w){_RU_THING}(?:\s*(?:номер|№|#))?|№)\s*(?:[:—-]\s*)?(?:№\s*)?{_VALUE}",
    re.IGNORECASE,
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")


def find_order_numbers(text: str, lang: str) -> Iterator[Found[str]]:
    """The numbers in order of appearance, those named in the message's language first when two overlap."""
    patterns = [_RU, _EN] if lang == "ru" else [_EN, _RU]
    other = _LATIN if lang == "ru" else _CYRILLIC
    if not other.search(text):
        patterns = patterns[:1]
    found = [
        (match.start(1), rank, Found(match.start(1), match.end(1), match.group(1).upper()))
        for rank, pattern in enumerate(patterns)
        for match in pattern.finditer(text)
    ]
    for _, _, item in sorted(found, key=lambda entry: (entry[0], entry[1])):
        yield item
