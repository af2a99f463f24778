"""A singleton duty held through a PostgreSQL session-level advisory lock, on a connection of
its own that lives as long as the hold: when the process dies or its connection is cut, the
server ends the session and the lock with it, and the next process to ask takes the duty.

The connection asks the server to probe it every few seconds (TCP keepalives), so a holder that
vanished without closing its socket is noticed within ``KEEPALIVE_*`` too; the holder itself
checks its session on every :meth:`AdvisoryDutyLock.keep` and drops the duty when the check
fails or does not answer in time."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from core.storage.round_lock import lock_key

log = logging.getLogger(__name__)
KEEPALIVE_IDLE_SECONDS = 5
KEEPALIVE_INTERVAL_SECONDS = 2
KEEPALIVE_COUNT = 3
DEFAULT_TIMEOUT_SECONDS = 3.0


class AdvisoryDutyLock:
    """:param url: the product's database (PostgreSQL)
    :param timeout_seconds: how long one check may take before the duty is dropped"""

    backend = "postgresql"

    def __init__(self, url: URL, name: str, *, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS) -> None:
        self.name = name
        self.key = lock_key(f"duty:{name}")  # not the round lock's key: the round takes that one itself
        self._timeout = timeout_seconds
        self._engine: AsyncEngine = create_async_engine(url, poolclass=NullPool, hide_parameters=True, connect_args={
            "timeout": timeout_seconds,
            "server_settings": {"application_name": f"complaintdesk duty {name}"[:63],
                                "tcp_keepalives_idle": str(KEEPALIVE_IDLE_SECONDS),
                                "tcp_keepalives_interval": str(KEEPALIVE_INTERVAL_SECONDS),
                                "tcp_keepalives_count": str(KEEPALIVE_COUNT)}})
        self._connection: AsyncConnection | None = None
        self._token: int | None = None
        self._pid: int | None = None

    @property
    def token(self) -> int | None:
        return self._token

    @property
    def backend_pid(self) -> int | None:
        """The server process of the holding session (tests end it to cut the holder off)."""
        return self._pid

    async def keep(self) -> bool:
        try:
            async with asyncio.timeout(self._timeout):
                return await self._keep()
        except Exception as error:  # the session is gone (or silent): so is the lock, as far as we may assume
            if self._token is not None:
                log.warning("duty %s: lost the database session holding it (%s)", self.name, type(error).__name__)
            await self._drop()
            return False

    async def _keep(self) -> bool:
        if self._connection is None:
            connection = await self._engine.connect()
            self._connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            self._pid = int((await self._connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())
        if self._token is not None:  # the session is alive, so the lock it holds is too
            await self._connection.execute(text("SELECT 1"))
            return True
        # txid_current(): a number that only grows across the cluster, the hold's fencing token
        row = (await self._connection.execute(text(
            "SELECT CASE WHEN pg_try_advisory_lock(:key) THEN txid_current() END"), {"key": self.key})).one()
        self._token = int(row[0]) if row[0] is not None else None
        return self._token is not None

    async def release(self) -> None:
        if self._connection is not None and self._token is not None:
            try:
                async with asyncio.timeout(self._timeout):
                    await self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            except Exception as error:  # closing the session below lets it go anyway
                log.debug("duty %s: unlock failed (%s)", self.name, type(error).__name__)
        await self._drop()

    async def close(self) -> None:
        await self.release()
        await self._engine.dispose()

    async def _drop(self) -> None:
        self._token = None
        connection, self._connection, self._pid = self._connection, None, None
        if connection is not None:
            try:
                async with asyncio.timeout(self._timeout):
                    await connection.close()
            except Exception:  # a dead connection: nothing to close on the server's side
                with contextlib.suppress(Exception):
                    await connection.invalidate()
