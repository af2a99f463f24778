"""Absolute and relative dates, resolved against the time of the message (always in the past)."""

from __future__ import annotations

import datetime
import re
import warnings
from collections.abc import Iterator
from functools import lru_cache
from itertools import islice

from nlu.date_rules import find_relative_dates
from nlu.near import SPACES, WORDS, Near, lowered
from nlu.spans import Claims, Found

# a full stop after an abbreviation only ("Oct. 7"): "cancelled in October. 7.99 taken" names no 7 October
_EN_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
             r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)")
_RU_MONTH = r"(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:19|20)\d{2}"
# A full stop after a date ends the sentence ("on 20/11/2026."), a digit after it makes a number.
_NUMERIC = (rf"(?<![\d./-]){_DAY}[./-](?:1[0-2]|0?[1-9])[./-](?:{_YEAR}|\d{{2}})(?![\d/-]|\.\d)"
            rf"|(?<![\d-]){_YEAR}-(?:1[0-2]|0[1-9])-(?:[12]\d|3[01]|0[1-9])(?![\d-])"
            # day and month without the year ("on 17/11", «17.11»): a two-digit month, and not an
            # amount of money ("£12.10", "12.10 руб") or a version ("v1.10")
            rf"|(?<![\d./,£$€₽\w-]){_DAY}[./](?:1[0-2]|0[1-9])(?![\d/-]|\.\d|[ \t]?(?:руб|р\.|₽|€|\$|£|usd|eur|gbp|rub|%|pounds?|dollars?|euros?|kg|mm|cm|km|gb|mb))")
# dateparser takes about a millisecond a phrase: a complaint names a few dates, a message listing
# thousands of them is a table, and only its first ones are read.
MAX_PARSED = 32
_S, _W = SPACES, WORDS  # the reaches of the patterns (nlu.near) from the first digit of a match: a day's, or a year's
_DIGIT_RUN = re.compile("[0-9]+")
_CANDIDATES = {
    "en": Near(re.compile(
        rf"\b{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH}(?:,?\s+{_YEAR})?\b"
        rf"|\b{_EN_MONTH}\s+{_DAY}(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?"
        rf"|{_NUMERIC}",
        re.IGNORECASE,
    ), (), 12 + _S, 26 + 3 * _S, _DIGIT_RUN),
    "ru": Near(re.compile(
        rf"(?<!\w){_DAY}(?:-?(?:го|е))?\s+{_RU_MONTH}(?:\s+{_YEAR}(?:\s*(?:г\.|года|г(?!\w)))?)?|{_NUMERIC}",
        re.IGNORECASE,
    ), (), 2, 16 + 3 * _S + _W, _DIGIT_RUN),
}


@lru_cache(maxsize=4096)
def _parse(phrase: str, lang: str, today: datetime.date) -> datetime.date | None:
    import dateparser

    base = datetime.datetime.combine(today, datetime.time(12))
    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base, "DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # dateparser's own use of ambiguous strptime
        parsed = dateparser.parse(phrase, languages=[lang], settings=settings)
    return parsed.date() if parsed else None


_ORDINAL_ENDING = re.compile(r"(?<=\d)-?(?:го|е)(?=\s)")  # «5-го апреля»: dateparser reads «5 апреля»
_DAY_MONTH = re.compile(r"^(\d{1,2})[./](\d{2})$")


def _day_and_month(found: re.Match[str], today: datetime.date) -> datetime.date | None:
    """"17/11" or «17.11»: the latest such day not after today (dateparser reads them as times)."""
    day, month = int(found.group(1)), int(found.group(2))
    for year in (today.year, today.year - 1):
        try:
            value = datetime.date(year, month, day)
        except ValueError:
            return None
        if value <= today:
            return value
    return None


def warm_up(lang: str) -> None:
    _parse("5 March" if lang == "en" else "5 марта", lang, datetime.date(2000, 1, 1))


_SCRIPTS = {"en": re.compile(r"[A-Za-z]"), "ru": re.compile(r"[\u0400-\u04ff]")}


def _languages(text: str, lang: str) -> list[str]:
    """The message's language, then the other one when its letters are there ("on 20 ноября",
    «с 5 November»): people mix them."""
    lang = lang if lang in _CANDIDATES else "en"
    return [lang, *(other for other in _CANDIDATES if other != lang and _SCRIPTS[other].search(text))]


def _candidates(text: str, lang: str, lower: str | None) -> Iterator[tuple[str, re.Match[str]]]:
    for each in _languages(text, lang):
        for match in _CANDIDATES[each].finditer(text, lower):
            yield each, match


def find_dates(text: str, lang: str, now: datetime.datetime) -> Iterator[Found[datetime.date]]:
    today = now.date()
    claims = Claims(len(text))
    lower = lowered(text)
    for spelled_in, match in islice(_candidates(text, lang, lower), MAX_PARSED):
        if not claims.free(Found(match.start(), match.end(), None)):
            continue  # a numeric date both languages' patterns find
        phrase = _ORDINAL_ENDING.sub("", re.sub(r"\s+", " ", match.group(0).lower()).strip())
        day_and_month = _DAY_MONTH.match(phrase)
        value = _day_and_month(day_and_month, today) if day_and_month else _parse(phrase, spelled_in, today)
        if value is not None and value <= today:
            found = Found(match.start(), match.end(), value)
            claims.claim(found)
            yield found
    for each in _languages(text, lang):
        for found in find_relative_dates(text, each, today, lower):
            if claims.claim(found):
                yield found
