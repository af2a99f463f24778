"""Long polling with our own getUpdates loop: each raw update is stored before the offset moves
past it (so nothing is lost if the process stops), and one update aiogram cannot read never
blocks the ones behind it (aiogram's own loop parses a whole batch at once). Failures back off
exponentially with jitter."""

from __future__ import annotations

import asyncio
import json
import logging
import random
from typing import Any

import aiohttp
from aiogram import Bot

from channels.telegram.intake import NotAnUpdate, UpdateIntake

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


class PollingLoop:
    def __init__(self, bot: Bot, intake: UpdateIntake, url: str, *, timeout: int = 25,
                 max_backoff: float = 30.0) -> None:
        self.bot = bot
        self.intake = intake
        self.url = url
        self.timeout = timeout
        self.max_backoff = max_backoff
        self.offset = 0

    async def run(self) -> None:
        failures = 0
        while True:
            try:
                updates = await self._get_updates()
                for raw in updates:
                    await self._accept(raw)
                    self.offset = max(self.offset, int(raw.get("update_id", 0)) + 1)
                failures = 0
            except asyncio.CancelledError:
                raise
            except _RetryAfter as flood:
                log.warning("telegram getUpdates: flood limit, waiting %s s", flood.seconds)
                await asyncio.sleep(flood.seconds)
            except Exception as error:
                failures += 1
                delay = min(self.max_backoff, 0.5 * 2 ** (failures - 1)) * random.uniform(0.75, 1.25)
                log.warning("telegram getUpdates failed (%s: %s); trying again in %.1f s",
                            type(error).__name__, error, delay)
                await asyncio.sleep(delay)

    async def _get_updates(self) -> list[dict[str, Any]]:
        # aiogram's AiohttpSession.create_session (not on BaseSession): its pooled aiohttp session
        session = await self.bot.session.create_session()  # type: ignore[attr-defined]  # AiohttpSession's, not BaseSession's (docs/architecture.md)
        payload = {"offset": self.offset, "timeout": self.timeout, "allowed_updates": ALLOWED_UPDATES}
        async with session.post(self.url, json=payload, timeout=aiohttp.ClientTimeout(total=self.timeout + 10)) as response:
            body = await response.json(content_type=None)
        if not body.get("ok"):
            retry_after = (body.get("parameters") or {}).get("retry_after")
            if retry_after:
                raise _RetryAfter(float(retry_after))
            raise RuntimeError(f"getUpdates answered {body.get('error_code')}: {body.get('description')}")
        return [item for item in body.get("result", []) if isinstance(item, dict)]

    async def _accept(self, raw: dict[str, Any]) -> None:
        body = json.dumps(raw, ensure_ascii=False).encode()
        if not isinstance(raw.get("update_id"), int):
            log.warning("telegram getUpdates gave an item without update_id; skipped")
            return
        try:
            await self.intake.accept(raw, body)
        except NotAnUpdate as error:
            log.warning("telegram getUpdates item skipped: %s", error)


class _RetryAfter(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds
