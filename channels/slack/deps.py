"""What the Slack handlers share while the product runs."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from config.settings import Settings
from core.runtime import Core

from channels.slack.access import AgentDirectory
from channels.slack.cardkeeper import CardKeeper
from channels.slack.files import SlackFiles
from channels.slack.ledger import EventLedger
from channels.slack.people import PeopleLanguages
from channels.slack.tasks import BackgroundWork

if TYPE_CHECKING:
    from bot.manager import DialogueManager

outcomes = logging.getLogger("channels.slack.outcome")


@dataclass
class SlackDeps:
    settings: Settings
    core: Core
    client: AsyncWebClient
    dialogue: DialogueManager | None
    ledger: EventLedger
    agents: AgentDirectory
    people: PeopleLanguages
    cards: CardKeeper
    work: BackgroundWork
    files: SlackFiles | None = None
    replay: Callable[[str, dict], Awaitable[None]] | None = None  # set by the bolt app

    async def replay_pending(self) -> int:
        """Do the work of events an earlier run stored but did not finish; returns how many."""
        assert self.replay is not None
        stored = await self.ledger.left_pending()
        for event_id, body in stored:
            await self.replay(event_id, body)
        return len(stored)

    def processed(self, kind: str, detail: str) -> None:
        outcomes.info("slack %s processed: %s", kind, detail)

    def ignored(self, kind: str, reason: str) -> None:
        outcomes.info("slack %s ignored: %s", kind, reason)

    def refused(self, kind: str, reason: str) -> None:
        outcomes.warning("slack %s refused: %s", kind, reason)
