"""The embedded SQLite runs on the event loop; when another process (the email worker process,
a CLI command) holds the write lock, a unit of work waits for it with the loop still running."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from config.settings import Settings
from core.runtime import Core
from core.storage.inline_sqlite import InlineConnection
from core.storage.schema import create_all


def database_file(settings: Settings) -> str:
    url = settings.effective_database_url
    assert url.startswith("sqlite")
    return url.split("///", 1)[1]


async def test_a_lock_held_elsewhere_is_waited_for_with_the_loop_running(settings: Settings) -> None:
    core = Core.build(settings)
    try:
        await create_all(core.engine)
        other = sqlite3.connect(database_file(settings), isolation_level=None)  # as another process would
        other.execute("BEGIN IMMEDIATE")
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.001)

        async def write() -> None:
            async with core.uow() as uow:
                await uow.session.execute(text("CREATE TABLE t (x INTEGER)"))
                await uow.commit()

        ticking = asyncio.create_task(ticker())
        writing = asyncio.create_task(write())
        await asyncio.sleep(0.1)
        assert not writing.done(), "the write waits while the other connection holds the lock"
        held_ticks = ticks
        other.execute("COMMIT")
        await asyncio.wait_for(writing, 5)
        ticking.cancel()
        assert held_ticks >= 20, f"the event loop kept running while the write waited ({held_ticks} ticks in 100 ms)"
        other.close()
    finally:
        await core.close()


async def test_the_wait_ends_with_database_is_locked_after_the_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("BEGIN IMMEDIATE")
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA busy_timeout=0")
    connection = InlineConnection(raw, busy_timeout_s=0.1)
    began = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await connection.begin_immediate()
    assert 0.1 <= time.monotonic() - began < 2 and connection.busy_waits > 3
    other.execute("COMMIT")
    await connection.begin_immediate()  # free again: taken at once
    await connection.rollback()
    await connection.close()
    other.close()


async def test_a_read_only_unit_of_work_neither_waits_for_nor_takes_the_write_lock(settings: Settings) -> None:
    core = Core.build(settings)
    try:
        await create_all(core.engine)
        other = sqlite3.connect(database_file(settings), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process is writing
        async with asyncio.timeout(1):
            async with core.uow(read_only=True) as uow:
                assert (await uow.session.execute(text("SELECT count(*) FROM cases"))).scalar_one() == 0
                async with core.uow(read_only=True) as second:  # nor the gate: readers overlap
                    await second.session.execute(text("SELECT 1"))
        other.execute("COMMIT")
    finally:
        await core.close()
