"""An aiosqlite-shaped connection that runs SQLite's calls on the event loop itself.

aiosqlite hands every call (cursor, execute, fetch, close, commit) to its own thread and back:
about 0.1 ms of hand-off each, five or more per statement, while the statement itself takes a
few microseconds on a local WAL database. The embedded default therefore runs SQLite inline:
SQLAlchemy's aiosqlite dialect drives this object exactly as it drives aiosqlite's connection.

What is given up: a call that waits holds up the event loop for that long. The product keeps
those away from the loop: its own writers take turns through the unit of work's gate; another
process holding the write lock (the email worker process, a CLI command) is waited for with
``asyncio.sleep`` between tries instead of SQLite's sleeping busy handler (``begin_immediate``);
checkpoints are left to a background thread (see ``core.storage.checkpoint``). PostgreSQL, the
production database, is not affected.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
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

    def __init__(self, connection: sqlite3.Connection, busy_timeout_s: float = 30.0) -> None:
        self._conn: sqlite3.Connection | None = connection
        self._connection = connection
        self.busy_timeout_s = busy_timeout_s
        self.busy_waits = 0  # how many times another connection held the write lock at BEGIN

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._live.cursor())

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    def begin_deferred(self) -> None:
        """Start a transaction that only reads: in WAL mode it takes no lock a writer waits for."""
        self._live.execute("BEGIN")

    async def begin_immediate(self) -> None:
        """Start a transaction holding the write lock (awaited from the engine's ``begin`` event).
        While another connection holds it, try again after a pause that doubles from 0.2 ms to
        2 ms (short: the other process's transactions take about a millisecond), letting the
        event loop run meanwhile; "database is locked" after the busy timeout.
        (SQLite's own busy handler is off: it would sleep in the event loop's thread.)"""
        pause, deadline = 0.0002, None
        while True:
            try:
                self._live.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode != sqlite3.SQLITE_BUSY:
                    raise
                now = time.monotonic()
                deadline = deadline or now + self.busy_timeout_s
                if now >= deadline:
                    raise
            self.busy_waits += 1
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.002)

    async def commit(self) -> None:
        self._live.commit()

    async def rollback(self) -> None:
        self._live.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._live.create_function(*args, **kwargs)

    async def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = self._connection = None  # type: ignore[assignment]  # closed: SQLAlchemy's adapter checks for None

    def stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = self._connection = None  # type: ignore[assignment]  # closed: SQLAlchemy's adapter checks for None

    @property
    def isolation_level(self) -> str | None:
        return self._live.isolation_level

    @property
    def _live(self) -> sqlite3.Connection:
        if self._conn is None:
            raise ValueError("Connection closed")
        return self._conn


def inline_connector(database: str | Path, *, busy_timeout_s: float = 30.0):  # type: ignore[no-untyped-def]  # SQLAlchemy's async_creator: returns the driver connection
    """An ``async_creator`` for ``create_async_engine``: opens ``database`` in autocommit mode
    (``isolation_level=None``); the engine issues ``BEGIN IMMEDIATE`` itself. The connection's
    own busy timeout covers only opening it (the engine's connect event then sets it to 0)."""

    async def connect() -> InlineConnection:
        connection = sqlite3.connect(str(database), timeout=busy_timeout_s, isolation_level=None,
                                     check_same_thread=False)
        return InlineConnection(connection, busy_timeout_s)

    return connect
