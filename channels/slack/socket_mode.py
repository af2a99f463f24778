"""Optional Socket Mode: the same bolt app fed over Slack's WebSocket instead of HTTP, when an
app-level token (``xapp-...``) is configured."""

from __future__ import annotations

import logging

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)


class SocketModeLink:
    def __init__(self, app: AsyncApp, app_token: str, client: AsyncWebClient) -> None:
        self._handler = AsyncSocketModeHandler(app, app_token, web_client=client, logger=log)

    async def start(self) -> None:
        await self._handler.connect_async()
        log.info("slack: Socket Mode connected")

    async def stop(self) -> None:
        await self._handler.close_async()
