"""The unit of work: one transaction per command; it rolls back unless ``commit()`` is called."""

from __future__ import annotations

import asyncio
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.storage.access import AccessRows
from core.storage.engine import READ_ONLY
from core.storage.aggregates import ReportAggregates
from core.storage.personal_data import PersonalDataQueries
from core.storage.repositories import Repositories


class UnitOfWork(Repositories, PersonalDataQueries, ReportAggregates, AccessRows):
    """:param gate: on SQLite (one writer), a lock that hands the database to units of work in
        turn and in order, instead of letting them spin in SQLite's sleeping busy handler
    :param urgent: on SQLite, skip the turn of the event loop a unit of work otherwise starts
        with: for the one that stands between a sender and its acknowledgement
    :param read_only: the unit of work only reads (it takes no row locks). On SQLite it then
        neither takes the gate nor the write lock (a deferred ``BEGIN``): in WAL mode readers and
        the writer never wait for each other, in this process or another (the email worker
        process). On PostgreSQL its statements run outside a transaction block, each on its own
        snapshot as they would inside one at READ COMMITTED"""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, dialect: str,
                 gate: asyncio.Lock | None = None, urgent: bool = False, read_only: bool = False) -> None:
        self._sessions = sessions
        self.dialect = dialect
        self._gate = gate
        self._urgent = urgent
        self._read_only = read_only
        self._holds_gate = False

    async def __aenter__(self) -> UnitOfWork:
        if self._gate is not None:
            # SQLite runs inline (core.storage.inline_sqlite): a unit of work never waits on I/O,
            # so it would never let other tasks run. Each one starts with a turn of the event
            # loop, so that a long chain of them cannot keep an SMTP client or a webhook waiting.
            if not self._urgent:
                await asyncio.sleep(0)
            if not self._read_only:
                await self._gate.acquire()
                self._holds_gate = True
        self.session = self._sessions()
        if self._read_only and self._gate is not None:
            await self.session.connection(execution_options={READ_ONLY: True})
        elif self._read_only and self.dialect == "postgresql":
            # Under READ COMMITTED every statement takes its own snapshot inside a transaction or
            # outside one, so reading without one changes nothing but the BEGIN and the ROLLBACK
            # round trips it saves (about a fifth of a complaint's round trips: bench_cluster).
            await self.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        # close() ends the transaction: whatever was not committed is rolled back, and the objects
        # read stay usable (detached, not expired) for the caller.
        try:
            await self.session.close()
        finally:
            if self._holds_gate:
                self._holds_gate = False
                self._gate.release()  # type: ignore[union-attr]  # _holds_gate is only set when there is a gate

    async def commit(self) -> None:
        await self.session.commit()

    async def flush(self) -> None:
        await self.session.flush()


    async def rollback(self) -> None:
        await self.session.rollback()
