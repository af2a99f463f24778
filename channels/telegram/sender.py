"""Sends rendered replies with sendMessage. Inline (dialogue) replies wait out a flood limit and
retry brief server trouble a few times; notifications leave retrying to the outbox."""

from __future__ import annotations

import asyncio
import logging
import random

from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError

from bot.messages import Reply
from channels.telegram.render import OutgoingMessage, render_reply

log = logging.getLogger(__name__)
MAX_FLOOD_WAIT = 60.0


class TelegramSender:
    def __init__(self, bot: Bot, *, attempts: int = 3, base_delay: float = 0.5) -> None:
        self.bot = bot
        self.attempts = attempts
        self.base_delay = base_delay

    async def send_reply(self, chat_id: int | str, reply: Reply, *, retry: bool = True) -> list[int]:
        """Send ``reply`` to ``chat_id``; returns the message ids Telegram gave the pieces."""
        ids = []
        for message in render_reply(reply):
            if message.html.strip():
                ids.append(await self._send(chat_id, message, retry=retry))
        return ids

    async def _send(self, chat_id: int | str, message: OutgoingMessage, *, retry: bool) -> int:
        attempt = 0
        while True:
            attempt += 1
            try:
                sent = await self.bot.send_message(chat_id=chat_id, text=message.html, reply_markup=message.keyboard)
                return sent.message_id
            except TelegramRetryAfter as flood:
                if not retry or attempt >= self.attempts or flood.retry_after > MAX_FLOOD_WAIT:
                    raise
                log.warning("telegram flood limit: waiting %s s before sending again", flood.retry_after)
                await asyncio.sleep(flood.retry_after)
            except (TelegramServerError, TelegramNetworkError) as error:
                if not retry or attempt >= self.attempts:
                    raise
                delay = self.base_delay * 2 ** (attempt - 1) * random.uniform(0.8, 1.2)
                log.warning("telegram sendMessage failed (%s); retrying in %.2f s", type(error).__name__, delay)
                await asyncio.sleep(delay)
