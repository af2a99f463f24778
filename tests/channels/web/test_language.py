"""Which language a page is shown in when nothing asks for one: the browser's Accept-Language."""

from __future__ import annotations

import pytest

from channels.web.language import accepted_language


@pytest.mark.parametrize(("header", "expected"), [
    ("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "ru"),
    ("en-GB,en;q=0.9,ru;q=0.8", "en"),
    ("de-DE,de;q=0.9,ru;q=0.5,en;q=0.4", "ru"),
    ("en;q=0.2, ru;q=0.8", "ru"),
    ("RU", "ru"),
    ("fr, de", None),
    ("ru;q=0, en;q=0.1", "en"),
    ("ru;q=abc, en", "en"),
    ("", None),
    ("x," * 10_000 + "ru", None),  # only the first twenty entries are read
])
def test_the_first_of_our_languages_by_weight(header: str, expected: str | None) -> None:
    assert accepted_language(header) == expected
