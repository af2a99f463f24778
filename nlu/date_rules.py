"""Relative dates resolved by rule: "yesterday", "3 days ago", "last Tuesday", "в прошлый вторник"."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from nlu.spans import Found

_WEEKDAYS = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "ru": ("понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень"),
}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "couple of": 2, "few": 3,
    "один": 1, "одну": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
    "восемь": 8, "девять": 9, "десять": 10, "пару": 2, "несколько": 3,
}
_UNITS = {"day": 1, "week": 7, "fortnight": 14, "дн": 1, "ден": 1, "сутк": 1, "недел": 7}
_MONTH_UNITS = ("month", "месяц")

_EN_WEEKDAY = "|".join(name + "s?" for name in _WEEKDAYS["en"])
_RU_WEEKDAY = "|".join(stem + r"\w*" for stem in _WEEKDAYS["ru"])
_COUNT = r"(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|couple of|few|один|одну|два|две|три|четыре|пять|шесть|семь|восемь|девять|десять|пару|несколько)"
_PATTERNS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "en": [
        ("offset", re.compile(r"\b(?:the\s+)?day\s+before\s+yesterday\b", re.I)),
        ("offset", re.compile(r"\b(today|tonight|this morning|this afternoon|this evening|yesterday|last night)\b", re.I)),
        ("ago", re.compile(rf"\b{_COUNT}?\s*(days?|weeks?|fortnights?|months?)\s+ago\b", re.I)),
        ("weekday", re.compile(rf"\b(last|this past|past|on|this)\s+({_EN_WEEKDAY})\b", re.I)),
    ],
    "ru": [
        ("offset", re.compile(r"(?<!\w)(сегодня|вчера|позавчера|позапозавчера|вчерашн\w*|сегодняшн\w*)(?!\w)", re.I)),
        # The spaces after an optional word belong to that word: "(?<!\w)" holds at every space of a
        # long run, and a bare "\s*" there would read the rest of the run from each one (quadratic).
        ("ago", re.compile(rf"(?<!\w)(?:{_COUNT}\s*)?(дн\w*|день|сутк\w*|сутки|недел\w*|месяц\w*)\s+назад(?!\w)", re.I)),
        ("weekday", re.compile(rf"(?<!\w)(?:(?:в|во)\s+)?(?:(прошл\w*|эт\w*|позапрошл\w*)\s*)?({_RU_WEEKDAY})(?!\w)", re.I)),
    ],
}
_OFFSETS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "yesterday": 1, "last night": 1,
    "day before yesterday": 2, "сегодня": 0, "сегодняшн": 0, "вчера": 1, "вчерашн": 1, "позавчера": 2, "позапозавчера": 3,
}


def _offset(phrase: str) -> int:
    phrase = re.sub(r"\s+", " ", phrase.lower().removeprefix("the ").strip())
    for key in sorted(_OFFSETS, key=len, reverse=True):
        if phrase.startswith(key):
            return _OFFSETS[key]
    return 0


def _ago(count: str | None, unit: str, today: datetime.date) -> datetime.date:
    number = int(count) if count and count.isdigit() else _NUMBERS.get((count or "one").lower(), 1)
    unit = unit.lower()
    if unit.startswith(_MONTH_UNITS):
        month_index = today.year * 12 + today.month - 1 - number
        year, month = divmod(month_index, 12)
        for day in (today.day, 30, 29, 28):
            try:
                return datetime.date(year, month + 1, day)
            except ValueError:
                continue
    per = next((days for stem, days in _UNITS.items() if unit.startswith(stem)), 1)
    return today - datetime.timedelta(days=number * per)


def _weekday(lang: str, modifier: str | None, name: str, today: datetime.date) -> datetime.date:
    index = next(i for i, stem in enumerate(_WEEKDAYS[lang]) if name.lower().startswith(stem))
    back = (today.weekday() - index) % 7
    modifier = (modifier or "").lower()
    strictly_past = modifier.startswith(("last", "past", "this past", "прошл", "позапрошл"))
    if back == 0 and strictly_past:
        back = 7
    if modifier.startswith("позапрошл"):
        back += 7
    return today - datetime.timedelta(days=back)


def find_relative_dates(text: str, lang: str, today: datetime.date) -> Iterator[Found[datetime.date]]:
    for kind, pattern in _PATTERNS.get(lang, []):
        for match in pattern.finditer(text):
            if kind == "offset":
                value = today - datetime.timedelta(days=_offset(match.group(0)))
            elif kind == "ago":
                value = _ago(match.group(1), match.group(2), today)
            else:
                value = _weekday(lang, match.group(1), match.group(2), today)
            yield Found(match.start(), match.end(), value)
