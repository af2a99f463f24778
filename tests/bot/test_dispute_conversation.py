"""The end of the dispute path in the conversation (ISO 10002 7.9, ISO 10003), in English and in
Russian: a decision rejected at the last escalation level is met with the offer of the external
body; the complainant takes it up or declines it by button, by number or in words; the outcome an
agent records closes the case, and the survey is answered."""

from __future__ import annotations

from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from core.runtime import Core
from tests.support.catalog import say
from tests.support.dialogue import Chat

EN, RU = "en", "ru"
ALICE = Identity("console", "alice")
AGENT = Actor.agent("agent-1")


async def _decided_at_the_last_level(core: Core, lang: str) -> str:
    """Alice's complaint, its decisions rejected up to the last escalation level, with its final decision."""
    ref = (await core.service.submit_complaint(ComplaintSubmission(
        identity=ALICE, description="Charged twice for one order", language=lang, name="Alice",
        category="billing"))).reference
    for _ in range(core.policy.escalation.top):
        await core.service.assign(ref, AGENT, AGENT.id)
        await core.service.respond(ref, AGENT, "No refund is due.")
        await core.service.record_complainant_decision(ref, ALICE, accept=False)
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.respond(ref, AGENT, "After review, still no refund.")
    return ref


def _offer(core: Core, ref: str, lang: str) -> list[str]:
    policy = core.policy
    return [say("notify.referral_offer", lang, reference=ref, body=policy.external_body(lang)),
            say("notify.external_contact", lang, contact=policy.external_contact(lang)),
            say("notify.external_time_limit", lang, months=core.catalog.plural("units.months", 6, lang))]


async def test_a_rejection_at_the_last_level_offers_the_external_body_and_yes_refers_it(chat: Chat) -> None:
    core = chat.dialogue.core
    ref = await _decided_at_the_last_level(core, EN)

    assert say("bot.decision.ask_reason", EN) in await chat.press(f"decision:reject:{ref}")
    offered = await chat.user("You still have not explained the second charge")

    assert say("bot.decision.none_pending", EN) not in offered
    for line in _offer(core, ref, EN):
        assert line in offered
    assert "the Independent Ombudsman Service" in offered and "www.ombudsman.example" in offered
    assert chat.choices == [f"referral:accept:{ref}", f"referral:decline:{ref}"]
    assert (await core.queries.details(ref, AGENT)).status == "referral_offered"

    answer = await chat.user("yes please")

    assert answer == say("bot.referral.accepted", EN, reference=ref, body="the Independent Ombudsman Service")
    details = await core.queries.details(ref, AGENT)
    assert details.status == "referred_external" and details.referral_body == "the Independent Ombudsman Service"
    alerts = [n.kind for n in await core.queries.notifications(reference_text=ref) if n.channel == "agents"]
    assert "referral_offered" in alerts and "referral_accepted" in alerts

    await core.service.record_referral_outcome(ref, AGENT, "upheld", note="refund both charges")
    assert say("bot.survey.ask_comment", EN) in await chat.press(f"survey:{ref}:4")
    assert say("bot.survey.comment_thanks", EN) in await chat.user("The ombudsman was quick")
    details = await core.queries.details(ref, AGENT)
    assert details.status == "closed" and details.referral_outcome == "upheld" and details.satisfaction == 4


async def test_the_offer_is_answered_by_button_and_shown_again_with_the_status(chat: Chat) -> None:
    core = chat.dialogue.core
    ref = await _decided_at_the_last_level(core, EN)
    await chat.press(f"decision:reject:{ref}")
    await chat.press("skip")

    status = await chat.user(f"status {ref}")
    assert say("notify.referral_question", EN) in status and f"referral:accept:{ref}" in chat.choices

    answer = await chat.press(f"referral:decline:{ref}")

    assert answer == say("bot.referral.declined", EN, reference=ref, body="the Independent Ombudsman Service",
                         months="6 months")
    assert (await core.queries.details(ref, AGENT)).status == "closed"
    assert say("bot.referral.none_pending", EN) in await chat.press(f"referral:accept:{ref}")


async def test_the_referral_asked_for_in_words_later_in_the_conversation(chat: Chat) -> None:
    core = chat.dialogue.core
    ref = await _decided_at_the_last_level(core, EN)
    await chat.press(f"decision:reject:{ref}")
    await chat.press("skip")
    assert "registered" not in await chat.user("hello")

    answer = await chat.user("Please take it to the ombudsman")

    assert answer == say("bot.referral.accepted", EN, reference=ref, body="the Independent Ombudsman Service")
    assert (await core.queries.details(ref, AGENT)).status == "referred_external"


async def test_no_in_words_declines_the_offer(chat: Chat) -> None:
    core = chat.dialogue.core
    ref = await _decided_at_the_last_level(core, EN)
    await chat.press(f"decision:reject:{ref}")
    await chat.user("skip")

    answer = await chat.user("No thanks, just close it")

    assert answer.startswith(say("bot.referral.declined", EN, reference=ref, body="the Independent Ombudsman Service",
                                 months="6 months"))
    assert (await core.queries.details(ref, AGENT)).status == "closed"


async def test_in_russian_the_offer_names_the_body_in_russian_and_da_peredajte_refers_it(chat: Chat) -> None:
    chat.language_hint = RU
    core = chat.dialogue.core
    ref = await _decided_at_the_last_level(core, RU)

    assert say("bot.decision.ask_reason", RU) in await chat.press(f"decision:reject:{ref}")
    offered = await chat.user("Второе списание так никто и не объяснил")

    for line in _offer(core, ref, RU):
        assert line in offered
    assert "Независимая служба омбудсмена" in offered and "Ombudsman" not in offered
    assert "Срок обращения — 6 месяцев" in offered
    assert [label for reply in chat.last for label in (c.label for c in reply.choices)] == [
        say("notify.choice_refer", RU), say("notify.choice_no_referral", RU)]

    answer = await chat.user("Да, передайте")

    assert answer == say("bot.referral.accepted", RU, reference=ref, body="Независимая служба омбудсмена")
    assert (await core.queries.details(ref, AGENT)).status == "referred_external"


async def test_in_russian_net_zakrojte_declines_and_the_number_works_too(chat: Chat) -> None:
    chat.language_hint = RU
    core = chat.dialogue.core
    ref = await _decided_at_the_last_level(core, RU)
    await chat.press(f"decision:reject:{ref}")
    await chat.user("пропустить")

    answer = await chat.user("Нет, закройте жалобу")

    assert answer == say("bot.referral.declined", RU, reference=ref, body="Независимая служба омбудсмена",
                         months="6 месяцев")
    assert (await core.queries.details(ref, AGENT)).status == "closed"

    second = await _decided_at_the_last_level(core, RU)
    await chat.press(f"decision:reject:{second}")
    await chat.user("пропустить")
    assert say("bot.referral.accepted", RU, reference=second, body="Независимая служба омбудсмена") in await chat.user("1")


async def test_an_unproven_sender_is_asked_to_answer_from_the_address_on_file(chat: Chat) -> None:
    core = chat.dialogue.core
    ref = await _decided_at_the_last_level(core, EN)
    await core.service.record_complainant_decision(ref, ALICE, accept=False)
    chat.verified = False  # an email's From, which anyone can write

    answer = await chat.press(f"referral:accept:{ref}")

    assert say("bot.unproven.referral", EN, reference=ref) in answer
    assert chat.choices == [f"referral:accept:{ref}", f"referral:decline:{ref}"]
    assert (await core.queries.details(ref, AGENT)).status == "referral_offered"
