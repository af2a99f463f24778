"""Intents in any words, in English (issue 15): status with or without a reference, thanks and
greetings, withdrawing a complaint, cancel and undo, abuse, nonsense, and a request for a person
at any point. Each runs on the memory and on the Redis session store, against the real core."""

from __future__ import annotations

import pytest

from bot.messages import InboundAttachment
from core.actors import Actor
from core.commands import Identity
from tests.support.catalog import say
from tests.support.dialogue import Chat

EN = "en"
ALICE = Identity("console", "alice")
STORY = "My new kettle started leaking from the base after two days, I bought it on 3 November"
FULL = ("The dishwasher you installed on 2 November floods the kitchen floor every cycle. I want an engineer to fix it. "
        "Tom Baker, tom.baker@example.com")


async def _submitted(chat: Chat) -> str:
    await chat.user(FULL)
    await chat.user("yes")
    await chat.press("confirm:submit")
    cases = await chat.dialogue.core.queries.cases_of(ALICE)
    assert len(cases) == 1
    return cases[0].reference


async def _messages(chat: Chat, reference: str) -> list[str]:
    """What the complainant has said on the case (a status question must add nothing here)."""
    timeline = await chat.dialogue.core.queries.timeline(reference, Actor.agent("a1"))
    return [entry.kind for entry in timeline if entry.kind.startswith("message")]


def _status_of(reference: str) -> str:
    return say("bot.status.detailed", EN, reference=reference, status="").split(":")[0]


# -- status ------------------------------------------------------------------------------------

@pytest.mark.parametrize("question", ["any word on my case?", "so where are things with this?",
                                      "did you even receive my complaint?", "has my case been dealt with?",
                                      "when can I expect a reply?", "how long until I hear something",
                                      "is it fixed yet?", "what's going on?"])
async def test_a_status_question_in_own_words_is_answered_with_the_due_dates(chat: Chat, question: str) -> None:
    reference = await _submitted(chat)
    before = await _messages(chat, reference)
    answer = await chat.user(question)
    assert _status_of(reference) in answer
    assert "We will send you our first reply by" in answer and "We aim to resolve it by" in answer
    assert say("bot.followup.added", EN, reference=reference) not in answer
    assert await _messages(chat, reference) == before, "a status question is never filed as a note"


async def test_a_status_question_naming_the_reference_in_a_sentence_is_answered(chat: Chat) -> None:
    reference = await _submitted(chat)
    before = await _messages(chat, reference)
    answer = await chat.user(f"hi again, any progress with complaint {reference} please")
    assert _status_of(reference) in answer
    assert await _messages(chat, reference) == before


async def test_a_status_question_mid_intake_is_answered_and_the_question_asked_again(chat: Chat) -> None:
    await chat.user(STORY)
    await chat.user("yes")
    asking = (await chat.session()).asking
    answer = await chat.user("when will someone get back to me?")
    assert say("bot.status.none_open", EN, example="CD-7K3M-9QX1") in answer
    assert say(f"bot.ask.{asking}", EN) in answer
    assert not any("get back" in value for value in (await chat.session()).slots.values())


# -- thanks and greetings ----------------------------------------------------------------------

@pytest.mark.parametrize("said", ["cheers, thanks a lot!", "ok great thank you", "Thank you so much for your help"])
async def test_thanks_after_the_complaint_is_answered_politely_and_adds_nothing(chat: Chat, said: str) -> None:
    reference = await _submitted(chat)
    before = await _messages(chat, reference)
    assert say("bot.courtesy.welcome", EN) in await chat.user(said)
    assert await _messages(chat, reference) == before
    assert len(await chat.dialogue.core.queries.cases_of(ALICE)) == 1, "no new complaint"
    assert (await chat.session()).step == "start"


async def test_a_greeting_after_the_complaint_is_greeted_back(chat: Chat) -> None:
    reference = await _submitted(chat)
    before = await _messages(chat, reference)
    assert say("bot.greeting.hello", EN) in await chat.user("hello there!")
    assert await _messages(chat, reference) == before


async def test_thanks_and_a_greeting_mid_intake_keep_the_question(chat: Chat) -> None:
    await chat.user(STORY)
    await chat.user("yes")
    session = await chat.session()
    slots, question = dict(session.slots), say(f"bot.ask.{session.asking}", EN)
    thanked = await chat.user("thanks")
    assert say("bot.courtesy.welcome", EN) in thanked and question in thanked
    greeted = await chat.user("good morning")
    assert say("bot.courtesy.hello_again", EN) in greeted and question in greeted
    assert (await chat.session()).slots == slots, "neither is taken as an answer"


# -- withdrawing -------------------------------------------------------------------------------

@pytest.mark.parametrize("said", ["please withdraw my complaint, they refunded me", "never mind, problem solved"])
async def test_withdrawing_an_open_complaint_after_confirming(chat: Chat, said: str) -> None:
    reference = await _submitted(chat)
    asked = await chat.user(said)
    assert say("bot.withdraw.confirm", EN, reference=reference) in asked
    assert chat.choices == ["withdraw:yes", "withdraw:no"]
    assert say("bot.withdraw.done", EN, reference=reference) in await chat.user("yes please")
    case = (await chat.dialogue.core.queries.cases_of(ALICE, open_only=False))[0]
    assert case.status == "withdrawn"
    assert (await chat.session()).case is None


async def test_a_withdrawal_not_confirmed_keeps_the_complaint_open(chat: Chat) -> None:
    reference = await _submitted(chat)
    await chat.user("I'd like to withdraw the complaint")
    assert say("bot.withdraw.kept", EN, reference=reference) in await chat.press("withdraw:no")
    assert len(await chat.dialogue.core.queries.cases_of(ALICE)) == 1


async def test_withdrawing_with_no_complaint_says_there_is_none(chat: Chat) -> None:
    assert say("bot.withdraw.none", EN) in await chat.user("I want to withdraw my complaint")


# -- cancel and undo ---------------------------------------------------------------------------

async def test_undo_after_a_cancel_brings_the_draft_back_exactly(chat: Chat) -> None:
    await chat.user(STORY)
    await chat.user("yes")
    await chat.user("", attachments=(InboundAttachment("receipt.pdf", "application/pdf", b"%PDF-1.4 receipt"),))
    before = await chat.session()
    cancelled = await chat.user("stop")
    assert say("bot.control.cancelled_undo", EN) in cancelled and chat.choices == ["undo"]
    aside = await chat.session()
    assert aside.slots == {} and aside.files == [] and aside.step == "start"
    restored = await chat.user("wait no, I didn't mean to cancel that")
    assert say("bot.control.undone", EN) in restored and say(f"bot.ask.{before.asking}", EN) in restored
    after = await chat.session()
    assert (after.slots, after.files, after.step, after.asking, after.category, after.signals) == (
        before.slots, before.files, before.step, before.asking, before.category, before.signals)
    assert after.cancelled is None


async def test_undo_at_the_consent_question_keeps_the_story_held(chat: Chat) -> None:
    await chat.user(STORY)
    await chat.press("cancel")
    assert (await chat.session()).held is None
    assert say("bot.consent.question", EN) in await chat.press("undo")
    assert (await chat.session()).held == STORY
    await chat.user("yes")
    assert (await chat.session()).slots["description"] == STORY


async def test_a_new_complaint_drops_the_cancelled_draft(chat: Chat) -> None:
    await chat.user(STORY)
    await chat.user("yes")
    await chat.user("cancel")
    assert (await chat.session()).cancelled is not None
    await chat.user("new complaint")
    session = await chat.session()
    assert session.cancelled is None
    assert len(session.dumps()) < 600, "the stored session stays small once the draft is gone"


# -- abuse -------------------------------------------------------------------------------------

@pytest.mark.parametrize("said", ["stupid bot, f*ck you", "ur all m0rons", "go to hell, you sh!t machine",
                                  "FUUUCK OFF"])
async def test_abuse_gets_a_calm_answer_and_opens_nothing(chat: Chat, said: str) -> None:
    answer = await chat.user(said)
    assert say("bot.abuse.calm", EN) in answer
    assert say("bot.consent.question", EN) not in answer
    assert (await chat.session()).step == "start"
    assert await chat.dialogue.core.queries.cases_of(ALICE) == []


async def test_abuse_after_a_complaint_is_not_added_to_it(chat: Chat) -> None:
    reference = await _submitted(chat)
    before = await _messages(chat, reference)
    assert say("bot.abuse.calm", EN) in await chat.user("you bunch of useless clowns")
    assert await _messages(chat, reference) == before


async def test_swearing_inside_a_real_complaint_is_anger_and_the_complaint_goes_on(chat: Chat) -> None:
    told = "Your bloody courier dropped my f***ing TV down the stairs on Monday and it is smashed. I want a new one"
    assert say("bot.consent.question", EN) in await chat.user(told)
    await chat.user("yes")
    session = await chat.session()
    assert session.slots["description"] == told
    assert "strong_anger" in session.signals


# -- nonsense ----------------------------------------------------------------------------------

@pytest.mark.parametrize("said", ["jkjkjk", "😡😡😡", "!!!", "hmmm", "qwertyuiop", "hahaha ok"])
async def test_nonsense_is_asked_what_happened_and_opens_nothing(chat: Chat, said: str) -> None:
    answer = await chat.user(said)
    assert say("bot.nonsense.ask", EN) in answer
    assert say("bot.consent.question", EN) not in answer
    assert (await chat.session()).step == "start"


async def test_nonsense_after_a_complaint_is_not_added_to_it(chat: Chat) -> None:
    reference = await _submitted(chat)
    before = await _messages(chat, reference)
    assert say("bot.nonsense.ask", EN) in await chat.user("lolol")
    assert await _messages(chat, reference) == before


async def test_nonsense_as_the_story_is_asked_again(chat: Chat) -> None:
    await chat.user("new complaint")
    assert say("bot.ask.description", EN) in await chat.press("consent:yes")
    again = await chat.user("zxcvbnm")
    assert say("bot.nonsense.ask", EN) in again and say("bot.ask.description", EN) in again
    assert "description" not in (await chat.session()).slots


# -- a person at any point ---------------------------------------------------------------------

async def test_a_person_asked_for_at_the_summary_keeps_the_story(chat: Chat) -> None:
    await chat.user(FULL)
    await chat.user("yes")
    answer = await chat.user("could I speak to an actual person please")
    assert say("bot.control.human_draft", EN) in answer
    case = (await chat.dialogue.core.queries.cases_of(ALICE))[0]
    assert case.description == FULL and case.needs_human


async def test_a_person_asked_for_mid_intake_keeps_the_story(chat: Chat) -> None:
    await chat.user(STORY)
    await chat.user("yes")
    assert say("bot.control.human_draft", EN) in await chat.user("get me a human being")
    case = (await chat.dialogue.core.queries.cases_of(ALICE))[0]
    assert case.description == STORY and case.needs_human


async def test_a_person_asked_for_first_then_the_story_is_the_story(chat: Chat) -> None:
    assert say("bot.control.human_need_description", EN) in await chat.user("agent")
    assert say("bot.ask.description", EN) in await chat.user("yes")
    await chat.user(STORY)
    session = await chat.session()
    assert session.slots["description"] == STORY and session.needs_human


async def test_undo_with_nothing_cancelled_says_so_and_opens_nothing(chat: Chat) -> None:
    assert say("bot.control.nothing_to_undo", EN) in await chat.user("undo")
    assert (await chat.session()).step == "start"


@pytest.mark.parametrize("said", ["ok", "got it", "no"])
async def test_a_bare_acknowledgement_after_the_complaint_is_no_note(chat: Chat, said: str) -> None:
    reference = await _submitted(chat)
    before = await _messages(chat, reference)
    answer = await chat.user(said)
    assert say("bot.followup.added", EN, reference=reference) not in answer
    assert await _messages(chat, reference) == before


async def test_a_name_that_starts_with_a_greeting_is_taken_as_the_name(chat: Chat) -> None:
    await chat.user("The hotel room I booked for 14 November was given to someone else, I want my deposit back")
    await chat.user("yes")
    while (await chat.session()).asking != "name":
        await chat.user("no idea")
    await chat.user("Hi, I'm Rosa Diaz")
    assert (await chat.session()).slots["name"] == "Rosa Diaz"


async def test_cancel_in_an_answer_is_the_answer(chat: Chat) -> None:
    await chat.user(STORY)
    await chat.user("yes")
    while (await chat.session()).asking != "desired_outcome":
        await chat.user("no idea")
    answer = await chat.user("cancel the order and pay me back")
    assert say("bot.control.cancelled_undo", EN) not in answer
    assert (await chat.session()).slots["desired_outcome"]


async def test_status_after_withdrawing_tells_the_latest_case(chat: Chat) -> None:
    reference = await _submitted(chat)
    await chat.user("withdraw my complaint please")
    await chat.press("withdraw:yes")
    answer = await chat.user("what's the status?")
    assert _status_of(reference) in answer and "withdrawn" in answer
