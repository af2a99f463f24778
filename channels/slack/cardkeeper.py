"""The card of each case in the triage channel: posted once, updated in place, and the thread
under it. The card's place is kept on the case as a ``slack_card`` link ``<channel>/<ts>``."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from bot.keys import KeyBuilder
from bot.kv import KeyValue
from core.actors import Actor
from core.runtime import Core

from channels.slack.cards import card_fallback, case_card

LINK_KIND = "slack_card"
CARD_LOCK_SECONDS = 15
CARD_LOCK_POLL_SECONDS = 0.05
SLACK_ACTOR = Actor.agent("slack")


@dataclass(frozen=True, slots=True)
class CardPlace:
    channel: str
    ts: str

    @property
    def link(self) -> str:
        return f"{self.channel}/{self.ts}"

    @classmethod
    def parse(cls, value: str) -> CardPlace:
        channel, _, ts = value.partition("/")
        return cls(channel, ts)


class CardKeeper:
    """:param kv: where the per-case card lock is shared between processes (Redis in production;
        the in-memory store serves one process, which the local lock covers anyway)"""

    def __init__(self, core: Core, client: AsyncWebClient, triage_channel: str, kv: KeyValue | None = None,
                 keys: KeyBuilder | None = None) -> None:
        self._core = core
        self._client = client
        self._channel = triage_channel
        self._kv = kv
        self._keys = keys or KeyBuilder()
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    @asynccontextmanager
    async def _hold(self, reference: str) -> AsyncIterator[None]:
        """The case's card to ourselves: in this process (an asyncio lock) and across processes
        (a key set if absent, with a time-out so that a crashed holder cannot block it for good)."""
        lock = self._locks.get(reference)
        if lock is None:
            lock = self._locks[reference] = asyncio.Lock()  # lives while someone holds it
        async with lock:
            if self._kv is None:
                yield
                return
            key = self._keys.build("card", reference)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + CARD_LOCK_SECONDS
            while not (held := await self._kv.set_if_absent(key, CARD_LOCK_SECONDS)) and loop.time() < deadline:
                await asyncio.sleep(CARD_LOCK_POLL_SECONDS)
            try:
                yield
            finally:
                if held:
                    await self._kv.forget(key)

    async def place(self, reference: str) -> CardPlace | None:
        links = await self._core.queries.link_values_of(reference, LINK_KIND)
        return CardPlace.parse(links[0]) if links else None

    async def reference_at(self, channel: str, ts: str) -> str | None:
        """The case whose card is at ``channel``/``ts`` (a thread's parent), if any."""
        return await self._core.queries.reference_by_link(LINK_KIND, CardPlace(channel, ts).link)

    async def ensure(self, reference: str, lang: str) -> tuple[CardPlace, bool]:
        """The card's place, posting the card first if there is none; True when just posted.
        Under the case's lock, so a new_case and an update delivered together make one card."""
        async with self._hold(reference):
            return await self._ensure(reference, lang)

    async def _ensure(self, reference: str, lang: str) -> tuple[CardPlace, bool]:
        place = await self.place(reference)
        if place is not None:
            return place, False
        details = await self._core.queries.details(reference, SLACK_ACTOR)
        policy = self._core.policy
        response = await self._client.chat_postMessage(
            channel=self._channel, text=card_fallback(details, policy, lang),
            blocks=case_card(details, policy, lang), unfurl_links=False, unfurl_media=False)
        place = CardPlace(str(response["channel"]), str(response["ts"]))
        await self._core.service.link(reference, LINK_KIND, place.link)
        return place, True

    async def refresh(self, reference: str, lang: str) -> CardPlace:
        """Show the case as it is now (posting the card if it was never posted). The case is read
        under the lock, so of two updates racing the one written last shows the later state."""
        async with self._hold(reference):
            place, posted = await self._ensure(reference, lang)
            if not posted:
                details = await self._core.queries.details(reference, SLACK_ACTOR)
                await self._client.chat_update(
                    channel=place.channel, ts=place.ts, text=card_fallback(details, self._core.policy, lang),
                    blocks=case_card(details, self._core.policy, lang))
        return place

    async def post_in_thread(self, reference: str, text: str, lang: str, *, broadcast: bool = False) -> str:
        place, _ = await self.ensure(reference, lang)
        response = await self._client.chat_postMessage(
            channel=place.channel, thread_ts=place.ts, text=text, reply_broadcast=broadcast,
            unfurl_links=False, unfurl_media=False)
        return str(response["ts"])
