"""Two messages from one person at once are handled one after the other; a redelivered message
is not handled twice, and gets the replies it got the first time. On the embedded and the Redis
store."""

from __future__ import annotations

import asyncio

from core.commands import Identity
from tests.support.catalog import say
from tests.support.dialogue import Chat


async def test_two_messages_at_once_are_serialised(chat: Chat) -> None:
    await chat.user("The parcel arrived broken on 20 November and the courier was rude")
    await chat.user("yes")
    assert (await chat.session()).asking == "product"
    first, second = await asyncio.gather(chat.user("home insurance"), chat.user("a full refund"))
    slots = (await chat.session()).slots
    assert slots["product"] == "home insurance" and slots["desired_outcome"] == "a full refund", "no lost slot"
    assert say("bot.ask.desired_outcome", "en") in first and say("bot.ask.name", "en") in second


async def test_two_submits_at_once_make_one_case(chat: Chat) -> None:
    await chat.user("I was charged twice on 5 March for my credit card, I want a refund. My name is John Smith")
    await chat.user("yes")
    await chat.user("john@example.com")
    answers = await asyncio.gather(chat.press("confirm:submit"), chat.press("confirm:submit"))
    assert sum("registered it under reference" in a for a in answers) == 1, "no double submit"
    assert len(await chat.dialogue.core.queries.cases_of(Identity("console", "alice"))) == 1


async def test_a_redelivered_message_is_handled_once_and_answered_the_same(chat: Chat) -> None:
    message = chat.message("The parcel arrived broken on 20 November and the courier was rude", message_id="tg-42")
    first = await chat.send(message)
    assert say("bot.consent.question", "en") in first
    assert await chat.send(message) == first, "the redelivery gets the same replies"
    await chat.user("yes")
    answer = chat.message("home insurance", message_id="tg-44")
    replies = await asyncio.gather(chat.send(answer), chat.send(answer))
    assert replies[0] == replies[1] and say("bot.ask.desired_outcome", "en") in replies[0]
    assert (await chat.session()).asking == "desired_outcome", "handled once: one question further, not two"


async def test_a_redelivered_submission_repeats_the_acknowledgement_without_a_second_case(chat: Chat) -> None:
    await chat.user("I was charged twice on 5 March for my credit card, I want a refund. My name is John Smith")
    await chat.user("yes")
    await chat.user("john@example.com")
    submit = chat.message(choice="confirm:submit", message_id="tg-submit")
    first = await chat.send(submit)
    assert "registered it under reference" in first
    assert await chat.send(submit) == first, "the acknowledgement again, with the same reference"
    assert len(await chat.dialogue.core.queries.cases_of(Identity("console", "alice"))) == 1


async def test_two_people_do_not_wait_for_each_other(chat: Chat) -> None:
    bob = Chat(chat.dialogue, chat.clock, user_id="bob")
    said = await asyncio.gather(chat.user("hello"), bob.user("привет"))
    assert said == [say("bot.greeting.hello", "en") + "\n\n1. New complaint\n2. Check a status",
                    say("bot.greeting.hello", "ru") + "\n\n1. Новая жалоба\n2. Узнать статус"]
