"""Updates are stored durably first (one ``inbound`` row per update_id), acknowledged, then
processed in tracked background tasks, in order per chat. A duplicate update_id is recognised by
the row's unique key and never processed twice; rows a crash left pending are swept at start."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import Update
from aiogram.types.update import UpdateTypeLookupError
from pydantic import ValidationError
from channels.journal import DeliveryJournal
from core.runtime import Core

log = logging.getLogger(__name__)
CHANNEL = "telegram"
DONE, FAILED, IGNORED, REFUSED = "done", "failed", "ignored", "refused"
_LEVELS = {DONE: logging.DEBUG, IGNORED: logging.INFO, REFUSED: logging.WARNING, FAILED: logging.ERROR}


class NotAnUpdate(ValueError):
    """The body is not a Telegram update at all (not JSON, or no integer update_id)."""


@dataclass(frozen=True, slots=True)
class Accepted:
    key: str
    new: bool
    status: str  # "pending" when it will be processed, "refused" when aiogram rejected it


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
    def __init__(self, core: Core, bot: Bot, dispatcher: Dispatcher, background: set[asyncio.Task[Any]]) -> None:
        self.core = core
        self.bot = bot
        self.dispatcher = dispatcher
        self.background = background
        self.journal = DeliveryJournal(CHANNEL, core.uow)
        self._tails: dict[str, asyncio.Task[Any]] = {}
        self._in_flight: set[str] = set()

    async def accept(self, data: dict[str, Any], body: bytes) -> Accepted:
        """Store the update (or recognise it as a duplicate), then schedule its processing.
        Returns once the row is committed: only then may Telegram be told it arrived."""
        key = str(data["update_id"])
        try:
            update: Update | None = Update.model_validate(data, context={"bot": self.bot})
            status, outcome = "pending", None
        except ValidationError as error:
            update, status, outcome = None, REFUSED, refusal(error)
        if not await self.journal.record(key, body, self.core.clock.now(), status=status, outcome=outcome):
            log.info("telegram update %s arrived again: already recorded, not processed twice", key)
            return Accepted(key, False, "duplicate")
        if update is None:
            log.warning("telegram update %s %s", key, outcome)
            return Accepted(key, True, REFUSED)
        self.schedule(key, chat_key(data), update)
        return Accepted(key, True, "pending")

    def schedule(self, key: str, chat: str, update: Update) -> asyncio.Task[Any]:
        """Process in the background, after the earlier updates of the same chat."""
        previous = self._tails.get(chat)
        self._in_flight.add(key)
        task = asyncio.create_task(self._after(previous, key, update), name=f"telegram-update-{key}")
        self._tails[chat] = task
        self.background.add(task)

        def finished(done: asyncio.Task[Any]) -> None:
            self.background.discard(done)
            self._in_flight.discard(key)
            if self._tails.get(chat) is done:
                del self._tails[chat]

        task.add_done_callback(finished)
        return task

    async def _after(self, previous: asyncio.Task[Any] | None, key: str, update: Update) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        await self.process(key, update)

    async def process(self, key: str, update: Update) -> tuple[str, str]:
        """Run one update through the router and record how it ended."""
        try:
            update.event_type
        except UpdateTypeLookupError:
            status, outcome = REFUSED, "refused: the update carries no kind of event aiogram knows"
        else:
            try:
                result = await self.dispatcher.feed_update(self.bot, update)
                if result is UNHANDLED:
                    status, outcome = IGNORED, f"ignored: nothing to do with a {update.event_type} update here"
                else:
                    status, outcome = (IGNORED if str(result).startswith("ignored") else DONE), str(result)
            except Exception as error:  # recorded, logged and left for an operator: no retry loop
                log.exception("telegram update %s failed", key)
                status, outcome = FAILED, f"failed: {type(error).__name__}: {error}"[:2000]
        log.log(_LEVELS.get(status, logging.INFO), "telegram update %s %s", key, outcome)
        await self._mark(key, status, outcome)
        return status, outcome

    async def _mark(self, key: str, status: str, outcome: str) -> None:
        await self.journal.mark(key, status, outcome)

    async def sweep(self) -> int:
        """Schedule the updates a crash left stored but unprocessed; returns how many."""
        async with self.core.uow() as uow:
            pending = await uow.pending_inbound(CHANNEL, limit=10_000)
        pending = [record for record in pending if record.dedup_key not in self._in_flight]
        for record in pending:
            data = json.loads(record.payload)
            try:
                update = Update.model_validate(data, context={"bot": self.bot})
            except ValidationError as error:
                await self._mark(record.dedup_key, REFUSED, refusal(error))
                continue
            self.schedule(record.dedup_key, chat_key(data), update)
        if pending:
            log.info("telegram: %d stored update(s) left unprocessed by an earlier run scheduled again", len(pending))
        return len(pending)
