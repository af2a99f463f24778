"""Relative dates resolved by rule: "yesterday", "3 days ago", "last Tuesday", "в прошлый вторник"."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from nlu.near import SPACES, WORDS, Near, lowered
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
# Days of the month written as words: "the twentieth of November", «двадцатого ноября».
_EN_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                "eighteenth", "nineteenth", "twentieth")
_RU_ORDINALS = ("перво", "второ", "треть", "четвёрто", "пято", "шесто", "седьмо", "восьмо", "девято", "десято",
                "одиннадцато", "двенадцато", "тринадцато", "четырнадцато", "пятнадцато", "шестнадцато", "семнадцато",
                "восемнадцато", "девятнадцато", "двадцато")
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_RU_MONTHS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр")
_EN_ORDINAL = r"(?:(twenty|thirty)[ -])?(" + "|".join(_EN_ORDINALS) + r")"
_RU_ORDINAL = r"(?:(двадцать|тридцать)[ \t]{1,3})?(" + "|".join(_RU_ORDINALS) + r")(?:го|е|ое|его)"
_EN_MONTH_NAME = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_RU_MONTH_NAME = r"(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
_UNITS = {"day": 1, "week": 7, "fortnight": 14, "дн": 1, "ден": 1, "сутк": 1, "недел": 7}
_MONTH_UNITS = ("month", "месяц")

_EN_WEEKDAY = "|".join(name + "s?" for name in _WEEKDAYS["en"])
_RU_WEEKDAY = "|".join(stem + r"\w*" for stem in _WEEKDAYS["ru"])
_COUNT = r"(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|couple of|few|один|одну|два|две|три|четыре|пять|шесть|семь|восемь|девять|десять|пару|несколько)"
_S, _W = SPACES, WORDS  # the bounds below (nlu.near) hold while no run of spaces or of word characters is longer
_PATTERNS: dict[str, list[tuple[str, Near]]] = {
    "en": [
        ("offset", Near(re.compile(r"\b(?:the\s+)?day\s+before\s+yesterday\b", re.I), ("yesterday",), 12 + 3 * _S, 10)),
        ("offset", Near(re.compile(r"\b(today|tonight|this morning|this afternoon|this evening|yesterday|last night)\b", re.I),
                        ("today", "tonight", "this", "yesterday", "night"), 5, 16)),
        ("ago", Near(re.compile(rf"\b{_COUNT}?\s*(days?|weeks?|fortnights?|months?)\s+ago\b", re.I), ("ago",), 19 + 2 * _S, 4)),
        ("weekday", Near(re.compile(rf"\b(last|this past|past|on|this|since)\s+({_EN_WEEKDAY})\b", re.I), _WEEKDAYS["en"], 9 + _S, 11)),
        # "on the 12th": this month's, or last month's when that day has not come yet
        ("day", Near(re.compile(r"\bthe[ \t]{1,3}(\d{1,2})(?:st|nd|rd|th)\b", re.I), ("the",), 0, 12)),
        ("ordinal", Near(re.compile(rf"\b{_EN_ORDINAL}(?:[ \t]{{1,3}}of)?[ \t]{{1,3}}{_EN_MONTH_NAME}\b", re.I), _EN_ORDINALS, 7, 30)),
    ],
    "ru": [
        ("offset", Near(re.compile(r"(?<!\w)(сегодня|вчера|позавчера|позапозавчера|вчерашн\w*|сегодняшн\w*)(?!\w)", re.I),
                        ("сегодня", "вчера"), 8, _W + 2)),
        # The spaces after an optional word belong to that word: "(?<!\w)" holds at every space of a
        # long run, and a bare "\s*" there would read the rest of the run from each one (quadratic).
        ("ago", Near(re.compile(rf"(?<!\w)(?:{_COUNT}\s*)?(дн\w*|день|сутк\w*|сутки|недел\w*|месяц\w*)\s+назад(?!\w)", re.I),
                     ("назад",), 10 + 2 * _S + _W, 6)),
        # «недели две назад»: the unit first, as people say an approximate count
        ("ago_inverted", Near(re.compile(rf"(?<!\w)(дн[а-яё]{{0,4}}|день|сутк[а-яё]{{0,3}}|недел[а-яё]{{0,3}}|месяц[а-яё]{{0,3}})[ \t]{{1,3}}{_COUNT}[ \t]{{1,3}}назад(?!\w)", re.I),
                              ("назад",), 30, 6)),
        ("weekday", Near(re.compile(rf"(?<!\w)(?:(?:в|во)\s+)?(?:(прошл\w*|эт\w*|позапрошл\w*)\s*)?({_RU_WEEKDAY})(?!\w)", re.I),
                         _WEEKDAYS["ru"], 4 + 2 * _S + _W, _W + 2)),
        ("day", Near(re.compile(r"(?<!\w)(\d{1,2})-?(?:го|е)?[ \t]{1,3}числа(?!\w)", re.I), ("числа",), 10, 7)),
        ("ordinal", Near(re.compile(rf"(?<!\w){_RU_ORDINAL}[ \t]{{1,3}}{_RU_MONTH_NAME}(?!\w)", re.I), _RU_ORDINALS, 12, 30)),
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


def _latest(day: int, month: int | None, today: datetime.date) -> datetime.date | None:
    """The latest date not after today on ``day`` of ``month`` (of this or an earlier month when none)."""
    if month:
        candidates = [(today.year, month), (today.year - 1, month)]
    else:
        candidates = [(year, index + 1) for year, index in
                      (divmod(today.year * 12 + today.month - 1 - back, 12) for back in (0, 1, 2))]
    for year, month_number in candidates:
        try:
            value = datetime.date(year, month_number, day)
        except ValueError:
            continue
        if value <= today:
            return value
    return None


def _ordinal(lang: str, tens: str | None, unit: str, month: str, today: datetime.date) -> datetime.date | None:
    ordinals, months = (_EN_ORDINALS, _EN_MONTHS) if lang == "en" else (_RU_ORDINALS, _RU_MONTHS)
    day = next(i + 1 for i, word in enumerate(ordinals) if unit.lower().replace("ё", "е") == word.replace("ё", "е"))
    day += {"twenty": 20, "thirty": 30, "двадцать": 20, "тридцать": 30}.get((tens or "").lower(), 0)
    month_number = next(i + 1 for i, stem in enumerate(months) if month.lower().startswith(stem))
    return _latest(day, month_number, today)


# Words without which a kind of phrase cannot be there: a pattern that starts with alternatives is
# tried at every position of a long narrative, a substring test is one pass in C.
_NEEDS = {
    "offset": ("today", "tonight", "this ", "yesterday", "night", "сегодня", "вчера"),
    "weekday": (*_WEEKDAYS["en"], *_WEEKDAYS["ru"]),
    "ago": ("ago", "назад"), "ago_inverted": ("назад",), "day": ("the", "числа"),
    "ordinal": (*_EN_MONTHS, "январ", "феврал", "март", "апрел", "мая", "июн", "июл", "август", "сентябр", "октябр",
                "ноябр", "декабр"),
}


def find_relative_dates(text: str, lang: str, today: datetime.date,
                        lower: str | None = None) -> Iterator[Found[datetime.date]]:
    """:param lower: :func:`nlu.near.lowered` of ``text``, when the caller has it"""
    if lower is None:
        lower = lowered(text)
    lower_text = text.lower() if lower is None else lower
    for kind, near in _PATTERNS.get(lang, []):
        needs = _NEEDS.get(kind)
        if needs is not None and not any(map(lower_text.__contains__, needs)):  # map: no generator frames
            continue
        for match in near.finditer(text, lower):
            value: datetime.date | None
            if kind == "offset":
                value = today - datetime.timedelta(days=_offset(match.group(0)))
            elif kind == "ago":
                value = _ago(match.group(1), match.group(2), today)
            elif kind == "ago_inverted":
                value = _ago(match.group(2), match.group(1), today)
            elif kind == "day":
                value = _latest(int(match.group(1)), None, today)
            elif kind == "ordinal":
                value = _ordinal(lang, match.group(1), match.group(2), match.group(3), today)
            else:
                value = _weekday(lang, match.group(1), match.group(2), today)
            if value is not None:
                yield Found(match.start(), match.end(), value)
