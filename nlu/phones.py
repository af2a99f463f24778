"""Telephone numbers, returned in E.164."""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from nlu.spans import Found

_DIGITS = re.compile(r"\d")
_MIN_DIGITS = 7


def find_phones(text: str, region: str) -> Iterator[Found[str]]:
    if len(_DIGITS.findall(text)) < _MIN_DIGITS:
        return
    for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
        yield Found(match.start, match.end, phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164))
