"""Russian typed in Latin letters, in a conversation started in Russian (a Telegram client's
language, ``chat --lang ru``): the bot stays Russian and reads what was said."""

from __future__ import annotations

from core.commands import Identity
from tests.support.catalog import say
from tests.support.dialogue import Chat

RU = "ru"
OPENING = ("Dobryy den. 2 noyabrya privezli zakaz nomer 61234, on protekaet. Hochu vernut dengi. "
           "Pavel Lebedev, pavel.l@example.ru")


async def test_a_transliterated_complaint_in_a_russian_session(chat: Chat) -> None:
    chat.language_hint = RU
    answer = await chat.user(OPENING)
    assert say("bot.consent.notice", RU) in answer
    assert await chat.user("da") == say("bot.ask.product", RU), "only the product was not said"
    summary = await chat.user("pylesos")
    assert "2 ноября 2026" in summary and "61234" in summary and "вернуть деньги" in summary
    assert "Pavel Lebedev" in summary and "пылесос" in summary
    done = await chat.press("confirm:submit")
    case = (await chat.dialogue.core.queries.cases_of(Identity("console", "alice")))[0]
    assert case.reference in done and "рабочих" in done
    assert case.language == RU and case.order_number == "61234"
    assert case.description == OPENING, "the story is kept as the person wrote it"


async def test_short_latin_answers_never_switch_a_russian_session(chat: Chat) -> None:
    chat.language_hint = RU
    await chat.user("Bosch")
    assert (await chat.session()).lang == RU
    await chat.user("ok")
    assert (await chat.session()).lang == RU


async def test_a_translit_opening_without_a_hint_is_russian(chat: Chat) -> None:
    answer = await chat.user("u menya slomalas kofemashina, hochu zamenu")
    assert say("bot.consent.notice", RU) in answer
    assert (await chat.session()).lang == RU


async def test_an_informal_request_is_the_outcome(chat: Chat) -> None:
    await chat.user("kofemashina slomalas cherez nedelyu. verni dengi")
    await chat.user("da")
    assert (await chat.session()).slots["desired_outcome"] == "верни деньги"


async def test_a_clear_message_in_the_other_language_is_answered_in_it(chat: Chat) -> None:
    chat.language_hint = RU
    answer = await chat.user("My new kettle started leaking two days after I bought it")
    assert say("bot.consent.notice", "en") in answer
    assert (await chat.session()).lang == "en"
