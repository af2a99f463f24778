"""Who may act on cases from Slack: members of the agents' user group or of the triage channel,
looked up through the Web API and cached briefly. Lookups that fail refuse (fail closed)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from slack_sdk.web.async_client import AsyncWebClient

from channels.slack.failures import failure_code

log = logging.getLogger(__name__)
CACHE_SECONDS = 60.0


class AgentDirectory:
    def __init__(self, client: AsyncWebClient, *, usergroup: str | None, channel: str | None,
                 ttl: float = CACHE_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self._client = client
        self._usergroup = usergroup
        self._channel = channel
        self._ttl = ttl
        self._clock = clock
        self._members: frozenset[str] | None = None
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    async def is_agent(self, user_id: str | None) -> bool:
        if not user_id:
            return False
        return user_id in await self.members()

    async def members(self) -> frozenset[str]:
        if self._members is not None and self._clock() - self._fetched_at < self._ttl:
            return self._members
        async with self._lock:
            if self._members is None or self._clock() - self._fetched_at >= self._ttl:
                fetched = await self._fetch()
                if fetched is not None:
                    self._members, self._fetched_at = fetched, self._clock()
        return self._members or frozenset()

    def forget(self) -> None:
        self._members = None

    async def _fetch(self) -> frozenset[str] | None:
        found: set[str] = set()
        complete = True
        if self._usergroup:
            try:
                response = await self._client.usergroups_users_list(usergroup=self._usergroup)
                found.update(_ids(response.get("users")))
            except Exception as error:  # any failure (a proxy's page that is not JSON too) refuses, never crashes
                complete = False
                log.warning("slack: cannot list the agents' user group: %s", failure_code(error))
        if self._channel:
            cursor = None
            try:
                while True:
                    response = await self._client.conversations_members(channel=self._channel, cursor=cursor, limit=1000)
                    found.update(_ids(response.get("members")))
                    cursor = (response.get("response_metadata") or {}).get("next_cursor")
                    if not cursor:
                        break
            except Exception as error:  # as above
                complete = False
                log.warning("slack: cannot list the triage channel's members: %s", failure_code(error))
        if not complete and not found:
            return None  # keep the previous answer (or refuse everyone) and ask again next time
        return frozenset(found)


def _ids(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
