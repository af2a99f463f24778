"""Whole conversations over long polling and over the webhook, with the real dialogue manager and
core, against the fake Bot API."""

from __future__ import annotations

from datetime import date

import pytest

from bot.messages import ConversationKey
from bot.session_state import Session
from core.actors import Actor
from core.commands import Identity
from tests.support.catalog import say
from tests.support.telegram import updates
from tests.support.telegram.product import DESCRIPTION, Person, Product, complain

EN, RU = "en", "ru"
AGENT = Actor.agent("U_AGENT")


async def session_of(product: Product, person: Person) -> Session:
    dialogue = product.runner.context.dialogue  # type: ignore[union-attr]
    session = await dialogue.sessions.load(ConversationKey("telegram", str(person.id)))
    assert session is not None
    return session


async def describing(product: Product) -> Person:
    """Alice, having agreed to the privacy notice, has just described her complaint."""
    alice = Person(product)
    await alice.say("/start")
    await alice.press("new")
    await alice.press("consent:yes")
    await alice.say(DESCRIPTION)
    return alice


async def test_a_complaint_from_greeting_to_survey(product: Product) -> None:
    alice = Person(product)
    reference = await complain(alice)

    case = await product.core.queries.details(reference, AGENT)
    assert case.description == DESCRIPTION, "the person's words are stored unedited"
    sent = product.api.sent[str(alice.id)]
    assert any("&lt;broken&gt; &amp; nobody" in m["text"] for m in sent), "person text is HTML-escaped"
    assert all(m["parse_mode"] == "HTML" for m in sent)
    presses = len(product.api.calls_of("answerCallbackQuery"))
    assert presses == 3 and len(product.api.calls_of("editMessageReplyMarkup")) == 3
    assert all(not m.get("reply_markup") for m in sent[:-1]), "answered keyboards are removed"

    await product.core.service.assign(reference, AGENT, AGENT.id)
    await product.core.service.respond(reference, AGENT, "We send a new parcel & refund the postage.")
    await product.settle()
    decision = alice.news()
    assert "We send a new parcel & refund the postage." in decision
    assert alice.buttons == [f"decision:accept:{reference}", f"decision:reject:{reference}"]
    assert say("bot.decision.accepted", EN, reference=reference) in await alice.press(f"decision:accept:{reference}")
    await product.settle()
    alice.news()
    assert alice.buttons == [f"survey:{reference}:{n}" for n in range(1, 6)]
    assert say("bot.survey.ask_comment", EN) in await alice.press(f"survey:{reference}:4")
    details = await product.core.queries.details(reference, AGENT)
    assert details.status == "closed" and details.satisfaction == 4


@pytest.mark.parametrize("mode", ["webhook"])
async def test_commands_are_registered_and_understood(product: Product) -> None:
    commands = product.api.commands
    assert set(commands) == {"", "ru"}
    assert [c["command"] for c in commands[""]] == ["start", "new", "status", "cancel", "help", "language"]
    assert commands["ru"][1]["description"] == "Подать новую жалобу"

    alice = Person(product)
    reference = await complain(alice)
    assert reference in await alice.say("/status"), "status without a reference: that of the person's open case"
    status = await alice.say(f"/status@complaintdesk_bot {reference}")
    assert f"Complaint {reference}:" in status
    assert say("bot.control.help", EN) in await alice.say("/help")
    assert say("bot.control.nothing_to_cancel", EN) in await alice.say("/cancel")
    assert say("telegram.language_prompt", EN) in await alice.say("/language")
    assert alice.buttons == ["lang:en", "lang:ru"]
    assert say("bot.control.language", RU) in await alice.press("lang:ru")
    assert say("bot.control.language", EN) in await alice.say("/language english")
    assert say("bot.ask.description", EN) in await alice.say("/new"), "consent was given already"


@pytest.mark.parametrize("mode", ["webhook"])
async def test_groups_are_asked_to_write_privately(product: Product) -> None:
    bob = updates.user(2002, first_name="Bob", language_code="ru")
    group = updates.group_chat(-100500)
    api = product.api
    await product.deliver(updates.message(api.next_update_id(), bob, "/start@complaintdesk_bot", chat=group))
    await product.deliver(updates.message(api.next_update_id(), bob, "My card was charged twice", chat=group))
    await product.deliver(updates.message(api.next_update_id(), bob, "@complaintdesk_bot help", chat=group))

    texts = api.texts_to(-100500)
    assert texts == [say("telegram.private_only", RU, link="https://t.me/complaintdesk_bot")] * 2
    assert await product.core.queries.cases_of(Identity("telegram", "2002")) == []
    record = await product.record(api.next_update_id() - 2)
    assert record is not None and record.status == "ignored" and "not meant for the bot" in (record.outcome or "")


@pytest.mark.parametrize("mode", ["polling"])
async def test_an_edit_updates_the_slot_it_answered(product: Product) -> None:
    alice = await describing(product)
    description = alice.sent[-1]
    answered = await alice.say("on 5 March")
    date_answer = alice.sent[-1]
    assert say("bot.ask.product", EN) in answered
    updated = await alice.edit(date_answer, "on 6 March")
    year = (await session_of(product, alice)).slots["incident_date"][:4]
    when = product.core.catalog.format_date(date.fromisoformat(f"{year}-03-06"), EN)
    assert say("bot.edit.updated", EN, slot=say("bot.slot.incident_date", EN), value=when) in updated
    assert say("bot.ask.product", EN) in updated, "the question that was open is asked again"

    await alice.say("the mobile app")
    refused = await alice.edit(date_answer, "some day", after=120)
    assert say("bot.edit.unreadable", EN, slot=say("bot.slot.incident_date", EN),
               problem=say("bot.invalid.incident_date", EN)) in refused
    assert say("bot.ask.desired_outcome", EN) in refused
    assert (await session_of(product, alice)).slots["incident_date"] == f"{year}-03-06", "a bad edit changes nothing"

    product_said = (await session_of(product, alice)).slots["product"]
    rewritten = "The parcel arrived crushed and the courier, Tom, threw it over the fence."
    changed = await alice.edit(description, rewritten)
    assert say("bot.edit.updated", EN, slot=say("bot.slot.description", EN), value=rewritten) in changed
    session = await session_of(product, alice)
    assert session.slots["description"] == rewritten
    assert session.slots["product"] == product_said, "answers given since are kept"
    assert say("bot.ask.desired_outcome", EN) in changed


@pytest.mark.parametrize("mode", ["polling"])
async def test_an_edit_at_the_summary_shows_the_corrected_summary(product: Product) -> None:
    alice = await describing(product)
    await alice.say("yesterday")
    await alice.say("the mobile app")
    await alice.say("a replacement")
    contact = await alice.say("alice@example.com")
    assert "alice@example.com" in contact and alice.buttons == ["confirm:submit", "confirm:edit", "cancel"]
    summary = await alice.edit(alice.sent[-1], "alice.example@example.org")
    assert say("bot.edit.updated", EN, slot=say("bot.slot.contact", EN), value="alice.example@example.org") in summary
    assert say("bot.summary.question", EN) in summary and "alice@example.com" not in summary
    assert alice.buttons == ["confirm:submit", "confirm:edit", "cancel"]
    await alice.press("confirm:submit")
    (case,) = await product.core.queries.cases_of(Identity("telegram", str(alice.id)))
    async with product.core.uow() as uow:
        stored = await uow.case_by_reference(case.reference)
        complainant = await uow.complainant(stored.complainant_id)  # type: ignore[union-attr]
    assert complainant is not None and complainant.email == "alice.example@example.org"


@pytest.mark.parametrize("mode", ["webhook"])
async def test_an_edit_of_the_first_words_before_consent_changes_what_intake_starts_with(product: Product) -> None:
    alice = Person(product)
    assert say("bot.consent.question", EN) in await alice.say("My parcel was lost and nobody answers the phone.")
    first = alice.sent[-1]
    again = await alice.edit(first, "My parcel was lost on 3 March and nobody answers the phone.")
    assert say("bot.consent.question", EN) in again, "consent is still what the bot waits for"
    assert say("bot.ask.product", EN) in await alice.press("consent:yes"), "the edited words pre-filled the date"
    session = await session_of(product, alice)
    assert session.slots["description"] == "My parcel was lost on 3 March and nobody answers the phone."


@pytest.mark.parametrize("mode", ["webhook"])
async def test_an_edit_after_submitting_is_added_to_the_case(product: Product) -> None:
    alice = Person(product)
    reference = await complain(alice)
    remark = await alice.say("The courier's name was Tom, he left the parcel in the rain.")
    assert say("bot.followup.added", EN, reference=reference) in remark
    edited = await alice.edit(alice.sent[-1], "The courier's name was Tim, he left the parcel in the rain.")
    assert say("bot.edit.added", EN, reference=reference) in edited
    timeline = await product.core.queries.timeline(reference, AGENT)
    assert any("Tim" in (event.text or "") for event in timeline)
