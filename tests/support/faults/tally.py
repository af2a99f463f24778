"""Counting what the fault suite's people went through: per channel, complaints the product said
it received, cases stored, acknowledgements that reached the person, duplicates and losses."""

from __future__ import annotations

import asyncio
import email
import email.policy
import mailbox
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import func, select

from config.settings import load_settings
from core.model import Case, Notification
from core.runtime import Core
from tests.support.email.relay import RecordingRelay
from tests.support.faults.deployment import Platforms
from tests.support.faults.people import ACKNOWLEDGED, Identity, Outcome, SlackPerson, TelegramPerson


class Stores(Protocol):
    """Where a deployment (one process, or a cluster) keeps its data, and where its mail goes."""

    @property
    def data_dir(self) -> Path: ...

    @property
    def database_url(self) -> str | None: ...

    @property
    def relayed(self) -> bool: ...


@dataclass(frozen=True)
class Count:
    channel: str
    people: int
    accepted: int  # complaints the product said it had (250, or the submit step's 200)
    cases: int
    acknowledged: int  # people with at least one acknowledgement
    duplicates: int  # acknowledgements beyond the first, as the person saw them
    lost: int  # accepted complaints without an acknowledgement

    def line(self) -> str:
        return (f"{self.channel:9} people {self.people:3}  accepted {self.accepted:3}  cases {self.cases:3}  "
                f"acknowledged {self.acknowledged:3}  duplicates {self.duplicates:3}  lost {self.lost:3}")


def _count(channel: str, outcomes: list[Outcome], cases: int, acks: dict[int, int]) -> Count:
    accepted = sum(o.submitted for o in outcomes)
    acknowledged = sum(1 for o in outcomes if acks.get(o.person.number, 0) > 0)
    lost = sum(1 for o in outcomes if o.submitted and acks.get(o.person.number, 0) == 0)
    duplicates = sum(max(0, count - 1) for count in acks.values())
    return Count(channel, len(outcomes), accepted, cases, acknowledged, duplicates, lost)


def _mail_acks(messages: list[email.message.EmailMessage], people: list[Identity]) -> dict[int, int]:
    """Acknowledgements per person as their mail program shows them: one per Message-ID."""
    by_address = {person.email: person.number for person in people}
    seen: set[str] = set()
    acks: Counter[int] = Counter()
    for message in messages:
        number = by_address.get(str(message["To"]).strip().lower())
        body = message.get_body(("plain",))
        if number is None or body is None or ACKNOWLEDGED not in body.get_content():
            continue
        if message["Message-ID"] in seen:
            continue
        seen.add(message["Message-ID"])
        acks[number] += 1
    return dict(acks)


def maildir_messages(data_dir: Path) -> list[email.message.EmailMessage]:
    box = mailbox.Maildir(data_dir / "outbox-maildir", create=False)
    return [email.message_from_bytes(box.get_bytes(key), policy=email.policy.default) for key in box.keys()]  # type: ignore[misc]


def relay_messages(relay: RecordingRelay) -> list[email.message.EmailMessage]:
    return list(relay.messages)  # type: ignore[arg-type]


async def settled(deployment: Stores, timeout: float = 120.0) -> None:
    """Wait until the inbound journal has handled every message it accepted (a row a killed
    process had claimed is taken again when its lease ends) and the outbox has delivered
    everything it holds (or given it up)."""
    core = _core(deployment)
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            async with core.uow(read_only=True) as uow:
                inbound = sum((await uow.pending_inbound_counts()).values())
                waiting = (await uow.session.execute(select(func.count()).select_from(Notification).where(
                    Notification.status.in_(["pending", "sending"])))).scalar_one()
            if inbound == 0 and waiting == 0:
                return
            await asyncio.sleep(0.2)
        raise AssertionError(f"{inbound} inbound message(s) and {waiting} notification(s) still waiting after {timeout:g} s")
    finally:
        await core.close()


def _core(deployment: Stores) -> Core:
    return Core.build(load_settings(data_dir=deployment.data_dir, database_url=deployment.database_url),
                      checkpoints=False)


async def tally(deployment: Stores, platforms: Platforms, telegram: list[TelegramPerson],
                slack: list[SlackPerson], mails: list[Outcome]) -> list[Count]:
    core = _core(deployment)
    try:
        async with core.uow(read_only=True) as uow:
            cases = dict((await uow.session.execute(
                select(Case.channel, func.count()).group_by(Case.channel))).all())
    finally:
        await core.close()
    telegram_acks = {p.person.number: sum(ACKNOWLEDGED in text for text, _ in p.messages()) for p in telegram}
    slack_acks = {p.person.number: sum(ACKNOWLEDGED in text for text, _ in p.messages()) for p in slack}
    messages = relay_messages(platforms.relay) if deployment.relayed else maildir_messages(deployment.data_dir)
    mail_acks = _mail_acks(messages, [o.person for o in mails])
    return [
        _count("telegram", [p.outcome for p in telegram], cases.get("telegram", 0), telegram_acks),
        _count("slack", [p.outcome for p in slack], cases.get("slack", 0), slack_acks),
        _count("email", mails, cases.get("email", 0), mail_acks),
    ]


def secrets_in(log: Path, people: list[Identity]) -> list[str]:
    """The people's own details found in the product's log (it must name ids only)."""
    text = log.read_text(errors="replace").lower()
    return sorted({secret for person in people for secret in person.secrets if secret.lower() in text})
