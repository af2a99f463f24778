"""Erasure through the running product, on SQLite and PostgreSQL: one person complains by email
(with an attachment; replies land in the local Maildir) and by Slack DM (with a shared file);
agents work the case from the Slack triage channel (a note and a reply quoting them, a close);
they rate it. Then the person is erased: no table, no file under the data directory, and no
post of the app in the triage channel holds their name, address, phone or words any more, and
the audit trail verifies."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from email.message import EmailMessage

import aiohttp
import pytest
from pydantic import SecretStr
from sqlalchemy import text

from channels.email.plugin import EmailPlugin
from channels.email.outbound.transport import MAILDIR_NAME
from channels.app.runner import Runner
from channels.slack import SlackPlugin
from config.settings import Settings
from core.actors import Actor
from core.audit import verify_all
from core.commands import Identity
from core.runtime import Core
from core.storage.schema import create_all
from tests.support import databases
from tests.support.clock import FixedClock
from tests.support.email.smtp_client import COMPLAINTS, send
from tests.support.personal_data import found_in_database, found_in_files
from tests.support.slack.cards import act, card_place, press
from tests.support.slack.payloads import block_actions, message_event, text_value
from tests.support.slack.product import AGENT, AGENTS_GROUP, TRIAGE, Product as SlackProduct
from tests.support.slack.signing import SIGNING_SECRET, SlackPoster
from tests.support.slack.web_api import BOT_TOKEN, FakeSlackApi

ADDRESS = "zq.unique77@example.org"
SLACK_USER, SLACK_DM = "U0ZEBEDEE", "D0ZEBEDEE"
DETAILS = ("Quartermain", "zq.unique77", "900123", "zorblax")
PDF = b"%PDF-1.4\nReceipt: Zebedee Quartermain, one zorblax router, +44 7700 900123\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"zorblax box of Zebedee Quartermain" + b"\x00" * 512
VIEWER = Actor.agent(AGENT)


def complaint_mail() -> bytes:
    message = EmailMessage()
    message["From"] = f"Zebedee Quartermain <{ADDRESS}>"
    message["To"] = COMPLAINTS
    message["Subject"] = "Zorblax router caught fire"
    message["Message-ID"] = "<first-zq.unique77@example.org>"
    message.set_content("Hello, my zorblax router from order 4471 caught fire yesterday and burnt the desk. "
                        "I want a refund. You can call me on +44 7700 900123.\n\nZebedee Quartermain\n")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="zorblax-receipt.pdf")
    return message.as_bytes()


@dataclass
class Running:
    slack: SlackProduct
    email: EmailPlugin

    @property
    def core(self) -> Core:
        return self.slack.core

    async def settle(self) -> None:
        for _ in range(50):
            assert self.email.worker is not None
            await self.email.worker.drain()
            await self.slack.settle()
            if not self.email.worker.in_flight:
                return
            await asyncio.sleep(0.02)

    async def dm(self, words: str, **extra: object) -> None:
        event = message_event(user=SLACK_USER, channel=SLACK_DM, text=words, **extra)  # type: ignore[arg-type]
        assert (await self.slack.poster.event(event)).status == 200
        await self.settle()

    async def press_in_dm(self, value: str) -> None:
        posts = [c for c in self.slack.api.of("chat.postMessage") if c.get("channel") == SLACK_DM]
        for post in reversed(posts):
            for block in post.get("blocks") or []:
                for element in block.get("elements", []) if block.get("type") == "actions" else []:
                    if element.get("value") == value:
                        answer = await self.slack.poster.interactive(block_actions(
                            user=SLACK_USER, channel=SLACK_DM, message_ts=str(post.answer.get("ts") or "1.1"),
                            action_id=element["action_id"], value=value, label=element["text"]["text"]))
                        assert answer.status == 200
                        await self.settle()
                        return
        raise AssertionError(f"no button {value!r} in the DM")


@pytest.fixture
async def running(product_settings: Settings, database_url: str, clock: FixedClock) -> AsyncIterator[Running]:
    """The product with the email and Slack channels, on SQLite and on PostgreSQL (``database_url``)."""
    api = FakeSlackApi(agents_group={AGENT}, channel_members={TRIAGE: {"U0000BOT"}})
    await api.start()
    settings = product_settings.model_copy(update={
        "slack_bot_token": SecretStr(BOT_TOKEN), "slack_signing_secret": SecretStr(SIGNING_SECRET),
        "slack_api_base": api.base_url, "slack_triage_channel": TRIAGE, "slack_agents_usergroup": AGENTS_GROUP,
        "outbox_base_delay_seconds": 0.05, "mail_relay_host": None,  # outgoing mail goes to the local Maildir
        "database_url": database_url,
    })
    schema = Core.build(settings, clock=clock)
    if schema.engine.dialect.name == "postgresql":
        async with schema.engine.begin() as connection:
            await connection.execute(text(databases.truncate_sql()))
    else:
        await create_all(schema.engine)
    await schema.close()
    email, slack = EmailPlugin(), SlackPlugin()
    runner = Runner(settings, clock=clock, plugins=[email, slack])
    await runner.start()
    try:
        async with aiohttp.ClientSession() as session:
            poster = SlackPoster(session, f"http://127.0.0.1:{runner.port}/slack/events")
            yield Running(SlackProduct(runner, slack, api, poster, clock), email)
    finally:
        await runner.stop()
        await api.stop()


async def complain_by_email(running: Running) -> str:
    assert running.email.port is not None
    assert (await send(running.email.port, complaint_mail(), mail_from=ADDRESS)).code == 250
    await running.settle()
    (case,) = await running.core.queries.cases_of(Identity("email", ADDRESS))
    return case.reference


async def complain_by_slack_dm(running: Running) -> str:
    await running.dm("The courier threw my zorblax parcel over the fence and broke it.")
    await running.press_in_dm("consent:yes")
    photo = running.slack.api.add_file("F0ZORB", "zorblax.png", PNG, "image/png")
    await running.dm("Here is a photo of the zorblax box.", files=[photo])
    for answer in ("yesterday", "parcel delivery", "a refund", "Zebedee Quartermain", ADDRESS):
        await running.dm(answer)
    await running.press_in_dm("confirm:submit")
    (case,) = await running.core.queries.cases_of(Identity("slack", SLACK_USER))
    return case.reference


async def work_from_slack(running: Running, reference: str) -> None:
    product = running.slack
    await press(product, reference, "case_take")
    await running.settle()
    channel, ts = await card_place(product, reference)
    for words in ("Zebedee Quartermain says the zorblax smoked first; his number ends 900123",
                  "reply: Dear Mr Quartermain, we are sorry about your zorblax and will refund order 4471."):
        event = message_event(user=AGENT, channel=channel, channel_type="channel", thread_ts=ts, text=words)
        assert (await product.poster.event(event)).status == 200
        await running.settle()
    await act(product, reference, "case_close", {"reason": text_value("Refunded the zorblax for Mr Quartermain")})
    await running.settle()


def posts_holding_details(api: FakeSlackApi) -> set[tuple[str, str]]:
    """(channel, ts) of every message the app posted in the triage channel (cards and threads)
    whose text or blocks held a detail of the person."""
    return {(str(call.answer["channel"]), str(call.answer["ts"])) for call in api.of("chat.postMessage")
            if call.answer.get("channel") == TRIAGE
            and any(detail.lower() in str(call.params).lower() for detail in DETAILS)}


def last_versions(api: FakeSlackApi) -> dict[tuple[str, str], str]:
    versions: dict[tuple[str, str], str] = {}
    for call in api.calls:
        if call.method == "chat.postMessage" and call.answer:
            versions[(str(call.answer["channel"]), str(call.answer["ts"]))] = str(call.params)
        elif call.method == "chat.update":
            versions[(str(call["channel"]), str(call["ts"]))] = str(call.params)
    return versions


async def test_an_erased_person_leaves_nothing_in_tables_files_or_the_apps_slack_posts(running: Running) -> None:
    by_email = await complain_by_email(running)
    await work_from_slack(running, by_email)
    await running.core.service.record_satisfaction(by_email, Identity("email", ADDRESS), 5,
                                                   "The zorblax refund came fast, thanks - Zebedee")
    by_slack = await complain_by_slack_dm(running)
    await running.settle()
    maildir = running.core.settings.data_dir / MAILDIR_NAME
    assert len(found_in_files(maildir, ("zq.unique77",))) >= 4, "acknowledgement, reply, closing and survey were mailed"
    assert any(path.startswith("attachments") for path in found_in_files(running.core.settings.data_dir, DETAILS))
    assert await found_in_database(running.core, DETAILS)
    shown_before = posts_holding_details(running.slack.api)
    assert len(shown_before) >= 4, "the cards and their threads showed the person's words"

    for reference in (by_email, by_slack):
        await running.core.service.erase_complainant_of(reference, VIEWER)
    await running.settle()

    left = await found_in_database(running.core, DETAILS)
    files = found_in_files(running.core.settings.data_dir, DETAILS)
    assert (left, files) == ([], [])
    now = last_versions(running.slack.api)
    still = [place for place in shown_before if any(d.lower() in now[place].lower() for d in DETAILS)]
    assert still == [], "every post of the app that showed the person is overwritten"
    cards = [await card_place(running.slack, reference) for reference in (by_email, by_slack)]
    assert all("personal data was erased" in now[place] for place in cards)
    async with running.core.uow() as uow:
        _, breach = await verify_all(uow)
    assert breach is None
    details = await running.core.queries.details(by_email, VIEWER)
    assert (details.status, details.description, details.complainant_name) == ("closed", "[erased]", None)
