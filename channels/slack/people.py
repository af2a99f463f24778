"""The language a Slack user reads, from their locale (``users.info``), cached. The lookup is an
aid, never a condition: when it fails in any way the person is answered in English, and their
action goes ahead."""

from __future__ import annotations

import logging

from slack_sdk.web.async_client import AsyncWebClient

from channels.slack.failures import failure_code
from channels.slack.texts import language_of_locale

log = logging.getLogger(__name__)
MAX_CACHED = 10_000
DEFAULT_LANGUAGE = "en"


class PeopleLanguages:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._known: dict[str, str] = {}

    def known(self, user_id: str) -> str | None:
        return self._known.get(user_id)

    async def language(self, user_id: str | None) -> str:
        if not user_id:
            return DEFAULT_LANGUAGE
        if user_id in self._known:
            return self._known[user_id]
        try:
            response = await self._client.users_info(user=user_id, include_locale=True)
        except Exception as error:  # Slack's refusal, a proxy's page that is not JSON, a timeout...: not kept, asked again
            log.info("slack: users.info failed for a user (%s); answering in %s", failure_code(error), DEFAULT_LANGUAGE)
            return DEFAULT_LANGUAGE
        user = response.data.get("user") if isinstance(response.data, dict) else None
        locale = user.get("locale") if isinstance(user, dict) else None
        language = language_of_locale(locale if isinstance(locale, str) else None)
        if len(self._known) >= MAX_CACHED:
            self._known.clear()
        self._known[user_id] = language
        return language
