"""A core on a scratch database for one benchmark run: SQLite in a temporary folder, or a new
PostgreSQL database dropped afterwards; the schema created from the tables, not migrated."""

from __future__ import annotations

import random
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from config.settings import load_settings
from core.runtime import Core
from core.storage.schema import create_all

POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/"
_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


async def _admin(statement: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(_ADMIN)
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


@asynccontextmanager
async def scratch_core(backend: str, prefix: str) -> AsyncIterator[Core]:
    """A core on ``backend`` ("sqlite" or "postgresql"), its database named ``prefix`` and a random tail."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp))
        database = None
        if backend == "postgresql":
            database = f"{prefix}_{random.randrange(16**8):08x}"
            await _admin(f'CREATE DATABASE "{database}"')
            settings = settings.model_copy(update={"database_url": POSTGRES + database})
        core = Core.build(settings)
        try:
            await create_all(core.engine)
            yield core
        finally:
            await core.close()
            if database:
                await _admin(f'DROP DATABASE "{database}" WITH (FORCE)')
