"""The offer of the external body answered in words, English and Russian (transliterated too): a
clear yes refers the complaint, a clear no (or "close it") declines, anything unclear is neither."""

from __future__ import annotations

import pytest

from bot.referral import wants_referral


@pytest.mark.parametrize("text", [
    "yes", "Yes please", "ok", "sure, go ahead", "refer it", "Please take it to the ombudsman",
    "I want an independent review", "I don't mind, pass it on",
    "да", "Да, передайте", "передавайте", "направьте жалобу омбудсмену", "я не против", "da, peredavaite",
])
def test_a_yes_takes_the_referral_up(text: str) -> None:
    assert wants_referral(text) is True


@pytest.mark.parametrize("text", [
    "no", "No thanks", "no, just close it", "Please close my complaint", "don't refer it", "do not send it anywhere",
    "нет", "Нет, закройте жалобу", "нет, не надо", "не передавайте", "закрывайте", "net, zakroite",
])
def test_a_no_declines_it(text: str) -> None:
    assert wants_referral(text) is False


@pytest.mark.parametrize("text", [
    "not sure", "what does that mean?", "hello", "thanks", "не знаю", "подумаю",
    "The second charge was never refunded and I have written to you three times already about it, this is unacceptable",
])
def test_anything_unclear_is_neither(text: str) -> None:
    assert wants_referral(text) is None
