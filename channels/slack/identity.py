"""Who the app is in Slack (``auth.test``, asked once and kept), as bolt's ``authorize``."""

from __future__ import annotations

import asyncio
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient


class BotIdentity:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._result: AuthorizeResult | None = None
        self._lock = asyncio.Lock()

    @property
    def bot_user_id(self) -> str | None:
        return self._result.bot_user_id if self._result else None

    async def load(self) -> AuthorizeResult:
        if self._result is None:
            async with self._lock:
                if self._result is None:
                    response = await self._client.auth_test()
                    self._result = AuthorizeResult.from_auth_test_response(
                        auth_test_response=response, bot_token=self._client.token)
        return self._result
