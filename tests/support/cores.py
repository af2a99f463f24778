"""The core as tests open it: on a fresh schema (SQLite) or emptied tables (PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import text

from config.settings import Settings
from core.ports import Clock
from core.runtime import Core
from core.storage.engine import create_engine
from core.storage.schema import create_all
from tests.support import databases


async def open_core(settings: Settings, url: str, clock: Clock | None) -> Core:
    """The core on ``url``: SQLite gets the schema, PostgreSQL (the session's database) has its
    tables emptied."""
    core = Core.build(settings.model_copy(update={"database_url": url}), clock=clock)
    if core.engine.dialect.name == "postgresql":
        async with core.engine.begin() as connection:
            await connection.execute(text(databases.truncate_sql()))
    else:
        await create_all(core.engine)
    return core


async def build_core(settings: Settings, clock: Clock | None, *, schema: bool = True, **changes: object) -> Core:
    """The core on ``settings`` changed by ``changes``, with the schema made unless ``schema`` is False."""
    core = Core.build(settings.model_copy(update=changes), clock=clock)
    if schema:
        await create_all(core.engine)
    return core


async def create_schema(settings: Settings) -> None:
    """The schema in the settings' database, as ``complaintdesk db upgrade`` makes it before a start."""
    engine = create_engine(settings.effective_database_url)
    await create_all(engine)
    await engine.dispose()
