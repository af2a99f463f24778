"""The :class:`core.ports.ConversationStates` port on the product's database."""

from __future__ import annotations

from datetime import timedelta

from core.ports import Clock
from core.storage.uow import UnitOfWork
from collections.abc import Callable


class StoredConversations:
    def __init__(self, uow: Callable[..., UnitOfWork], clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def load(self, key: str) -> bytes | None:
        async with self._uow(read_only=True) as uow:
            return await uow.conversation_state(key, self._clock.now())

    async def save(self, key: str, data: bytes, ttl_seconds: int) -> None:
        async with self._uow() as uow:
            await uow.save_conversation_state(key, data, self._clock.now() + timedelta(seconds=ttl_seconds))
            await uow.commit()

    async def delete(self, key: str) -> None:
        async with self._uow() as uow:
            await uow.delete_conversation_state([key])
            await uow.commit()

    async def purge(self) -> int:
        """Delete expired states; returns how many."""
        async with self._uow() as uow:
            purged = await uow.purge_conversation_state(self._clock.now())
            await uow.commit()
        return purged
