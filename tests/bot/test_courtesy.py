"""Thanks and greetings told from everything else (bot/courtesy.py)."""

from __future__ import annotations

import pytest

from bot.courtesy import is_acknowledgement, is_greeting, is_thanks


@pytest.mark.parametrize("text", ["many thanks", "thx!!", "brilliant, cheers", "спасибо вам", "благодарю за помощь",
                                  "spasibo bolshoe"])
def test_thanks(text: str) -> None:
    assert is_thanks(text) and not is_greeting(text)


@pytest.mark.parametrize("text", ["hey", "Good evening, everyone", "приветствую", "доброго дня!", "hiya again"])
def test_greetings(text: str) -> None:
    assert is_greeting(text) and not is_thanks(text)


@pytest.mark.parametrize("text", ["no thanks", "thanks but the refund never arrived", "hi, my card is blocked",
                                  "добрый день, курьер не приехал", "thank you for nothing",
                                  "some day", "one day last week"])
def test_neither(text: str) -> None:
    assert not is_thanks(text) and not is_greeting(text)


@pytest.mark.parametrize("text", ["ok", "Got it.", "понятно", "ладно, хорошо", "ok cool"])
def test_acknowledgements(text: str) -> None:
    assert is_acknowledgement(text)


@pytest.mark.parametrize("text", ["ok but the parcel is still missing", "i", "понятно, но деньги не вернули"])
def test_no_acknowledgement(text: str) -> None:
    assert not is_acknowledgement(text)


@pytest.mark.parametrize("text", ["thank you for getting back to me so quickly", "спасибо, что так быстро разобрались",
                                  "much appreciated, have a good weekend"])
def test_thanks_for_something(text: str) -> None:
    assert is_thanks(text)


@pytest.mark.parametrize("text", ["hey, is anybody there?", "hi bot, how are you doing", "алло, кто-нибудь есть?"])
def test_greetings_with_small_talk(text: str) -> None:
    assert is_greeting(text)


@pytest.mark.parametrize("text", ["hi, yes", "hello, help", "thanks for the update but it is still broken",
                                  "thank you for replacing the fridge, now the freezer door is cracked"])
def test_courtesy_with_something_else_is_neither(text: str) -> None:
    assert not is_greeting(text) and not is_thanks(text)
