"""Whole conversations over long polling and over the webhook, with the real dialogue manager and
core, against the fake Bot API."""

from __future__ import annotations

import pytest

from bot.messages import ConversationKey
from core.actors import Actor
from core.commands import Identity
from tests.bot.conftest import say
from tests.channels.telegram import updates
from tests.channels.telegram.product import Person, Product

EN, RU = "en", "ru"
AGENT = Actor.agent("U_AGENT")
DESCRIPTION = "The parcel arrived <broken> & nobody answers my calls about it."


async def complain(alice: Person) -> str:
    """Alice makes a complaint step by step with buttons; returns its reference."""
    assert say("bot.greeting.hello", EN) in await alice.say("/start")
    assert alice.buttons == ["new", "status"]
    assert say("bot.consent.question", EN) in await alice.press("new")
    assert say("bot.ask.description", EN) in await alice.press("consent:yes")
    assert say("bot.ask.incident_date", EN) in await alice.say(DESCRIPTION)
    assert say("bot.ask.product", EN) in await alice.say("yesterday")
    assert say("bot.ask.desired_outcome", EN) in await alice.say("the mobile app")
    assert say("bot.ask.contact", EN) in await alice.say("a replacement")
    summary = await alice.say(contact=updates.contact("+44 7911 123456", alice.user))
    assert "+447911123456" in summary and "Alice Example" in summary and DESCRIPTION in summary
    assert alice.buttons == ["confirm:submit", "confirm:edit", "cancel"]
    done = await alice.press("confirm:submit")
    assert "registered it under reference CD-" in done
    (case,) = await alice.product.core.queries.cases_of(Identity("telegram", str(alice.id)))
    return case.reference


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
    assert say("bot.status.ask", EN, example="CD-7K3M-9QXA").split("(")[0] in await alice.say("/status")
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
    alice = Person(product)
    await alice.say("/start")
    await alice.press("new")
    await alice.press("consent:yes")
    await alice.say(DESCRIPTION)
    answered = await alice.say("on 5 March")
    assert say("bot.ask.product", EN) in answered
    updated = await alice.edit(alice.sent[-1], "on 6 March")
    assert say("bot.summary.updated", EN) in updated and say("bot.ask.product", EN) in updated
    dialogue = product.runner.context.dialogue  # type: ignore[union-attr]
    session = await dialogue.sessions.load(ConversationKey("telegram", str(alice.id)))
    assert session is not None and session.slots["incident_date"].endswith("-03-06")


@pytest.mark.parametrize("mode", ["webhook"])
async def test_an_edit_after_submitting_is_added_to_the_case(product: Product) -> None:
    alice = Person(product)
    reference = await complain(alice)
    remark = await alice.say("The courier's name was Tom, he left the parcel in the rain.")
    assert say("bot.followup.added", EN, reference=reference) in remark
    edited = await alice.edit(alice.sent[-1], "The courier's name was Tim, he left the parcel in the rain.")
    assert say("bot.followup.added", EN, reference=reference) in edited
    timeline = await product.core.queries.timeline(reference, AGENT)
    assert any("Tim" in (event.text or "") for event in timeline)
