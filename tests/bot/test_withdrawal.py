"""Withdrawing and undoing told from complaints that use the same words (bot/withdrawal.py)."""

from __future__ import annotations

import pytest

from bot.withdrawal import wants_undo, wants_withdrawal


@pytest.mark.parametrize("text", ["I'd like to retract my complaint", "withdraw it please", "it's all sorted now, thanks",
                                  "no longer needed", "снимаю претензию, отзываю", "вопрос снят", "неактуально"])
def test_withdrawal(text: str) -> None:
    assert wants_withdrawal(text)


@pytest.mark.parametrize("text", ["is it sorted now?", "please recall the faulty heaters", "отозвать партию утюгов",
                                  "the cash machine would not let me withdraw money", "the heater is still broken"])
def test_no_withdrawal(text: str) -> None:
    assert not wants_withdrawal(text)


@pytest.mark.parametrize("text", ["undo!", "whoops, put it back", "I did not mean to cancel", "упс", "восстановите",
                                  "не надо было отменять, отмените отмену"])
def test_undo(text: str) -> None:
    assert wants_undo(text)


@pytest.mark.parametrize("text", ["верните деньги", "go back to the shop and ask them", "my parcel went back"])
def test_no_undo(text: str) -> None:
    assert not wants_undo(text)
