"""The Telegram notifier against the fake Bot API, driven by the core's real outbox dispatcher."""

from __future__ import annotations

import html
from datetime import timedelta

from aiogram import Bot

from channels.telegram.notifier import TelegramNotifier
from channels.telegram.sender import TelegramSender
from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from core.model import Notification
from core.runtime import Core
from tests.support.clock import FixedClock
from tests.support.telegram.bot_api import FakeBotApi

PERSON = Identity("telegram", "1001")
AGENT = Actor.agent("U_AGENT")


async def open_case(core: Core, bot: Bot, description: str = "My <b>card</b> was charged twice & more.") -> str:
    core.registry.register(TelegramNotifier(TelegramSender(bot), core.catalog, core.policy))
    submitted = await core.service.submit_complaint(ComplaintSubmission(
        identity=PERSON, description=description, language="en", name="Alice", platform_message_id="1001:1"))
    await core.dispatcher.run_until_idle()
    return submitted.reference


async def rows(core: Core, ref: str) -> list[Notification]:
    return [n for n in await core.queries.notifications(reference_text=ref) if n.channel == "telegram"]


async def test_status_updates_questions_decisions_and_surveys_reach_the_person(core: Core, bot: Bot,
                                                                              fake_api: FakeBotApi) -> None:
    ref = await open_case(core, bot)
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.request_information(ref, AGENT, "Which card: <Visa> or <Mastercard>?")
    await core.service.respond(ref, AGENT, "We refund the second charge of £45 & apologise.")
    await core.dispatcher.run_until_idle()

    texts = fake_api.texts_to(1001)
    assert any(ref in text and "being investigated" in text for text in texts)
    assert any("Which card: &lt;Visa&gt; or &lt;Mastercard&gt;?" in text for text in texts)
    decision = fake_api.sent["1001"][-1]
    assert "£45 &amp; apologise" in decision["text"] and decision["parse_mode"] == "HTML"
    buttons = [(b["text"], b["callback_data"]) for row in decision["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == [("Accept", f"decision:accept:{ref}"), ("Reject", f"decision:reject:{ref}")]

    await core.service.record_complainant_decision(ref, PERSON, accept=True)
    await core.dispatcher.run_until_idle()
    survey = fake_api.sent["1001"][-1]
    ratings = [b["callback_data"] for row in survey["reply_markup"]["inline_keyboard"] for b in row]
    assert ratings == [f"survey:{ref}:{n}" for n in range(1, 6)]
    sent = await rows(core, ref)
    assert all(n.status == "sent" for n in sent)
    assert sent[-1].delivered_ref == str(survey["message_id"])


async def test_a_long_agent_message_is_split(core: Core, bot: Bot, fake_api: FakeBotApi) -> None:
    ref = await open_case(core, bot)
    await core.service.assign(ref, AGENT, AGENT.id)
    before = len(fake_api.sent["1001"])
    await core.service.send_message(ref, AGENT, "\n\n".join(["A long explanation & details. " * 40] * 8))
    await core.dispatcher.run_until_idle()

    status, *pieces = fake_api.sent["1001"][before:]
    assert "being investigated" in status["text"]
    assert len(pieces) == 3  # about 9,600 characters
    visible = [html.unescape(p["text"]) for p in pieces]
    assert all(len(text) <= 4096 for text in visible)
    assert visible[0].startswith(f"About your complaint {ref}: A long explanation &amp; details.".replace("&amp;", "&"))
    assert " ".join(" ".join(visible).split()).count("A long explanation & details.") == 320


async def test_flood_limit_waits_retry_after(core: Core, bot: Bot, fake_api: FakeBotApi, clock: FixedClock) -> None:
    ref = await open_case(core, bot)
    fake_api.fail("sendMessage", 429, retry_after=42)
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.dispatcher.run_until_idle()

    (row,) = [n for n in await rows(core, ref) if n.kind == "status_changed"]
    assert row.status == "pending" and "flood" in (row.last_error or "")
    assert row.next_attempt_at >= clock.now() + timedelta(seconds=42)
    clock.advance(seconds=43)
    await core.dispatcher.run_until_idle()
    (row,) = [n for n in await rows(core, ref) if n.kind == "status_changed"]
    assert row.status == "sent" and row.attempts == 2


async def test_server_errors_are_retried_by_the_outbox(core: Core, bot: Bot, fake_api: FakeBotApi,
                                                       clock: FixedClock) -> None:
    ref = await open_case(core, bot)
    fake_api.fail("sendMessage", 500, times=2)
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.dispatcher.run_until_idle()
    clock.advance(minutes=5)
    await core.dispatcher.run_until_idle()
    clock.advance(minutes=5)
    await core.dispatcher.run_until_idle()

    (row,) = [n for n in await rows(core, ref) if n.kind == "status_changed"]
    assert row.status == "sent" and row.attempts == 3


async def test_blocked_person_is_marked_unreachable_and_agents_are_told(core: Core, bot: Bot,
                                                                       fake_api: FakeBotApi) -> None:
    ref = await open_case(core, bot)
    fake_api.block(1001)
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.dispatcher.run_until_idle()
    await core.dispatcher.run_until_idle()

    (row,) = [n for n in await rows(core, ref) if n.kind == "status_changed"]
    assert row.status == "dead" and row.attempts == 1
    async with core.uow() as uow:
        identity = await uow.identity("telegram", "1001")
    assert identity is not None and "blocked" in (identity.unreachable_reason or "")
    alerts = [n for n in await core.queries.notifications(reference_text=ref) if n.kind == "contact_unreachable"]
    assert len(alerts) == 1 and alerts[0].channel == "agents"
    assert len(fake_api.calls_of("sendMessage")) == 1  # one refused attempt, no endless retries


async def test_the_status_page_link_reaches_the_chat_whole(core: Core, bot: Bot, fake_api: FakeBotApi) -> None:
    ref = await open_case(core, bot)
    await core.service.request_access_link(ref, "telegram", None, base_url="https://desk.example")
    await core.dispatcher.run_until_idle()

    [row] = [n for n in await rows(core, ref) if n.kind == "access_link"]
    link = str(row.params["link"])
    assert row.status == "sent" and link.startswith("https://desk.example/status/open/")
    assert link in fake_api.texts_to(1001)[-1]
