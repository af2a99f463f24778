"""Engines for the two supported databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, InternalError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine, AsyncSession
from sqlalchemy.util import await_only

from core.storage.inline_sqlite import inline_connector
from core.storage.mapping import start_mappers


# An execution option: the connection's transaction only reads (SQLite: a deferred BEGIN).
READ_ONLY = "complaintdesk_read_only"


def create_engine(url: str, *, pool_size: int = 20, background_checkpoints: bool = False) -> AsyncEngine:
    """An async engine; SQLite files get WAL, a busy timeout and enforced foreign keys. Errors
    never carry the statement's parameters (a complainant's words and addresses): they reach logs.

    :param background_checkpoints: SQLite only: leave WAL checkpoints to a
        :class:`core.storage.checkpoint.WalCheckpointer` instead of the committing connection
    """
    start_mappers()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, async_creator=inline_connector(parsed.database or ":memory:"),
                                     hide_parameters=True)

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]  # a SQLAlchemy event listener: DBAPI objects are untyped
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            # Overwritten and deleted content is zeroed, not left in free space: an erasure leaves
            # nothing in the file. Many builds (Debian's) have it on already; others not.
            cursor.execute("PRAGMA secure_delete=ON")
            if background_checkpoints:
                cursor.execute("PRAGMA wal_autocheckpoint=0")
            # From here on a lock held elsewhere is waited for in begin_immediate, with the event
            # loop running, not in SQLite's busy handler, which sleeps in the loop's thread.
            cursor.execute("PRAGMA busy_timeout=0")
            cursor.close()
            # Autocommit at the driver (the inline connector opens it so): the engine takes the
            # write lock itself with BEGIN IMMEDIATE, since a deferred transaction that upgrades
            # later can fail at once with "database is locked" instead of waiting.
            assert dbapi_connection.isolation_level is None

        @event.listens_for(engine.sync_engine, "begin")
        def _begin(connection) -> None:  # type: ignore[no-untyped-def]  # a SQLAlchemy event listener: DBAPI objects are untyped
            driver = connection.connection.driver_connection
            if connection.get_execution_options().get(READ_ONLY):
                driver.begin_deferred()
            else:
                await_only(driver.begin_immediate())

        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+asyncpg")
    # No pre-ping (a round trip before every transaction): a connection the server dropped fails
    # its statement, the pool discards every connection of that age, and the service's commands
    # retry once on a fresh one (see ``lost_connection``).
    return create_async_engine(parsed, pool_size=pool_size, max_overflow=pool_size, hide_parameters=True)


def lost_connection(error: BaseException) -> bool:
    """True when ``error`` says the database connection was lost (server restart, network): the
    work was not committed and may be retried on a new connection."""
    return isinstance(error, DBAPIError) and error.connection_invalidated


def transient_storage_error(error: BaseException) -> bool:
    """True when ``error`` says the database was away or busy (a lost connection, a lock held too
    long, the server refusing connections): the same work may succeed later. A statement the
    database refuses for its data (an integrity or data error) fails the same way every time."""
    if isinstance(error, sqlite3.OperationalError):  # raised by the inline driver while taking the lock
        return error.sqlite_errorcode in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    # InternalError: asyncpg's client-side state errors ("another operation is in progress") on a
    # connection an interrupted operation left behind: a fresh connection does not have them.
    return isinstance(error, (OperationalError, InterfaceError, InternalError)) or lost_connection(error)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
