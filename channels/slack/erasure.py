"""The Slack channel's part of an erasure (core.erasure): what the app posted about an erased case
is overwritten in place. The card in the triage channel keeps only the reference (an open case's
card is drawn again from the erased case at its next update); the thread's copies of the case's
messages and updates, and the updates the outbox sent to a complainant's DM, read ``[erased]``.

What people wrote in the thread themselves is theirs: the app cannot edit it (a workspace admin
can delete it). The dialogue's own replies in a DM are not recorded, so they stay."""

from __future__ import annotations

import logging
import re

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from core.notification_text import AGENTS
from core.ports import ErasureScope

from channels.slack.cardkeeper import LINK_KIND, CardPlace
from channels.slack.failures import api_error_code
from channels.slack.texts import t

log = logging.getLogger(__name__)
CHANNEL = "slack"
LANGUAGE = "en"  # the agents' channel speaks the language of the agents' notifications
# The post is gone, or can never be changed again: nothing is left to overwrite.
BEYOND_REACH = frozenset({"message_not_found", "cant_update_message", "channel_not_found", "is_archived",
                          "not_in_channel", "edit_window_closed"})
_TS = re.compile(r"^\d+\.\d+$")


class SlackPosts:
    name = "slack"
    handles = frozenset({LINK_KIND})

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    @classmethod
    def connect(cls, token: str, api_base: str) -> SlackPosts:
        """With a client of its own that waits out Slack's rate limits (an erasure may overwrite
        many posts at once)."""
        return cls(AsyncWebClient(token=token, base_url=api_base,
                                  retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=3)]))

    async def erase(self, scope: ErasureScope) -> None:
        cards = {CardPlace.parse(value): reference for reference, kind, value in scope.links if kind == LINK_KIND}
        posts = {place for channel, ref in scope.deliveries if channel in (AGENTS, CHANNEL)
                 if (place := CardPlace.parse(ref)).channel and _TS.match(place.ts) and place not in cards}
        for place in sorted(posts, key=lambda p: (p.channel, p.ts)):
            await self._overwrite(place, t("erased.post", LANGUAGE))
        for place, reference in sorted(cards.items(), key=lambda item: item[1]):
            await self._overwrite(place, t("erased.card", LANGUAGE, reference=reference))
        log.info("erasure: %d Slack card(s) and %d post(s) overwritten", len(cards), len(posts))

    async def _overwrite(self, place: CardPlace, text: str) -> None:
        try:
            await self._client.chat_update(channel=place.channel, ts=place.ts, text=text, blocks=[])
        except SlackApiError as error:
            code = api_error_code(error)
            if code not in BEYOND_REACH:
                raise
            log.info("erasure: a Slack post could not be overwritten (%s); nothing is left to change", code)
