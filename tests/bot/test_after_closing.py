"""After a complaint is finished, in conversation (English and Russian): what the person says is
kept on the case; they reopen it in words or with a button within the policy's window; they
complain about how it was handled; the survey after a second closing and after a withdrawal."""

from __future__ import annotations

from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from tests.support.catalog import say
from tests.support.dialogue import Chat

EN, RU = "en", "ru"
ALICE = Identity("console", "alice")
AGENT = Actor.agent("agent-1")


async def _closed(chat: Chat, lang: str = EN) -> str:
    service = chat.dialogue.core.service
    ref = (await service.submit_complaint(ComplaintSubmission(
        identity=ALICE, description="My card was charged twice for order 5521." if lang == EN
        else "С моей карты дважды списали деньги за заказ 5521.", language=lang, category="billing"))).reference
    await service.assign(ref, AGENT, AGENT.id)
    await service.respond(ref, AGENT, "We refund the second charge.")
    await service.record_complainant_decision(ref, ALICE, accept=True)
    return ref


async def _status(chat: Chat, ref: str) -> str:
    return (await chat.dialogue.core.queries.details(ref, AGENT)).status


async def test_unhappy_with_the_handling_is_kept_and_becomes_a_complaint_about_it(chat: Chat) -> None:
    ref = await _closed(chat)
    said = f"I am unhappy with how my complaint {ref} was handled, nobody ever called me back."
    answer = await chat.user(said)
    assert say("bot.reopening.recorded", EN, reference=ref) in answer
    assert say("bot.reopening.ask_handling", EN, reference=ref) in answer
    assert chat.choices == [f"reopen:{ref}", f"handling:{ref}", "new"]
    timeline = await chat.dialogue.core.queries.timeline(ref, AGENT)
    assert any(e.kind == "message:in" and e.text == said for e in timeline), "kept on the closed case"

    registered = await chat.user("2")
    handling = (await chat.session()).case
    assert handling and handling != ref
    assert say("bot.reopening.handling_registered", EN, reference=handling, original=ref) in registered
    details = await chat.dialogue.core.queries.details(handling, AGENT)
    assert details.category == "complaint_handling" and details.escalation_level == 1 and details.description == said


async def test_reopen_in_words_then_a_second_survey_is_answered(chat: Chat) -> None:
    ref = await _closed(chat)
    await chat.press(f"survey:{ref}:2")
    await chat.user("skip")
    chat.clock.advance(days=3)
    assert say("bot.reopening.reopened", EN, reference=ref) in await chat.user(f"Please reopen {ref}")
    assert await _status(chat, ref) == "escalated"

    service = chat.dialogue.core.service
    await service.assign(ref, AGENT, AGENT.id)
    await service.close(ref, AGENT, "Both charges refunded")
    rated = await chat.user("5")
    assert say("bot.survey.ask_comment", EN) in rated, "the new closing has its own survey"
    assert say("bot.survey.comment_thanks", EN) in await chat.user("Sorted at last")
    assert (await chat.dialogue.core.queries.details(ref, AGENT)).satisfaction == 5


async def test_a_request_after_a_rating_is_that_request_not_the_comment(chat: Chat) -> None:
    """The survey offers to take a comment after the rating; days later "please reopen" is a request."""
    ref = await _closed(chat)
    assert say("bot.survey.ask_comment", EN) in await chat.press(f"survey:{ref}:2")
    chat.clock.advance(days=3)
    assert say("bot.reopening.reopened", EN, reference=ref) in await chat.user(f"Please reopen {ref}")
    assert await _status(chat, ref) == "escalated"
    comments = (await chat.dialogue.core.queries.figures()).survey_comments
    assert not any("reopen" in c.comment for c in comments), "the request is no survey comment"


async def test_reopen_without_a_reference_takes_the_latest_finished_complaint(chat: Chat) -> None:
    ref = await _closed(chat)
    assert say("bot.reopening.reopened", EN, reference=ref) in await chat.user("I want to open my complaint again")


async def test_after_the_window_the_handling_complaint_is_still_offered(chat: Chat) -> None:
    ref = await _closed(chat)
    chat.clock.advance(days=chat.dialogue.core.policy.reopening.window_days + 1)
    answer = await chat.user(f"reopen {ref}")
    days = chat.dialogue.core.policy.reopening.window_days
    assert say("bot.reopening.window_passed", EN, reference=ref,
               days=f"{days} days") in answer
    assert chat.choices == [f"handling:{ref}", "new"]
    assert await _status(chat, ref) == "closed"


async def test_a_withdrawn_complaint_is_rated(chat: Chat) -> None:
    ref = (await chat.dialogue.core.service.submit_complaint(ComplaintSubmission(
        identity=ALICE, description="The parcel is late."))).reference
    await chat.dialogue.core.service.withdraw(ref, Actor.complainant("-"), identity=ALICE)
    assert say("bot.survey.ask_comment", EN) in await chat.user("4")


async def test_russian_unhappy_with_the_handling_and_reopen_by_button(chat: Chat) -> None:
    ref = await _closed(chat, RU)
    chat.language_hint = RU
    answer = await chat.user(f"Я недоволен тем, как рассмотрели мою жалобу {ref}, мне так и не перезвонили.")
    assert say("bot.reopening.recorded", RU, reference=ref) in answer
    assert say("bot.reopening.ask_handling", RU, reference=ref) in answer
    assert say("bot.reopening.reopened", RU, reference=ref) in await chat.press(f"reopen:{ref}")
    assert await _status(chat, ref) == "escalated"


async def test_russian_reopen_in_words(chat: Chat) -> None:
    ref = await _closed(chat, RU)
    chat.language_hint = RU
    assert say("bot.reopening.reopened", RU, reference=ref) in await chat.user(f"Прошу возобновить рассмотрение жалобы {ref}")


async def test_russian_window_passed_uses_the_plural(chat: Chat) -> None:
    ref = await _closed(chat, RU)
    chat.language_hint = RU
    chat.clock.advance(days=40)
    answer = await chat.user(f"Откройте заново жалобу {ref}")
    assert say("bot.reopening.window_passed", RU, reference=ref, days="30 дней") in answer


async def test_an_email_reply_in_a_closed_case_thread_is_kept_not_a_new_case(chat: Chat) -> None:
    """Russian over email: the reply to a closed case's thread joins it instead of opening a new case."""
    service = chat.dialogue.core.service
    mail = Chat(chat.dialogue, chat.clock, user_id="anna@example.org", channel="email")
    await mail.user("Ваше мобильное приложение потеряло мой платёж вчера, верните деньги.")
    anna = Identity("email", "anna@example.org")
    ref = (await chat.dialogue.core.queries.cases_of(anna))[0].reference
    await service.assign(ref, AGENT, AGENT.id)
    await service.close(ref, AGENT, "Платёж возвращён")
    answer = await mail.user("Деньги так и не пришли, я недоволен тем, как рассмотрели мою жалобу.", thread_hint=ref)
    assert say("bot.reopening.recorded", RU, reference=ref) in answer
    assert len(await chat.dialogue.core.queries.cases_of(anna, open_only=False)) == 1
    reopened = await mail.user("Прошу возобновить рассмотрение", thread_hint=ref)
    assert say("bot.reopening.reopened", RU, reference=ref) in reopened


async def test_a_new_story_that_says_reopen_is_not_taken_for_a_request(chat: Chat) -> None:
    ref = await _closed(chat)
    answer = await chat.user("The bank refused to reopen my savings account after the branch moved, and nobody explains "
                             "why; I have been waiting for three weeks and want it reopened with the interest paid.")
    assert say("bot.reopening.reopened", EN, reference=ref) not in answer
    assert await _status(chat, ref) == "closed"
