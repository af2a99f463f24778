"""Complainants as the fault suite's load: each complains once on one channel and reads what the
bot says, whatever happens to the product meanwhile. Like the platforms, they deliver again
until the product says it has what they sent (HTTP 200, SMTP 250), and a person answers the
question the bot asked, not a fixed script: a restart must not change what they go through."""

from __future__ import annotations

import asyncio
import html
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import aiohttp

from config.catalog import default_catalog
from tests.support.email.smtp_client import COMPLAINTS, send
from tests.support.slack.payloads import message_event
from tests.support.slack.signing import SlackPoster
from tests.support.slack.web_api import FakeSlackApi
from tests.support.telegram import updates
from tests.support.telegram.bot_api import FakeBotApi

CATALOG = default_catalog()
ACKNOWLEDGED = CATALOG.text("notify.acknowledgement", "en", reference="\0").split("\0")[0]
STEP_SECONDS = 120.0  # a reply may wait for a restart, a lease, a lock left by a killed process
_update_ids = itertools.count(10_000)


@dataclass(frozen=True)
class Identity:
    """Details found nowhere else: the log scan looks for them."""

    number: int

    @property
    def name(self) -> str:
        return f"Zanthia Quillby{self.number}"

    @property
    def email(self) -> str:
        return f"zq{self.number}.faultline@example.org"

    @property
    def phone(self) -> str:
        return f"+44 7700 9{self.number:05d}"

    @property
    def words(self) -> str:
        return f"quokkaflux{self.number}"

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.name, self.email, self.phone.replace(" ", ""), self.phone, self.words)

    @property
    def opening(self) -> str:
        return (f"My {self.words} kettle from order 4471 leaked and burnt the table yesterday. "
                f"I want a refund. {self.name}, {self.email}")

    def answer(self, slot: str) -> str:
        return {"description": f"The {self.words} kettle leaked boiling water over the table.",
                "incident_date": "yesterday", "location": "the Leeds store", "product": f"{self.words} kettle",
                "order_number": "4471", "desired_outcome": "a refund", "name": self.name, "contact": self.email,
                "on_behalf_of": "no"}[slot]


SLOTS = ("description", "incident_date", "location", "product", "order_number", "desired_outcome", "name", "contact",
         "on_behalf_of")


def _next_step(text: str, choices: list[str], person: Identity) -> tuple[str, str] | None:
    """What a person does on reading ``text``: ("press", value), ("say", words), or None (wait)."""
    if ACKNOWLEDGED in text:
        return ("done", "")
    if "consent:yes" in choices:
        return ("press", "consent:yes")
    if "confirm:submit" in choices:
        return ("press", "confirm:submit")
    for slot in SLOTS:
        if CATALOG.text(f"bot.ask.{slot}", "en") in text:
            return ("say", person.answer(slot))
    return None


@dataclass
class Load:
    """What is in flight: deliveries the product accepted and has not answered yet, mails it
    accepted. Faults wait for these, so that they land on work in progress."""

    awaiting: int = 0
    mails_accepted: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    second_wave: asyncio.Event = field(default_factory=asyncio.Event)  # let the people of the second wave begin
    in_flight_at_kills: list[int] = field(default_factory=list)

    def note(self, awaiting: int = 0, mails: int = 0) -> None:
        self.awaiting += awaiting
        self.mails_accepted += mails
        self.changed.set()

    async def until(self, condition: Any, timeout: float = 60.0) -> bool:
        """Wait until ``condition(load)`` holds; False when it did not within ``timeout``."""
        try:
            async with asyncio.timeout(timeout):
                while not condition(self):
                    self.changed.clear()
                    await self.changed.wait()
        except TimeoutError:
            return False
        return True


@dataclass
class Outcome:
    channel: str
    person: Identity
    accepted: int = 0  # deliveries the product confirmed it has (200 / 250)
    submitted: bool = False  # the step that submits the complaint was accepted
    finished: bool = False  # the acknowledgement arrived
    stuck: str = ""  # what the bot last said when the person gave up


@dataclass
class ChatPerson:
    """Shared by Telegram and Slack: post, wait for the bot's answer, act on it."""

    person: Identity
    outcome: Outcome
    load: Load
    seen: int = 0
    waiting: bool = False

    def messages(self) -> list[tuple[str, list[str]]]:
        raise NotImplementedError

    async def deliver(self, kind: str, value: str) -> None:
        raise NotImplementedError

    def _accepted(self) -> None:
        self.outcome.accepted += 1
        if not self.waiting:
            self.waiting = True
            self.load.note(awaiting=1)

    async def complain(self, *, second_wave: bool = False) -> Outcome:
        if second_wave:
            await self.load.second_wave.wait()
        await self.deliver("say", self.person.opening)
        for _ in range(25):
            step = await self._read()
            if step is None:
                return self.outcome
            kind, value = step
            if kind == "done":
                self.outcome.finished = True
                return self.outcome
            if value == "confirm:submit":
                self.outcome.submitted = True
            await self.deliver(kind, value)
        return self.outcome

    async def _read(self) -> tuple[str, str] | None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STEP_SECONDS
        while loop.time() < deadline:
            shown = self.messages()
            if self.waiting and self.seen < len(shown):
                self.waiting = False
                self.load.note(awaiting=-1)
            while self.seen < len(shown):
                text, choices = shown[self.seen]
                self.seen += 1
                step = _next_step(text, choices, self.person)
                if step is not None:
                    return step
            await asyncio.sleep(0.05)
        shown = self.messages()
        self.outcome.stuck = shown[-1][0][:200] if shown else "(nothing)"
        return None


async def _until_accepted(post: Any, what: str) -> None:
    """Deliver until the product has it, as a platform does (Telegram and Slack retry)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + STEP_SECONDS
    while loop.time() < deadline:
        try:
            if await post() == 200:
                return
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError):
            pass
        await asyncio.sleep(0.2)
    raise AssertionError(f"{what} was never accepted")


@dataclass
class TelegramPerson(ChatPerson):
    api: FakeBotApi = field(default=None)  # type: ignore[assignment]
    url: str = ""
    secret: str = ""

    @property
    def user(self) -> dict[str, Any]:
        return updates.user(900_000 + self.person.number, first_name=self.person.name.split()[0],
                            last_name=self.person.name.split()[1])

    def messages(self) -> list[tuple[str, list[str]]]:
        return [(html.unescape(m["text"]), [b.get("callback_data", "") for row in (m.get("reply_markup") or {})
                                            .get("inline_keyboard", []) for b in row])
                for m in self.api.sent[str(self.user["id"])]]

    async def deliver(self, kind: str, value: str) -> None:
        if kind == "press":
            shown = next(m for m in reversed(self.api.sent[str(self.user["id"])])
                         if any(b.get("callback_data") == value for row in (m.get("reply_markup") or {})
                                .get("inline_keyboard", []) for b in row))
            update = updates.callback(next(_update_ids), self.user, value, shown)
        else:
            update = updates.message(next(_update_ids), self.user, value)
        await _until_accepted(lambda: self.api.post_to_webhook(update, url=self.url, secret=self.secret),
                              f"telegram update {update['update_id']}")
        self._accepted()


@dataclass
class SlackPerson(ChatPerson):
    api: FakeSlackApi = field(default=None)  # type: ignore[assignment]
    poster: SlackPoster = field(default=None)  # type: ignore[assignment]

    @property
    def user(self) -> str:
        return f"U0FAULT{self.person.number:04d}"

    @property
    def channel(self) -> str:
        return f"D0FAULT{self.person.number:04d}"

    def messages(self) -> list[tuple[str, list[str]]]:
        return [(str(call.get("text") or ""), [str(element.get("value")) for block in call.get("blocks") or []
                                               if block.get("type") == "actions" for element in block["elements"]])
                for call in self.api.of("chat.postMessage") if call.get("channel") == self.channel]

    async def deliver(self, kind: str, value: str) -> None:
        words = {"consent:yes": "yes", "confirm:submit": "yes"}.get(value, value) if kind == "press" else value
        event = message_event(user=self.user, channel=self.channel, text=words)

        async def post() -> int:
            return (await self.poster.event(event)).status

        await _until_accepted(post, f"slack event {event['event_id']}")
        self._accepted()


def complaint_mail(person: Identity) -> bytes:
    message = EmailMessage()
    message["From"] = f"{person.name} <{person.email}>"
    message["To"] = COMPLAINTS
    message["Subject"] = f"{person.words} kettle"
    message["Message-ID"] = f"<fault-{person.number}@example.org>"
    message.set_content(f"{person.opening}. My phone is {person.phone}.")
    return message.as_bytes()


async def email_complaint(port: int | Sequence[int], person: Identity, load: Load) -> Outcome:
    """One mail, sent again as a sending server would until the product answers 250; with
    several ports (a cluster's SMTP listeners, as several MX hosts), the next one each time."""
    outcome = Outcome("email", person)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + STEP_SECONDS
    raw = complaint_mail(person)
    ports = [port] if isinstance(port, int) else list(port)
    for attempt in itertools.count(person.number):
        if loop.time() >= deadline:
            break
        try:
            result = await send(ports[attempt % len(ports)], raw, mail_from=person.email)
        except (OSError, Exception):  # refused or cut while the product is down: try again
            result = None
        if result is not None and result.code == 250:
            outcome.accepted, outcome.submitted = 1, True
            load.note(mails=1)
            return outcome
        await asyncio.sleep(0.3)
    return outcome
