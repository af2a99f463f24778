"""The language a Slack user reads, from their locale (``users.info``), cached."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from channels.slack.texts import language_of_locale

log = logging.getLogger(__name__)
MAX_CACHED = 10_000


class PeopleLanguages:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._known: dict[str, str] = {}

    def known(self, user_id: str) -> str | None:
        return self._known.get(user_id)

    async def language(self, user_id: str | None) -> str:
        if not user_id:
            return "en"
        if user_id in self._known:
            return self._known[user_id]
        try:
            response = await self._client.users_info(user=user_id, include_locale=True)
            user = response.get("user") or {}
            language = language_of_locale(user.get("locale"))
        except SlackApiError as error:
            log.info("slack: users.info failed for a user: %s", error.response.get("error"))
            return "en"
        if len(self._known) >= MAX_CACHED:
            self._known.clear()
        self._known[user_id] = language
        return language
