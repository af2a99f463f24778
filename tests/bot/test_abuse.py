"""Abuse told from anger (bot/abuse.py): insults alone, swearing in any disguise, and a real
complaint said angrily."""

from __future__ import annotations

import pytest

from bot.abuse import only_abuse, swearing


@pytest.mark.parametrize("text", ["you pathetic morons", "b1tch", "screw you", "f u c k . o f f", "s.h.i.t bot",
                                  "бесполезный робот", "вы все идиоты", "сука", "пиzдец", "отвали, урод"])
def test_abuse_alone(text: str) -> None:
    assert only_abuse(text)


@pytest.mark.parametrize("text", ["the blade is dumb and blunt, it cut nothing since day one",
                                  "your idiot driver reversed into my car on 3 November",
                                  "тупой нож из набора сломался на второй день", "Dick Turner, order 55120 is missing",
                                  "the shitake mushrooms were mouldy", "thanks for nothing, the fridge still leaks"])
def test_a_complaint_said_angrily_is_no_abuse(text: str) -> None:
    assert not only_abuse(text)


@pytest.mark.parametrize("text", ["this f**king phone died", "ваш бл*дский курьер", "fvck this bank", "shiiiit"])
def test_swearing_in_disguise(text: str) -> None:
    assert swearing(text)


@pytest.mark.parametrize("text", ["the piston seized", "Scunthorpe store", "I was charged twice", "хлеб"])
def test_no_swearing(text: str) -> None:
    assert not swearing(text)
