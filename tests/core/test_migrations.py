"""Alembic's migrations build exactly the schema the code maps, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect

from config.settings import Settings
from core.storage.engine import create_engine
from core.storage.schema import alembic_config, upgrade
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


def _amount_columns(url: str) -> set[str]:
    async def work() -> set[str]:
        engine = create_engine(url)
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda sync: {c["name"] for c in inspect(sync).get_columns("cases")})
        await engine.dispose()
        return names & {"amount", "currency"}

    return asyncio.run(work())


def _down_and_up_again(url: str) -> None:
    upgrade(url)
    command.downgrade(alembic_config(url), "0004")
    assert _amount_columns(url) == set()
    upgrade(url)
    assert _amount_columns(url) == {"amount", "currency"} and _diff(url) == []


def test_the_amount_migration_goes_down_and_up_again_on_sqlite(settings: Settings) -> None:
    _down_and_up_again(settings.effective_database_url)


def test_the_amount_migration_goes_down_and_up_again_on_postgres(postgres_url: str) -> None:
    url = databases.create_database()
    try:
        _down_and_up_again(url)
    finally:
        databases.drop_database(url)


def _waiting_column(url: str) -> set[str]:
    async def work() -> set[str]:
        engine = create_engine(url)
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda sync: {c["name"] for c in inspect(sync).get_columns("cases")})
        await engine.dispose()
        return names & {"waiting_since"}

    return asyncio.run(work())


def _steps_schema(url: str) -> tuple[set[str], set[str]]:
    async def work() -> tuple[set[str], set[str]]:
        engine = create_engine(url)
        async with engine.connect() as connection:
            found = await connection.run_sync(lambda sync: (
                set(inspect(sync).get_table_names()), {c["name"] for c in inspect(sync).get_columns("satisfaction")}))
        await engine.dispose()
        return found

    return asyncio.run(work())


def _waiting_down_and_up_again(url: str) -> None:
    upgrade(url)
    command.downgrade(alembic_config(url), "0005")
    assert _waiting_column(url) == set()
    upgrade(url)
    assert _waiting_column(url) == {"waiting_since"} and _diff(url) == []


def test_the_waiting_since_migration_goes_down_and_up_again_on_sqlite(settings: Settings) -> None:
    _waiting_down_and_up_again(settings.effective_database_url)


def test_the_waiting_since_migration_goes_down_and_up_again_on_postgres(postgres_url: str) -> None:
    url = databases.create_database()
    try:
        _waiting_down_and_up_again(url)
    finally:
        databases.drop_database(url)


def test_a_case_already_waiting_for_the_complainant_gets_its_wait_from_its_last_change(
        settings: Settings, postgres_url: str) -> None:
    from sqlalchemy import text

    from core.actors import Actor
    from core.commands import ComplaintSubmission, Identity
    from core.runtime import Core

    url = databases.create_database()

    async def waiting_case() -> str:
        core = Core.build(settings.model_copy(update={"database_url": url}))
        try:
            ref = (await core.service.submit_complaint(ComplaintSubmission(
                identity=Identity("telegram", "1001"), description="Charged twice", name="Ann"))).reference
            await core.service.assign(ref, Actor.agent("U1"), "U1")
            await core.service.request_information(ref, Actor.agent("U1"), "Which card?")
            return ref
        finally:
            await core.close()

    async def read(ref: str) -> tuple[object, object]:
        engine = create_engine(url)
        async with engine.connect() as connection:
            row = (await connection.execute(text("SELECT waiting_since, updated_at FROM cases WHERE reference = :ref"),
                                            {"ref": ref})).one()
        await engine.dispose()
        return row[0], row[1]

    try:
        upgrade(url)
        ref = asyncio.run(waiting_case())
        command.downgrade(alembic_config(url), "0005")
        upgrade(url)
        since, updated = asyncio.run(read(ref))
        assert since is not None and since == updated
    finally:
        databases.drop_database(url)


def _steps_down_and_up_again(url: str) -> None:
    upgrade(url)
    command.downgrade(alembic_config(url), "0008-1")  # the revision before the steps' one, wherever it is chained
    tables, columns = _steps_schema(url)
    assert "investigations" not in tables and "closed_at" not in columns
    upgrade(url)
    tables, columns = _steps_schema(url)
    assert "investigations" in tables and "closed_at" in columns and _diff(url) == []


def test_the_steps_migration_goes_down_and_up_again_on_sqlite(settings: Settings) -> None:
    _steps_down_and_up_again(settings.effective_database_url)


def test_the_steps_migration_goes_down_and_up_again_on_postgres(postgres_url: str) -> None:
    url = databases.create_database()
    try:
        _steps_down_and_up_again(url)
    finally:
        databases.drop_database(url)


def _tables(url: str) -> set[str]:
    async def work() -> set[str]:
        engine = create_engine(url)
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        await engine.dispose()
        return names

    return asyncio.run(work())


def _access_down_and_up_again(url: str) -> None:
    upgrade(url)
    command.downgrade(alembic_config(url), "0009_access_links-1")
    assert not {"access_links", "web_grants"} & _tables(url)
    upgrade(url)
    assert {"access_links", "web_grants"} <= _tables(url) and _diff(url) == []


def test_the_access_links_migration_goes_down_and_up_again_on_sqlite(settings: Settings) -> None:
    _access_down_and_up_again(settings.effective_database_url)


def test_the_access_links_migration_goes_down_and_up_again_on_postgres(postgres_url: str) -> None:
    url = databases.create_database()
    try:
        _access_down_and_up_again(url)
    finally:
        databases.drop_database(url)
