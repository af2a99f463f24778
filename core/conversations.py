"""The :class:`core.ports.ConversationStates` port on the product's database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from core.group_commit import GroupCommit
from core.ports import Clock, UnitOfWork


class StoredConversations:
    """Saves go through a group commit: the turns of many conversations at once share a
    transaction, and each still returns only once its own state is durable."""

    def __init__(self, uow: Callable[..., UnitOfWork], clock: Clock) -> None:
        self._uow = uow
        self._clock = clock
        self._saves: GroupCommit[tuple[str, bytes, datetime], None] = GroupCommit("conversation-states", self._write)

    async def load(self, key: str) -> bytes | None:
        async with self._uow(read_only=True) as uow:
            return await uow.conversation_state(key, self._clock.now())

    async def save(self, key: str, data: bytes, ttl_seconds: int) -> None:
        await self._saves.submit((key, data, self._clock.now() + timedelta(seconds=ttl_seconds)))

    async def _write(self, batch: Sequence[tuple[str, bytes, datetime]]) -> list[None]:
        latest = {key: (data, expires) for key, data, expires in batch}  # a conversation saved twice: the last
        async with self._uow() as uow:
            await uow.save_conversation_states([{"key": key, "data": data, "expires_at": expires}
                                               for key, (data, expires) in latest.items()])
            await uow.commit()
        return [None] * len(batch)

    async def close(self) -> None:
        await self._saves.close()

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
