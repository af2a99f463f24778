"""Status updates to complainants who wrote to the app by DM (outbox channel ``slack``)."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from config.catalog import MessageCatalog
from config.policy import Policy
from core.model import Notification
from core.notification_text import render
from core.ports import Delivered, DeliveryFailed

from channels.slack.blocks import dm_channel, reply_blocks
from channels.slack.escape import escape_control
from channels.slack.failures import delivery_failure


class DirectMessageNotifier:
    channel = "slack"

    def __init__(self, client: AsyncWebClient, catalog: MessageCatalog, policy: Policy) -> None:
        self._client = client
        self._catalog = catalog
        self._policy = policy

    async def deliver(self, notification: Notification) -> Delivered:
        if not notification.address or notification.address == "[erased]":
            raise DeliveryFailed("slack: no address (erased)", permanent=True)
        rendered = render(notification, self._catalog, self._policy)
        try:
            response = await self._client.chat_postMessage(
                channel=dm_channel(notification.address), text=escape_control(rendered.text),
                blocks=reply_blocks(rendered.text, rendered.choices), unfurl_links=False, unfurl_media=False)
        except SlackApiError as error:
            raise delivery_failure(error) from None
        return Delivered(ref=f"{response['channel']}/{response['ts']}")
