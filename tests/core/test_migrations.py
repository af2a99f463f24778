"""Alembic's migrations build exactly the schema the code maps, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from config.settings import Settings
from core.storage.engine import create_engine
from core.storage.schema import upgrade
from core.storage.tables import metadata
from tests.support import databases


def _diff(url: str) -> list:
    async def work() -> list:
        engine = create_engine(url)
        async with engine.connect() as connection:
            def compare(sync: Connection) -> list:
                return compare_metadata(MigrationContext.configure(sync, opts={"compare_type": False}), metadata)
            result = await connection.run_sync(compare)
        await engine.dispose()
        return result

    return asyncio.run(work())


def test_sqlite_migration_matches_the_model(settings: Settings) -> None:
    upgrade(settings.effective_database_url)
    upgrade(settings.effective_database_url)  # idempotent
    assert _diff(settings.effective_database_url) == []


def test_postgres_migration_matches_the_model(postgres_url: str) -> None:
    url = databases.create_database()
    try:
        upgrade(url)
        assert _diff(url) == []
    finally:
        databases.drop_database(url)
