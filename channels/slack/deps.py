"""What the Slack handlers share while the product runs."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from config.settings import Settings
from core.runtime import Core

from channels.slack.access import AgentDirectory
from channels.slack.cardkeeper import CardKeeper
from channels.slack.files import SlackFiles
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
    agents: AgentDirectory
    people: PeopleLanguages
    cards: CardKeeper
    work: BackgroundWork
    files: SlackFiles | None = None

    # Each logs how a request ended and returns it as the outcome recorded on a journalled event.
    def processed(self, kind: str, detail: str) -> str:
        outcomes.info("slack %s processed: %s", kind, detail)
        return f"processed: {detail}"

    def ignored(self, kind: str, reason: str) -> str:
        outcomes.info("slack %s ignored: %s", kind, reason)
        return f"ignored: {reason}"

    def refused(self, kind: str, reason: str) -> str:
        outcomes.warning("slack %s refused: %s", kind, reason)
        return f"refused: {reason}"


def build_deps(settings: Settings, core: Core, dialogue: DialogueManager, session: aiohttp.ClientSession,
               background: set) -> SlackDeps:
    """The handlers' shared parts, as the serving process and the Slack worker process both build
    them: one Web API client on ``session`` (one connection pool for every call)."""
    assert settings.slack_bot_token and settings.slack_triage_channel
    token = settings.slack_bot_token.get_secret_value()
    client = AsyncWebClient(token=token, base_url=settings.slack_api_base, session=session)
    return SlackDeps(
        settings=settings, core=core, client=client, dialogue=dialogue,
        agents=AgentDirectory(client, usergroup=settings.slack_agents_usergroup, channel=settings.slack_triage_channel),
        people=PeopleLanguages(client),
        cards=CardKeeper(core, client, settings.slack_triage_channel, dialogue.kv, dialogue.keys),
        work=BackgroundWork(background),
        files=SlackFiles(session, token, core.service.attachments, settings.slack_api_base),
    )
