"""The unit of work: one transaction per command; it rolls back unless ``commit()`` is called."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.storage.repositories import Repositories


class UnitOfWork(Repositories):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, dialect: str) -> None:
        self._sessions = sessions
        self.dialect = dialect

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._sessions()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        # close() ends the transaction: whatever was not committed is rolled back, and the objects
        # read stay usable (detached, not expired) for the caller.
        await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()

    async def flush(self) -> None:
        await self.session.flush()

