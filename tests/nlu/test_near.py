"""Patterns tried near their words (:mod:`nlu.near`) find what a scan of the whole text finds."""

from __future__ import annotations

import random
import re

import pytest

from nlu import date_rules, dates, near

_NEARS = {f"{lang}:{kind}:{index}": found for lang in ("en", "ru")
          for index, (kind, found) in enumerate(date_rules._PATTERNS[lang])}
_NEARS |= {f"candidates:{lang}": found for lang, found in dates._CANDIDATES.items()}
S, W = near.SPACES, near.WORDS
# Phrases of the patterns' shapes; each word is given a stretch of up to W + 1 letters and each gap
# up to S + 2 spaces, so that matches reach the bounds of nlu.near and beyond.
_PHRASES = (
    "the day before yesterday", "last night", "this afternoon", "today", "couple of weeks ago", "3 days ago", "a fortnight ago",
    "this past wednesday", "since Tuesdays", "on the 12th", "twenty-first of may", "Thirtieth June", "5th of sept., 2024",
    "November 17 2023", "17/11", "1.2.2023", "2024-05-06", "12.10 руб", "несколько дней назад", "5дней назад",
    "недели две назад", "позапозавчера", "вчерашний", "во позапрошлую среду", "эту пятницу", "5-го числа",
    "двадцать пятого мая", "5-го ноября 2024 года", "17 января 2023 г.", "3 мая", "ᲀчера", "ſince monday", "İ",
)
_STRETCHES = {"й": "й", "ы": "ы", "и": "и", "я": "я", "s": "s", "y": "y", "o": "o", "а": "а", "a": "a"}
_GAPS = (" ", "\t", "\n", ", ", "-", "", ". ")


def _phrase(rnd: random.Random) -> str:
    words = []
    for word in rnd.choice(_PHRASES).split(" "):
        if rnd.random() < 0.3 and word[-1:] in _STRETCHES:
            word += word[-1] * rnd.randint(1, W + 1 - min(W, len(word)) + rnd.randint(0, 2))
        if rnd.random() < 0.2:
            word = word.upper()
        words.append(word)
    gap = " " * rnd.choice((1, 1, 2, rnd.randint(1, S + 2)))
    return gap.join(words)


def _text(rnd: random.Random) -> str:
    return "".join(_phrase(rnd) + rnd.choice(_GAPS) * rnd.randint(1, 3) for _ in range(rnd.randint(1, 12)))


def _spans(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    assert isinstance(matches, list)
    return [(match.span(), match.groups()) for match in matches]


@pytest.mark.parametrize("name", sorted(_NEARS))
def test_a_pattern_near_its_words_finds_what_the_whole_text_has(name: str) -> None:
    found = _NEARS[name]
    rnd = random.Random(name)
    for _ in range(3000):
        text = _text(rnd)
        assert _spans(list(found.finditer(text, near.lowered(text)))) == _spans(list(found.pattern.finditer(text))), text


def test_the_folded_letters_are_all_those_ignorecase_takes_for_another() -> None:
    letters = "abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    folded = {char for char in re.findall(f"[{letters}]", every, re.IGNORECASE)
              if len(char.lower()) != 1 or char.lower() not in letters}
    assert folded <= set(re.findall(near._FOLDED.pattern, every))
