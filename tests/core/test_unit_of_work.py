"""Units of work on PostgreSQL: a reading one runs its statements without a transaction block
(no BEGIN and ROLLBACK round trips), a writing one in one transaction."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from config.settings import Settings
from core.runtime import Core

pytestmark = pytest.mark.postgres

# Inside a transaction block now() is the block's start; outside one each statement is its own.
NOW_TWICE = ("SELECT now()", "SELECT pg_sleep(0.01)", "SELECT now()")


async def _clock_readings(core: Core, *, read_only: bool) -> tuple[object, object]:
    async with core.uow(read_only=read_only) as uow:
        first = (await uow.session.execute(text(NOW_TWICE[0]))).scalar_one()
        await uow.session.execute(text(NOW_TWICE[1]))
        second = (await uow.session.execute(text(NOW_TWICE[2]))).scalar_one()
    return first, second


async def test_a_reading_unit_of_work_runs_each_statement_on_its_own(pg_core: Core) -> None:
    first, second = await _clock_readings(pg_core, read_only=True)
    assert second != first


async def test_a_writing_unit_of_work_is_one_transaction(pg_core: Core) -> None:
    first, second = await _clock_readings(pg_core, read_only=False)
    assert second == first


async def test_a_pooled_connection_read_on_is_back_in_a_transaction_for_the_next_writer(pg_core: Core) -> None:
    for _ in range(3):  # the pool hands the same connections out again
        await asyncio.gather(*(_clock_readings(pg_core, read_only=True) for _ in range(4)))
        writes = await asyncio.gather(*(_clock_readings(pg_core, read_only=False) for _ in range(4)))
        assert all(first == second for first, second in writes)


async def test_the_pool_keeps_as_many_connections_as_the_setting_says(settings: Settings, postgres_url: str) -> None:
    core = Core.build(settings.model_copy(update={"database_url": postgres_url, "database_pool_size": 3}))
    try:
        await asyncio.gather(*(_clock_readings(core, read_only=True) for _ in range(8)))
        assert core.engine.pool.checkedin() == 3  # type: ignore[attr-defined]  # AsyncAdaptedQueuePool has it; Pool does not declare it
    finally:
        await core.close()
