"""Whether a message says something (bot/substance.py): words, not mashing, laughter or noise."""

from __future__ import annotations

import pytest

from bot.substance import has_substance


@pytest.mark.parametrize("text", ["hjkl", "dfgdfg", "wertyu", "ahahahah", "lmaooo", "?!?!", "👍👍", "....", "42",
                                  "hmm, ok", "testing 1 2 3", "ыыыыы", "ололо", "ячсмить", "хаххах", "блаблабла"])
def test_no_substance(text: str) -> None:
    assert not has_substance(text)


@pytest.mark.parametrize("text", ["the boiler is dead", "refund", "my card was blocked", "wifi router",
                                  "посылка не пришла", "пылесос", "сломался", "zakaz ne prishel", "gym membership",
                                  "mama", "Priya Raman", "x" * 600])
def test_substance(text: str) -> None:
    assert has_substance(text)
