"""One complainant on each channel, as a story sees them: they write, and read what the product
sent them since they last looked. Each goes through the running product and that channel's fake
platform over real sockets (the Telegram Bot API, a Slack DM, SMTP in and a relay out), or, on the
console, through ``complaintdesk chat`` with the message on its stdin.

What differs between channels is said here once: whether a channel ``converses`` (asks and
confirms step by step; an email is a complaint at once), whether it ``pushes`` (an agent's action
reaches the person without their asking; the console has no way to write to them), and whether a
message that starts afresh ``proves`` its sender (a new email's From can be written by anyone;
only a reply to one of our mails proves the address).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import sys
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from config.settings import Settings, load_settings
from core.commands import Identity
from core.runtime import Core
from tests.support.email.product import Product as EmailProduct
from tests.support.email.relay import body_text
from tests.support.email.smtp_client import COMPLAINTS
from tests.support.slack.dm import DmPerson
from tests.support.telegram.product import Person, Product as TelegramProduct

COMPLAINTDESK = Path(sys.executable).with_name("complaintdesk")


class Complainant(Protocol):
    channel: str
    converses: bool
    pushes: bool
    proves: bool
    transcript: list[str]

    @property
    def identity(self) -> Identity: ...

    @property
    def core(self) -> Core: ...

    async def says(self, text: str) -> str:
        """Write ``text``; returns everything the product sent back once it has settled."""
        ...

    async def asks(self, text: str) -> str:
        """Write ``text`` afresh (by email a new mail, not a reply); returns the answer."""
        ...

    async def news(self) -> str:
        """What reached the person since they last looked (once the product has settled)."""
        ...


def _noted(transcript: list[str], said: str, heard: str) -> str:
    transcript.extend([f"> {said}", heard])
    return heard


@dataclass
class TelegramComplainant:
    person: Person
    channel: str = "telegram"
    converses: bool = True
    pushes: bool = True
    proves: bool = True
    transcript: list[str] = field(default_factory=list)

    @property
    def product(self) -> TelegramProduct:
        return self.person.product

    @property
    def identity(self) -> Identity:
        return Identity("telegram", str(self.person.id))

    @property
    def core(self) -> Core:
        return self.product.core

    async def says(self, text: str) -> str:
        return _noted(self.transcript, text, await self.person.say(text))

    async def asks(self, text: str) -> str:
        return await self.says(text)

    async def news(self) -> str:
        await self.product.settle()
        return _noted(self.transcript, "(looks)", self.person.news())


_slack_ts = itertools.count(1)


@dataclass
class SlackComplainant:
    person: DmPerson
    channel: str = "slack"
    converses: bool = True
    pushes: bool = True
    proves: bool = True
    transcript: list[str] = field(default_factory=list)

    @property
    def identity(self) -> Identity:
        return Identity("slack", self.person.user)

    @property
    def core(self) -> Core:
        return self.person.product.core

    async def says(self, text: str) -> str:
        # Slack dates a message by its ts: sent now on the test's clock, as on the other channels
        ts = f"{int(self.person.product.clock.now().timestamp())}.{next(_slack_ts):06d}"
        return _noted(self.transcript, text, await self.person.say(text, ts=ts))

    async def asks(self, text: str) -> str:
        return await self.says(text)

    async def news(self) -> str:
        return _noted(self.transcript, "(looks)", await self.person.news())


_message_ids = itertools.count(1)


@dataclass
class EmailComplainant:
    """Writes a new mail first, then answers the latest mail the product sent them (a reply is
    what proves that the address is theirs)."""

    product: EmailProduct
    address: str
    name: str
    subject: str
    channel: str = "email"
    converses: bool = False
    pushes: bool = True
    proves: bool = False
    transcript: list[str] = field(default_factory=list)
    seen: int = 0

    @property
    def identity(self) -> Identity:
        return Identity("email", self.address)

    @property
    def core(self) -> Core:
        return self.product.core

    def _mails(self) -> list[EmailMessage]:
        return [m for m in self.product.relay.messages if m["To"] == self.address]

    def _compose(self, text: str, subject: str, reply_to: EmailMessage | None) -> bytes:
        thread = ""
        if reply_to is not None:
            thread = f"In-Reply-To: {reply_to['Message-ID']}\r\nReferences: {reply_to['Message-ID']}\r\n"
            subject = str(reply_to["Subject"])
        return (f"From: {self.name} <{self.address}>\r\nTo: {COMPLAINTS}\r\nSubject: {subject}\r\n"
                f"Message-ID: <story{next(_message_ids)}@example.org>\r\n{thread}"
                f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n").encode()

    async def _send(self, text: str, raw: bytes) -> str:
        sent = await self.product.send(raw, mail_from=self.address)
        assert sent.code == 250, sent
        return _noted(self.transcript, text, await self._read())

    async def says(self, text: str) -> str:
        """A reply to the latest mail that reached them (the first message: a new mail)."""
        mails = self._mails()
        return await self._send(text, self._compose(text, self.subject, mails[-1] if mails else None))

    async def asks(self, text: str) -> str:
        # In a mail of its own: a reply in the case's thread (or a subject naming the reference)
        # is added to the case, and so is a mail of more than five words naming it, subject included.
        return await self._send(text, self._compose(text, "Status", None))

    async def news(self) -> str:
        return _noted(self.transcript, "(looks)", await self._read())

    async def _read(self) -> str:
        await self.product.settle()
        mails = self._mails()
        fresh, self.seen = mails[self.seen:], len(mails)
        return "\n\n".join(body_text(m) for m in fresh)


@dataclass
class ConsoleComplainant:
    """``complaintdesk chat --user <user>`` run for each message (its session is kept in the
    database in between); agents' actions go through a core of the test's on the same data."""

    settings: Settings
    user: str
    channel: str = "console"
    converses: bool = True
    pushes: bool = False
    proves: bool = True
    transcript: list[str] = field(default_factory=list)
    _core: Core | None = None

    @property
    def identity(self) -> Identity:
        return Identity("console", self.user)

    @property
    def core(self) -> Core:
        """Opened once the first chat has made the database (``chat`` migrates it)."""
        if self._core is None:
            self._core = Core.build(load_settings(data_dir=self.settings.data_dir), checkpoints=False)
        return self._core

    async def says(self, text: str) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("COMPLAINTDESK_")}
        env |= {"COMPLAINTDESK_DATA_DIR": str(self.settings.data_dir), "COLUMNS": "250"}
        done = await asyncio.to_thread(
            subprocess.run, [COMPLAINTDESK, "chat", "--user", self.user], input=text + "\n", capture_output=True,
            text=True, env=env, cwd=self.settings.data_dir, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return _noted(self.transcript, text, done.stdout.strip())

    async def asks(self, text: str) -> str:
        return await self.says(text)

    async def news(self) -> str:
        return _noted(self.transcript, "(looks)", "")

    async def close(self) -> None:
        if self._core is not None:
            await self._core.close()
