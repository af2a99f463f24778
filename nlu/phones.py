"""Telephone numbers, returned in E.164."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import phonenumbers
from phonenumbers import PhoneMetadata

from nlu.spans import Found

_DIGITS = re.compile(r"\d")
_MIN_DIGITS = 7
# Where a number may be: a run of digits with the marks numbers are written with. The matcher is
# run on these windows (and a character either side) only: on a whole long narrative it costs
# milliseconds.
_RUN = re.compile(r"\+?\(?\d[\d \t().\-\u00a0]{5,24}\d")
_CONTEXT = 1


# The fewest digits of a number written with its country code, in every country (a code of two
# digits and a number of four, in Germany, Austria, Iran: tests/nlu/test_phones.py asks phonenumbers).
FEWEST_INTERNATIONAL = 6


def shortest_national(metadata: PhoneMetadata | None) -> int:
    lengths = metadata.general_desc.possible_length if metadata is not None and metadata.general_desc else ()
    return min(lengths, default=1)


@cache
def fewest_digits(region: str) -> int:
    """The fewest digits a valid number can be written with where ``region``'s numbers are read: a
    number of that region, or a country code and a number of its country."""
    return min(FEWEST_INTERNATIONAL, shortest_national(PhoneMetadata.metadata_for_region(region.upper())))


def find_phones(text: str, region: str) -> Iterator[Found[str]]:
    if len(_DIGITS.findall(text)) < _MIN_DIGITS:
        return
    fewest = fewest_digits(region)
    for run in _RUN.finditer(text):
        start = max(0, run.start() - _CONTEXT)
        window = text[start:run.end() + _CONTEXT]
        if len(_DIGITS.findall(window)) < fewest:  # an amount, a year, a short order number: no phone number
            continue
        for match in phonenumbers.PhoneNumberMatcher(window, region, leniency=phonenumbers.Leniency.VALID):
            yield Found(start + match.start, start + match.end,
                        phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164))
