"""An aiosqlite-shaped connection that runs SQLite's calls on the event loop itself.

aiosqlite hands every call (cursor, execute, fetch, close, commit) to its own thread and back:
about 0.1 ms of hand-off each, five or more per statement, while the statement itself takes a
few microseconds on a local WAL database. The embedded default therefore runs SQLite inline:
SQLAlchemy's aiosqlite dialect drives this object exactly as it drives aiosqlite's connection.

What is given up: a call that waits (another process holding the write lock, a WAL checkpoint's
fsync) holds up the event loop for that long. The product keeps those rare: its writers take
turns through the unit of work's gate, and checkpoints are left to a background thread (see
``core.storage.checkpoint``). PostgreSQL, the production database, is not affected.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


class InlineCursor:
    """The subset of ``aiosqlite.Cursor`` SQLAlchemy uses, each coroutine finishing at once."""

    __slots__ = ("_cursor",)

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        if parameters is None:
            self._cursor.execute(sql)
        else:
            self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> InlineCursor:
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class InlineConnection:
    """The subset of ``aiosqlite.Connection`` SQLAlchemy's aiosqlite dialect uses.

    ``_conn`` and ``_connection`` are the names the dialect reads on aiosqlite's object.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn: sqlite3.Connection | None = connection
        self._connection = connection

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._live.cursor())

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    def begin_immediate(self) -> None:
        """Start a transaction holding the write lock (called from the engine's ``begin`` event)."""
        self._live.execute("BEGIN IMMEDIATE")

    async def commit(self) -> None:
        self._live.commit()

    async def rollback(self) -> None:
        self._live.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._live.create_function(*args, **kwargs)

    async def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = self._connection = None  # type: ignore[assignment]

    def stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = self._connection = None  # type: ignore[assignment]

    @property
    def isolation_level(self) -> str | None:
        return self._live.isolation_level

    @property
    def _live(self) -> sqlite3.Connection:
        if self._conn is None:
            raise ValueError("Connection closed")
        return self._conn


def inline_connector(database: str | Path, *, busy_timeout_s: float = 30.0):  # type: ignore[no-untyped-def]
    """An ``async_creator`` for ``create_async_engine``: opens ``database`` in autocommit mode
    (``isolation_level=None``); the engine issues ``BEGIN IMMEDIATE`` itself."""

    async def connect() -> InlineConnection:
        connection = sqlite3.connect(str(database), timeout=busy_timeout_s, isolation_level=None,
                                     check_same_thread=False)
        return InlineConnection(connection)

    return connect
