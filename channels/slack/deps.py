"""What the Slack handlers share while the product runs."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from bot.keys import KeyBuilder
from bot.kv import KeyValue
from config.settings import Settings
from core.runtime import Core

from channels.slack.access import AgentDirectory
from channels.slack.cardkeeper import CardKeeper
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
    kv: KeyValue
    keys: KeyBuilder
    agents: AgentDirectory
    people: PeopleLanguages
    cards: CardKeeper
    work: BackgroundWork

    def processed(self, kind: str, detail: str) -> None:
        outcomes.info("slack %s processed: %s", kind, detail)

    def ignored(self, kind: str, reason: str) -> None:
        outcomes.info("slack %s ignored: %s", kind, reason)

    def refused(self, kind: str, reason: str) -> None:
        outcomes.warning("slack %s refused: %s", kind, reason)
