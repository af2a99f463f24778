"""Updates are stored durably first (one ``inbound`` row per update_id, in the shared journal),
acknowledged, then processed in order per chat; their replies are settled with them and sent at
once. A duplicate update_id is recognised by the row's unique key and never processed twice;
rows a crash left pending are taken up again at start."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Literal

from aiogram import Bot, Dispatcher
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import Update
from aiogram.types.update import UpdateTypeLookupError
from pydantic import ValidationError

from channels.inbound.journal import Arrival, Settlement
from channels.inbound.replies import ReplyCollector
from channels.inbound.wiring import journal_for, processor_for
from core.model import InboundRecord
from core.runtime import Core
from core.status import InboundStatus

log = logging.getLogger(__name__)
CHANNEL = "telegram"
DUPLICATE: Literal["duplicate"] = "duplicate"


class NotAnUpdate(ValueError):
    """The body is not a Telegram update at all (not JSON, or no integer update_id)."""


@dataclass(frozen=True, slots=True)
class Accepted:
    key: str
    new: bool
    status: InboundStatus | Literal["duplicate"]  # pending: it will be processed; refused: aiogram rejected it


def parse_body(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NotAnUpdate(f"body is not JSON: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int) or isinstance(data["update_id"], bool):
        raise NotAnUpdate("body has no integer update_id")
    return data


def refusal(error: ValidationError) -> str:
    problems = "; ".join(f"{'.'.join(str(p) for p in item['loc'])}: {item['msg']}" for item in error.errors()[:5])
    return f"refused: the Bot API update does not match aiogram's model ({error.error_count()} problem(s): {problems})"


def chat_key(data: dict[str, Any]) -> str:
    """Which conversation an update belongs to, to keep each chat's updates in order."""
    for kind in ("message", "edited_message", "callback_query", "my_chat_member"):
        event = data.get(kind)
        if isinstance(event, dict):
            chat = event.get("chat") or (event.get("message") or {}).get("chat") or event.get("from") or {}
            if isinstance(chat, dict) and "id" in chat:
                return str(chat["id"])
    return f"update:{data.get('update_id')}"


class UpdateIntake:
    def __init__(self, core: Core, bot: Bot, dispatcher: Dispatcher) -> None:
        self.core = core
        self.bot = bot
        self.dispatcher = dispatcher
        self.journal = journal_for(core, CHANNEL)
        self.processor = processor_for(core, self.journal, self.process)

    async def accept(self, data: dict[str, Any], body: bytes) -> Accepted:
        """Store the update (or recognise it as a duplicate), then schedule its processing.
        Returns once the row is committed: only then may Telegram be told it arrived."""
        key = str(data["update_id"])
        try:
            update: Update | None = Update.model_validate(data, context={"bot": self.bot})
            status, outcome = InboundStatus.PENDING, None
        except ValidationError as error:
            update, status, outcome = None, InboundStatus.REFUSED, refusal(error)
        record = await self.journal.store(Arrival(key, body, self.core.clock.now(), chat_key(data), status, outcome))
        if record is None:
            log.info("telegram update %s arrived again: already recorded, not processed twice", key)
            return Accepted(key, False, DUPLICATE)
        if update is None:
            log.warning("telegram update %s %s", key, outcome)
            return Accepted(key, True, InboundStatus.REFUSED)
        self.processor.submit(record, update)
        return Accepted(key, True, InboundStatus.PENDING)

    async def process(self, record: InboundRecord, parsed: Update | None) -> Settlement:
        """Run one update through the router; its replies are settled with it and sent inline."""
        update = parsed
        if update is None:  # taken up again after a restart
            try:
                update = Update.model_validate(json.loads(record.payload), context={"bot": self.bot})
            except ValidationError as error:
                return Settlement(InboundStatus.REFUSED, refusal(error))
        try:
            update.event_type
        except UpdateTypeLookupError:
            return Settlement(InboundStatus.REFUSED, "refused: the update carries no kind of event aiogram knows")
        outgoing = ReplyCollector(CHANNEL, self.core.clock.now())
        result = await self.dispatcher.feed_update(self.bot, update, outgoing=outgoing)
        if result is UNHANDLED:
            status, outcome = InboundStatus.IGNORED, f"ignored: nothing to do with a {update.event_type} update here"
        else:
            status = InboundStatus.IGNORED if str(result).startswith("ignored") else InboundStatus.DONE
            outcome = str(result)
        log.log(logging.DEBUG if status is InboundStatus.DONE else logging.INFO, "telegram update %s %s",
                record.dedup_key, outcome)
        return Settlement(status, outcome, replies=outgoing.notifications, inline=True)

    async def start(self) -> None:
        await self.processor.start()

    async def stop(self, grace_seconds: float) -> None:
        await self.processor.stop(grace_seconds)
        await self.journal.close()
