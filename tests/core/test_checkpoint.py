"""The embedded SQLite database leaves WAL checkpoints (and their disk syncs) to a background
thread, off the event loop its statements run on."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from config.settings import Settings
from core.commands import ComplaintSubmission, Identity
from core.runtime import Core
from core.storage.schema import create_all


async def test_checkpoints_run_in_the_background_not_in_the_committing_connection(settings: Settings) -> None:
    core = Core.build(settings)
    try:
        assert core.checkpointer is not None
        core.checkpointer.interval = 0.05
        await create_all(core.engine)
        async with core.engine.connect() as connection:
            assert (await connection.execute(text("PRAGMA wal_autocheckpoint"))).scalar_one() == 0
        for number in range(50):
            await core.service.submit_complaint(ComplaintSubmission(
                identity=Identity("telegram", str(number)), description="The parcel never came, twice."))
        runs = core.checkpointer.runs
        for _ in range(100):
            await asyncio.sleep(0.05)
            if core.checkpointer.runs > runs + 1:
                break
        assert core.checkpointer.last is not None
        busy, frames, checkpointed = core.checkpointer.last
        assert busy == 0 and frames == checkpointed, "every frame of the log was copied back"
    finally:
        await core.close()
    assert core.checkpointer._thread is None, "the thread stops with the core"
