"""One-shot mode (email): a new message is a case at once; follow-ups, status and answers work."""

from __future__ import annotations

from bot.manager import DialogueManager
from core.actors import Actor
from core.commands import Identity
from tests.support.catalog import say
from tests.support.clock import FixedClock
from tests.support.dialogue import Chat

SENDER = "anna@example.org"


def mail(dialogue: DialogueManager, clock: FixedClock) -> Chat:
    return Chat(dialogue, clock, user_id=SENDER, channel="email")


async def test_a_new_email_is_submitted_at_once(dialogue: DialogueManager, clock: FixedClock) -> None:
    chat = mail(dialogue, clock)
    reply = await chat.user("My credit card was charged twice on 5 March. I want a refund.", sender_name="Anna Smith")
    case = (await dialogue.core.queries.cases_of(Identity("email", SENDER)))[0]
    assert reply.startswith(say("notify.acknowledgement", "en", reference=case.reference))
    assert say("bot.email.understood", "en") in reply and "credit card" in reply and "Anna Smith" in reply
    assert say("bot.email.missing", "en") not in reply  # date, product, outcome, name and contact are known
    assert say("bot.consent.email_notice", "en") in reply
    assert case.product == "credit card" and case.incident_date.isoformat() == "2026-03-05"
    follow = await chat.user("I forgot to say: it happened twice.", thread_hint=case.reference)
    assert follow == say("bot.followup.added", "en", reference=case.reference)


async def test_an_email_with_gaps_says_what_is_missing(dialogue: DialogueManager, clock: FixedClock) -> None:
    chat = mail(dialogue, clock)
    reply = await chat.user("Ваш сотрудник нагрубил мне по телефону, это недопустимо.")
    assert say("bot.email.missing", "ru") in reply and say("bot.ask.incident_date", "ru") in reply
    assert say("bot.ask.contact", "ru") not in reply, "the sender address is the contact"


async def test_status_and_decision_by_email(dialogue: DialogueManager, clock: FixedClock) -> None:
    chat = mail(dialogue, clock)
    await chat.user("The mobile app lost my payment yesterday, I want the money back.")
    reference = (await dialogue.core.queries.cases_of(Identity("email", SENDER)))[0].reference
    assert f"Complaint {reference}:" in await chat.user(f"status of {reference}")
    agent = Actor.agent("agent-7")
    await dialogue.core.service.assign(reference, agent, "agent-7")
    await dialogue.core.service.respond(reference, agent, "We returned the payment.")
    assert say("bot.decision.rejected", "en", reference=reference) in await chat.user("reject: it is still missing")
    details = await dialogue.core.queries.details(reference, agent)
    assert details.status == "escalated"


async def test_by_email_the_reply_to_why_is_the_reason_and_to_a_comment_the_comment(dialogue: DialogueManager,
                                                                                     clock: FixedClock) -> None:
    chat = mail(dialogue, clock)
    reference = await _responded(dialogue, clock)
    assert say("bot.decision.ask_reason", "en") in await chat.press(f"decision:reject:{reference}")

    answer = await chat.user("The payment is still missing from my account")

    assert say("bot.decision.rejected", "en", reference=reference) in answer, "not a note added to the case"
    agent = Actor.agent("agent-7")
    details = await dialogue.core.queries.details(reference, agent)
    assert (details.status, details.complainant_decision) == ("escalated", "rejected")
    await dialogue.core.service.assign(reference, agent, "agent-7")
    await dialogue.core.service.respond(reference, agent, "We returned the payment again.")
    await chat.press(f"decision:accept:{reference}")
    assert say("bot.survey.ask_comment", "en") in await chat.press(f"survey:{reference}:4")
    assert say("bot.survey.comment_thanks", "en") in await chat.user("Slow, but it ended well")
    assert [c.comment for c in (await dialogue.core.queries.figures()).survey_comments] == ["Slow, but it ended well"]


async def _responded(dialogue: DialogueManager, clock: FixedClock) -> str:
    await mail(dialogue, clock).user("The mobile app lost my payment yesterday, I want the money back.")
    reference = (await dialogue.core.queries.cases_of(Identity("email", SENDER)))[0].reference
    agent = Actor.agent("agent-7")
    await dialogue.core.service.assign(reference, agent, "agent-7")
    await dialogue.core.service.respond(reference, agent, "We returned the payment.")
    return reference


async def test_an_unproven_sender_decides_nothing_and_is_asked_to_confirm(dialogue: DialogueManager,
                                                                       clock: FixedClock) -> None:
    """Anyone can write an email with someone's From: its words join the case, the decision waits
    for a confirmation from the address on file (a reply to our message)."""
    reference = await _responded(dialogue, clock)
    stranger = Chat(dialogue, clock, user_id=SENDER, channel="email", verified=False)
    asked = say("bot.unproven.decision", "en", reference=reference)
    for words in ("I accept", "reject: it is still missing"):
        assert await stranger.user(words) == "\n".join([say("bot.followup.added", "en", reference=reference), asked, "",
                                                         "1. " + say("notify.choice_accept", "en"),
                                                         "2. " + say("notify.choice_reject", "en")])
        assert stranger.choices == [f"decision:accept:{reference}", f"decision:reject:{reference}"]
    assert asked in await stranger.press(f"decision:accept:{reference}")  # a choice proves nothing either
    agent = Actor.agent("agent-7")
    assert (await dialogue.core.queries.details(reference, agent)).status == "responded"
    timeline = await dialogue.core.queries.timeline(reference, agent)
    said = [e.text for e in timeline if e.kind == "message:in"]
    assert len(said) == 3 and {"I accept", "reject: it is still missing"} < set(said)
    unproven = [e for e in timeline if e.kind == "complainant_message"]
    assert len(unproven) == 2 and all(e.data.get("sender_verified") is False for e in unproven)
    assert not {"decision_accepted", "decision_rejected"} & {e.kind for e in timeline}
    confirmed = await mail(dialogue, clock).press(f"decision:accept:{reference}")
    assert say("bot.decision.accepted", "en", reference=reference) in confirmed
    assert (await dialogue.core.queries.details(reference, agent)).status == "closed"


async def test_an_unproven_sender_gets_no_details_but_the_way_to_them(dialogue: DialogueManager,
                                                                     clock: FixedClock) -> None:
    reference = await _responded(dialogue, clock)
    stranger = Chat(dialogue, clock, user_id=SENDER, channel="email", verified=False)
    said = await stranger.user(f"status of {reference}")
    assert say("bot.unproven.status", "en", reference=reference, status=say("status.responded", "en")) in said
    assert "We returned the payment" not in said and stranger.choices == [f"status:{reference}"]
    assert "We returned the payment" not in await stranger.press(f"status:{reference}")
    assert "We returned the payment" in await mail(dialogue, clock).press(f"status:{reference}")


async def test_a_withdrawal_by_email_is_confirmed_and_only_a_proven_sender_withdraws(dialogue: DialogueManager,
                                                                                    clock: FixedClock) -> None:
    """"I want to withdraw my complaint" by email asks to confirm; a yes from an unproven From is
    asked to come as a reply to our mail, and the case stays open until it does."""
    chat = mail(dialogue, clock)
    await chat.user("The mobile app lost my payment yesterday, I want the money back.")
    reference = (await dialogue.core.queries.cases_of(Identity("email", SENDER)))[0].reference
    stranger = Chat(dialogue, clock, user_id=SENDER, channel="email", verified=False)
    assert say("bot.withdraw.confirm", "en", reference=reference) in await stranger.user("I want to withdraw my complaint")
    assert say("bot.unproven.withdrawal", "en", reference=reference) in await stranger.press("withdraw:yes")
    agent = Actor.agent("agent-7")
    assert (await dialogue.core.queries.details(reference, agent)).status != "withdrawn"
    assert say("bot.withdraw.done", "en", reference=reference) in await chat.press("withdraw:yes")
    assert (await dialogue.core.queries.details(reference, agent)).status == "withdrawn"
