"""Conversation stories in English: user says, bot says or asks, slots hold. Each runs on the
memory and on the Redis session store, against the real core on SQLite."""

from __future__ import annotations

from core.actors import Actor
from core.commands import Identity
from core.model import CaseEvent
from tests.support.catalog import say
from tests.support.dialogue import Chat

EN = "en"
FULL = "I was charged twice for my credit card on 5 March, order 12345, I want a refund. My name is John Smith, john@example.com"


async def test_complete_complaint_in_one_message(chat: Chat) -> None:
    answer = await chat.user(FULL)
    assert say("bot.consent.notice", EN) in answer and say("bot.consent.question", EN) in answer
    assert (await chat.session()).slots == {}, "no personal data is kept before consent"
    summary = await chat.user("yes")
    assert say("bot.summary.intro", EN) in summary
    assert "5 March 2026" in summary and "credit card" in summary and "12345" in summary
    slots = (await chat.session()).slots
    assert slots["incident_date"] == "2026-03-05" and slots["product"] == "credit card"
    assert slots["name"] == "John Smith" and slots["contact"] == "john@example.com"
    assert slots["desired_outcome"] == "a refund" and slots["order_number"] == "12345"
    done = await chat.press("confirm:submit")
    assert "registered it under reference CD-" in done and "business days" in done
    cases = await chat.dialogue.core.queries.cases_of(Identity("console", "alice"))
    assert len(cases) == 1 and cases[0].description == FULL and cases[0].complainant_name == "John Smith"
    assert cases[0].incident_date.isoformat() == "2026-03-05" and cases[0].product == "credit card"


async def test_step_by_step(chat: Chat) -> None:
    assert say("bot.greeting.hello", EN) in await chat.user("hello")
    assert say("bot.consent.question", EN) in await chat.press("new")
    assert say("bot.ask.description", EN) in await chat.press("consent:yes")
    assert say("bot.ask.incident_date", EN) in await chat.user("The parcel arrived broken and nobody answers my calls.")
    assert say("bot.ask.product", EN) in await chat.user("yesterday")
    assert say("bot.ask.desired_outcome", EN) in await chat.user("the mobile app")
    assert say("bot.ask.name", EN) in await chat.user("a replacement")
    assert say("bot.ask.contact", EN) in await chat.user("Jane Doe")
    summary = await chat.user("+44 7911 123456")
    assert "+447911123456" in summary and "23 November 2026" in summary and "mobile app" in summary
    assert chat.choices == ["confirm:submit", "confirm:edit", "cancel"]
    assert "registered it under reference" in await chat.user("1"), "a numbered answer picks the choice"


async def test_invalid_answers_are_reasked_then_accepted_for_review(chat: Chat) -> None:
    await chat.user("The parcel arrived broken on 20 November, I want my money back. I'm Jane Doe")
    assert say("bot.ask.product", EN) in await chat.user("yes")
    assert say("bot.ask.contact", EN) in await chat.user("broadband")
    for _ in range(2):
        reask = await chat.user("call me maybe")
        assert say("bot.invalid.contact", EN) in reask and say("bot.ask.contact", EN) in reask
    accepted = await chat.user("call me maybe")
    assert say("bot.invalid.accepted_for_review", EN) in accepted and say("bot.summary.intro", EN) in accepted
    assert (await chat.session()).unverified == ["contact"]
    done = await chat.press("confirm:submit")
    assert say("bot.submitted.review_needed", EN) in done
    case = (await chat.dialogue.core.queries.cases_of(Identity("console", "alice")))[0]
    timeline = await chat.dialogue.core.queries.timeline(case.reference, Actor.agent("a1"))
    notes = [e.text for e in timeline if e.kind == "message:note"]
    assert notes == [say("bot.agent.unverified", EN, slot=say("bot.slot.contact", EN), value="call me maybe")]


async def test_corrections_mid_intake_and_at_the_summary(chat: Chat) -> None:
    await chat.user("The delivery of my order never came, it was supposed to arrive on 1 November")
    await chat.user("yes")
    assert (await chat.session()).slots["incident_date"] == "2026-11-01"
    asked = await chat.user("actually it was on 5 March")
    # a correction says what it changed
    changed = say("bot.edit.updated", EN, slot=say("bot.slot.incident_date", EN), value="5 March 2026")
    assert changed in asked and say("bot.ask.product", EN) in asked
    assert (await chat.session()).slots["incident_date"] == "2026-03-05"
    for answer in ("home insurance", "a refund", "John Smith", "john@example.com"):
        await chat.user(answer)
    updated = await chat.user("sorry, my email is john.smith@example.org")
    assert say("bot.edit.updated", EN, slot=say("bot.slot.contact", EN), value="john.smith@example.org") in updated
    assert say("bot.summary.which", EN) in await chat.press("confirm:edit")
    assert say("bot.ask.name", EN) in await chat.press("edit:name")
    assert "Johnny Smith" in await chat.user("Johnny Smith")
    assert (await chat.session()).slots["name"] == "Johnny Smith"


async def test_cancel_midway_discards_the_draft(chat: Chat) -> None:
    await chat.user("My broadband has been down for a week and nobody helps")
    await chat.user("yes")
    assert say("bot.control.cancelled_undo", EN) in await chat.user("cancel")
    session = await chat.session()
    assert session.slots == {} and session.step == "start"
    assert say("bot.control.nothing_to_cancel", EN) in await chat.user("cancel")
    assert await chat.dialogue.core.queries.cases_of(Identity("console", "alice")) == []


async def test_help_with_nothing_under_way_asks_what_happened(chat: Chat) -> None:
    helped = await chat.user("Hi I need help")
    assert say("bot.control.help", EN) in helped and say("bot.ask.description", EN) in helped
    assert chat.choices == ["new", "status"]
    assert say("bot.consent.question", EN) in await chat.user("my new phone from your shop won't charge, bought it on the 9th")


async def test_start_over_and_help_keep_the_question(chat: Chat) -> None:
    await chat.user("My broadband has been down for a week and nobody helps")
    await chat.user("yes")
    helped = await chat.user("help")
    assert say("bot.control.help", EN) in helped and say("bot.ask.incident_date", EN) in helped
    restarted = await chat.user("start over")
    assert say("bot.control.restarted", EN) in restarted and say("bot.ask.description", EN) in restarted
    assert (await chat.session()).slots == {}


async def test_consent_refused(chat: Chat) -> None:
    await chat.user("The bank blocked my card for no reason and I could not pay for my groceries")
    refused = await chat.press("consent:no")
    assert "complaints@example.com" in refused and "CD-7K3M-9QX" in refused
    session = await chat.session()
    assert session.step == "declined" and session.held is None and session.slots == {}
    assert await chat.dialogue.core.queries.cases_of(Identity("console", "alice")) == []
    assert say("bot.consent.question", EN) in await chat.user("new complaint")


async def _events(chat: Chat, reference: str) -> list[CaseEvent]:
    async with chat.dialogue.core.uow() as uow:
        case = await uow.case_by_reference(reference)
        assert case is not None
        return await uow.events(case.id)


async def _submitted(chat: Chat, text: str = FULL) -> str:
    await chat.user(text)
    await chat.user("yes")
    await chat.press("confirm:submit")
    session = await chat.session()
    assert session.case
    return session.case


async def test_status_check_with_a_typo_offers_the_own_case(chat: Chat) -> None:
    reference = await _submitted(chat)
    typo = reference[:-1] + ("0" if reference[-1] != "0" else "1")
    answer = await chat.user(f"status {typo}")
    assert say("bot.status.typo", EN, text=typo) in answer
    assert say("bot.status.did_you_mean", EN, reference=reference) in answer
    detailed = await chat.press(f"status:{reference}")
    assert f"Complaint {reference}: assessed and waiting for an agent." in detailed
    assert "Received: 24 November 2026, 10:00" in detailed


async def test_unknown_and_invalid_references(chat: Chat) -> None:
    answer = await chat.user("status CD-7K3M-9QXB")
    assert say("bot.status.typo", EN, text="CD-7K3M-9QXB") in answer or "I found no complaint" in answer
    from core.reference import Reference

    unknown = Reference("CD", "ZZZZ000").code
    assert say("bot.status.not_found", EN, reference=unknown) in await chat.user(f"what is the status of {unknown}?")


async def test_someone_elses_reference_gets_a_generic_status(chat: Chat) -> None:
    reference = await _submitted(chat)
    stranger = Chat(chat.dialogue, chat.clock, user_id="mallory")
    answer = await stranger.user(f"status {reference}")
    assert answer == say("bot.status.generic", EN, reference=reference, status="assessed and waiting for an agent")
    assert "John" not in answer and "credit card" not in answer


async def test_follow_up_messages_join_the_open_case(chat: Chat) -> None:
    reference = await _submitted(chat)
    answer = await chat.user("Also, the branch staff were rude to me when I asked about it.")
    assert answer == say("bot.followup.added", EN, reference=reference)
    timeline = await chat.dialogue.core.queries.timeline(reference, Identity("console", "alice"))
    assert any(e.text.startswith("Also, the branch staff") for e in timeline if e.kind == "message:in")
    assert say("bot.ask.description", EN) in await chat.press("new"), "consent is not asked twice"
    assert say("bot.summary.intro", EN) in await chat.user(FULL.replace("12345", "777"))
    assert "registered it under reference" in await chat.user("yes")
    assert len(await chat.dialogue.core.queries.cases_of(Identity("console", "alice"))) == 2


async def test_human_request_flags_the_draft(chat: Chat) -> None:
    await chat.user("Someone used my card in another country and the bank does nothing")
    await chat.user("yes")
    answer = await chat.user("I want to talk to a human")
    assert say("bot.control.human_draft", EN) in answer and say("bot.submitted.human_flagged", EN) in answer
    case = (await chat.dialogue.core.queries.cases_of(Identity("console", "alice")))[0]
    assert case.needs_human
    assert say("bot.control.human_case", EN, reference=case.reference) in await chat.user("operator")


async def test_decision_reject_with_reason_then_accept_and_rate(chat: Chat) -> None:
    reference = await _submitted(chat)
    service, agent = chat.dialogue.core.service, Actor.agent("agent-1")
    await service.assign(reference, agent, "agent-1")
    await service.respond(reference, agent, "We refund the second charge.")
    assert say("bot.decision.ask_reason", EN) in await chat.press(f"decision:reject:{reference}")
    assert say("bot.decision.rejected", EN, reference=reference) in await chat.user("The refund is too small")
    details = await chat.dialogue.core.queries.details(reference, agent)
    assert details.status == "escalated" and details.complainant_decision == "rejected"
    await service.assign(reference, agent, "agent-1")
    await service.respond(reference, agent, "We refund both charges.")
    status = await chat.user(f"status {reference}")
    assert "We refund both charges." in status and f"decision:accept:{reference}" in chat.choices
    assert say("bot.decision.accepted", EN, reference=reference) in await chat.user("accept")
    rated = await chat.press(f"survey:{reference}:4")
    assert say("bot.survey.ask_comment", EN) in rated
    assert say("bot.survey.comment_thanks", EN) in await chat.user("Quick and polite, thanks")
    details = await chat.dialogue.core.queries.details(reference, agent)
    assert details.status == "closed" and details.satisfaction == 4
    assert say("bot.survey.none_pending", EN) in await chat.user("5"), "the survey was answered already"


async def test_i_reject_it_names_no_reason_so_the_reason_is_asked_for(chat: Chat) -> None:
    reference = await _submitted(chat)
    service, agent = chat.dialogue.core.service, Actor.agent("agent-1")
    await service.assign(reference, agent, "agent-1")
    await service.respond(reference, agent, "We refund the second charge.")
    assert say("bot.decision.ask_reason", EN) in await chat.user("I reject it")
    assert say("bot.decision.rejected", EN, reference=reference) in await chat.user("The refund is too small")
    [rejected] = [e for e in await _events(chat, reference) if e.kind == "decision_rejected"]
    assert rejected.reason == "The refund is too small"


async def test_no_decision_pending(chat: Chat) -> None:
    assert say("bot.decision.none_pending", EN) in await chat.user("accept")
    assert say("bot.survey.none_pending", EN) in await chat.user("3")


async def test_a_complaint_about_staff_is_not_asked_for_a_product(chat: Chat) -> None:
    """The policy leaves the product unasked in staff-conduct and privacy complaints ([intake] not_asked)."""
    await chat.user("The cashier at your Leeds store shouted at me and called me a thief on 22 November. "
                    "I want a formal apology. Sandra Mitchell, 07802 345678")
    summary = await chat.user("yes")
    assert say("bot.ask.product", EN) not in summary and say("bot.summary.intro", EN) in summary
    assert "registered it under reference CD-" in await chat.user("yes, that's right")


async def test_a_story_about_a_cd_is_not_a_mistyped_reference(chat: Chat) -> None:
    """The reference prefix followed by two words ("a CD with Ally") is a story, not a reference."""
    answer = await chat.user("I opened a CD with Ally bank in March and they closed it early without telling me, "
                             "keeping the interest. I want the interest paid.")
    assert say("bot.consent.question", EN) in answer and "reference" not in answer.lower()
