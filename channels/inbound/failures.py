"""Which processing failures are worth another attempt: the database, Redis or the network away
for a moment. Anything else (a message the product cannot read or store) fails the same way
again, so it is set aside at once instead of retried."""

from __future__ import annotations

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.session_stores import ConversationBusy
from core.failures import transient as transient_storage_error


def is_transient(error: BaseException) -> bool:
    if isinstance(error, (TimeoutError, OSError, RedisConnectionError, RedisTimeoutError, ConversationBusy)):
        return True
    return transient_storage_error(error)
