"""The :class:`core.ports.ConversationStates` port on the embedded SQLite file, straight to the
driver: a session is read and saved on every turn of every conversation, and SQLAlchemy's
session and connection machinery cost ten times the statement itself (0.25 against 0.02 ms)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from pathlib import Path

from core.ports import Clock
from core.storage.inline_sqlite import InlineConnection, inline_connector

_LOAD = "SELECT data FROM conversation_state WHERE key = ? AND expires_at > ?"
_SAVE = ("INSERT INTO conversation_state (key, data, expires_at) VALUES (?, ?, ?) "
         "ON CONFLICT (key) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at")
_DELETE = "DELETE FROM conversation_state WHERE key = ?"
_PURGE = "DELETE FROM conversation_state WHERE expires_at <= ?"


def _stored(moment: datetime) -> str:
    """A moment as SQLAlchemy stores a UTC datetime in SQLite (core.storage.types.UTCDateTime)."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


class SqliteConversationStates:
    """Its own connection to the file; writes take turns with the product's other writers through
    the same in-process gate, and wait for another process's write lock with the loop running
    (``InlineConnection.begin_immediate``)."""

    def __init__(self, database: Path, gate: asyncio.Lock, clock: Clock) -> None:
        self._database = database
        self._gate = gate
        self._clock = clock
        self._connection: InlineConnection | None = None

    async def _open(self) -> InlineConnection:
        if self._connection is None:
            connection = await inline_connector(self._database)()
            # As the engine's own connections (core.storage.engine): waits happen in begin_immediate
            # with the loop running, and WAL checkpoints are left to the checkpointer's thread.
            for pragma in ("busy_timeout=0", "synchronous=NORMAL", "wal_autocheckpoint=0"):
                connection._live.execute(f"PRAGMA {pragma}")  # noqa: SLF001
            self._connection = connection
        return self._connection

    async def load(self, key: str) -> bytes | None:
        connection = await self._open()
        row = connection._live.execute(_LOAD, (key, _stored(self._clock.now()))).fetchone()  # noqa: SLF001
        return None if row is None else bytes(row[0])

    async def save(self, key: str, data: bytes, ttl_seconds: int) -> None:
        await self._write(_SAVE, (key, data, _stored(self._clock.now() + timedelta(seconds=ttl_seconds))))

    async def delete(self, key: str) -> None:
        await self._write(_DELETE, (key,))

    async def purge(self) -> int:
        return await self._write(_PURGE, (_stored(self._clock.now()),))

    async def _write(self, sql: str, parameters: tuple[object, ...]) -> int:
        connection = await self._open()
        async with self._gate:
            await connection.begin_immediate()
            try:
                changed = connection._live.execute(sql, parameters).rowcount  # noqa: SLF001
            except BaseException:
                await connection.rollback()
                raise
            await connection.commit()
        return max(changed, 0)

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
            self._connection = None
