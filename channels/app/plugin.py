"""What a channel adapter offers the runner. Adding a channel = one module that implements this
and one line in ``channels.app.registry``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from aiohttp import web

from config.settings import Settings
from core.ports import PersonalDataHolder
from core.runtime import Core

if TYPE_CHECKING:
    from bot.manager import DialogueManager
    from channels.app.leadership import Leadership
    from redis.asyncio import Redis


@dataclass
class ServeContext:
    """Everything a channel may use while the product runs."""

    settings: Settings
    core: Core
    dialogue: DialogueManager
    web: web.Application
    redis: Redis | None = None
    background: set = field(default_factory=set)
    duties: Leadership | None = None  # the singleton duties (the runner's); none outside ``serve``


class ChannelPlugin(Protocol):
    name: str

    def not_configured_reason(self, settings: Settings) -> str | None:
        """None when the channel's settings are complete; otherwise why it will not start."""

    def personal_data_holder(self, settings: Settings) -> PersonalDataHolder | None:
        """What the channel keeps of people outside the database, for erasure (files it wrote,
        posts it made); from settings alone, so that a CLI command erases as the product would."""

    async def setup(self, context: ServeContext) -> None:
        """Register web routes and the channel's notifier (before the web app starts)."""

    async def start(self, context: ServeContext) -> None:
        """Start listeners and background loops."""

    async def drain(self, grace_seconds: float) -> None:
        """Take no new work (listeners closed, sweeps stopped) and finish the deliveries in hand
        within ``grace_seconds`` (what is cut short goes back to the journal for another
        process); the channel can still send, until :meth:`stop`."""

    async def stop(self) -> None:
        """Drain (at once, if not drained yet) and close the channel's connections."""
