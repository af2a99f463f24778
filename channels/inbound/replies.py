"""The replies one delivery leads to, as outbox rows keyed by the delivery: settled together with
it, they are queued once however often the delivery is processed again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.messages import Reply
from core import outbox
from core.model import Notification


class ReplyCollector:
    def __init__(self, channel: str, now: datetime) -> None:
        self.channel = channel
        self.now = now
        self.notifications: list[Notification] = []
        self._used: dict[str, int] = {}

    def add(self, address: str, replies: Sequence[Reply], *, key: str, lang: str) -> None:
        """Queue ``replies`` to ``address``; ``key`` is the platform's id of what they answer."""
        start = self._used.get(key, 0)
        for index, reply in enumerate(replies, start=start):
            self.notifications.append(outbox.reply(
                channel=self.channel, address=address, text=reply.text, lang=lang, key=f"{key}:{index}", now=self.now,
                choices=tuple((choice.label, choice.value) for choice in reply.choices)))
        self._used[key] = start + len(replies)

    def __len__(self) -> int:
        return len(self.notifications)
