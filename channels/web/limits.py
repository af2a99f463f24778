"""Rate limits of the web pages: a count per key (the client's address, an email address, a
reference) in a window of an hour, in Redis when configured and in process memory otherwise
(``bot.kv``). The subjects are keyed by their HMAC, so no address is readable in Redis."""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass

from bot.keys import KeyBuilder
from bot.kv import KeyValue

log = logging.getLogger(__name__)
HOUR = 3600


@dataclass(frozen=True, slots=True)
class Limited:
    """One thing to count: what kind of key (``"ip"``, ``"email"``, ``"reference"``) and its value."""

    kind: str
    subject: str


class RateLimiter:
    def __init__(self, kv: KeyValue, keys: KeyBuilder, key: bytes) -> None:
        self._kv = kv
        self._keys = keys
        self._key = key

    async def allow(self, action: str, limit: int, *subjects: Limited, window_seconds: int = HOUR) -> bool:
        """Count one ``action`` for each of ``subjects``; False when any is over ``limit`` in the
        window. A rate-limit store that is down limits nothing (logged): people come first."""
        allowed = True
        for subject in subjects:
            if not subject.subject:
                continue
            name = self._keys.rate(f"web-{action}-{subject.kind}", self._digest(subject.subject))
            try:
                count = await self._kv.hit(name, window_seconds)
            except Exception:
                log.warning("web rate limit store unavailable; limit %s/%s not applied", action, subject.kind, exc_info=True)
                continue
            if count > limit:
                log.info("web rate limit: %s per %s over %d", action, subject.kind, limit)
                allowed = False
        return allowed

    def _digest(self, subject: str) -> str:
        return hmac.new(self._key, subject.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]
