"""A singleton duty held through Redis: a key with a time to live that the holder renews, naming
the holder and its fencing token (a counter that grows with every new holder). A holder that
dies stops renewing and the key expires after ``ttl_seconds``; one that cannot renew in time
drops the duty before its key can expire."""

from __future__ import annotations

import asyncio
import logging
import secrets

from redis.asyncio import Redis

from bot.keys import KeyBuilder

log = logging.getLogger(__name__)
DEFAULT_TTL_SECONDS = 10.0

# KEYS: the duty's key, its fencing counter; ARGV: this holder's id, the time to live in ms.
# Renews our own hold, or takes a free one with the next fencing token; 0 when another holds it.
_KEEP = """
local current = redis.call('get', KEYS[1])
if current then
  local holder, token = string.match(current, '^(.*)/(%d+)$')
  if holder == ARGV[1] then
    redis.call('pexpire', KEYS[1], ARGV[2])
    return tonumber(token)
  end
  return 0
end
local token = redis.call('incr', KEYS[2])
redis.call('set', KEYS[1], ARGV[1] .. '/' .. token, 'PX', ARGV[2])
return token
"""
_RELEASE = """
local current = redis.call('get', KEYS[1])
if current and string.match(current, '^(.*)/%d+$') == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class RedisDutyLock:
    """:param ttl_seconds: how long a hold lasts unrenewed (keep it a few times the renewal period)"""

    backend = "redis"

    def __init__(self, redis: Redis, name: str, *, keys: KeyBuilder | None = None,
                 ttl_seconds: float = DEFAULT_TTL_SECONDS, holder: str | None = None) -> None:
        self.name = name
        self.holder = holder or secrets.token_hex(8)
        self.ttl_seconds = ttl_seconds
        keys = keys or KeyBuilder()
        self.key, self._counter = keys.build("duty", name), keys.build("duty-fence", name)
        self._keep = redis.register_script(_KEEP)
        self._release = redis.register_script(_RELEASE)
        self._token: int | None = None

    @property
    def token(self) -> int | None:
        return self._token

    async def keep(self) -> bool:
        try:
            # an answer later than a third of the lease may come after the key expired
            async with asyncio.timeout(self.ttl_seconds / 3):
                token = int(await self._keep(keys=[self.key, self._counter],
                                             args=[self.holder, int(self.ttl_seconds * 1000)]))
        except Exception as error:
            if self._token is not None:
                log.warning("duty %s: Redis did not renew the hold (%s); dropped", self.name, type(error).__name__)
            self._token = None
            return False
        if self._token is not None and token != self._token:
            log.warning("duty %s: the hold expired before it was renewed; taken again", self.name)
        self._token = token or None
        return self._token is not None

    async def release(self) -> None:
        held, self._token = self._token, None
        if held is None:
            return
        try:
            async with asyncio.timeout(self.ttl_seconds / 3):
                await self._release(keys=[self.key], args=[self.holder])
        except Exception as error:  # the key expires on its own
            log.debug("duty %s: release failed (%s)", self.name, type(error).__name__)

    async def close(self) -> None:
        await self.release()
