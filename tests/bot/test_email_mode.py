"""One-shot mode (email): a new message is a case at once; follow-ups, status and answers work."""

from __future__ import annotations

from bot.manager import DialogueManager
from core.actors import Actor
from core.commands import Identity
from tests.bot.conftest import Chat, say
from tests.support.clock import FixedClock

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
