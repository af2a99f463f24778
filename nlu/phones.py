"""Telephone numbers, returned in E.164."""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from nlu.spans import Found

_DIGITS = re.compile(r"\d")
_MIN_DIGITS = 7
# Where a number may be: a run of digits with the marks numbers are written with. The matcher is
# run on these windows (and a character either side) only: on a whole long narrative it costs
# milliseconds.
_RUN = re.compile(r"\+?\(?\d[\d \t().\-\u00a0]{5,24}\d")
_CONTEXT = 1


def find_phones(text: str, region: str) -> Iterator[Found[str]]:
    if len(_DIGITS.findall(text)) < _MIN_DIGITS:
        return
    for run in _RUN.finditer(text):
        start = max(0, run.start() - _CONTEXT)
        window = text[start:run.end() + _CONTEXT]
        for match in phonenumbers.PhoneNumberMatcher(window, region, leniency=phonenumbers.Leniency.VALID):
            yield Found(start + match.start, start + match.end,
                        phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164))
