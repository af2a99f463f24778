"""One throw-away PostgreSQL database per test session, tables emptied between tests."""

from __future__ import annotations

import asyncio
import secrets

import asyncpg
from sqlalchemy.engine import make_url

from core.storage.tables import metadata
from tests.support.servers import POSTGRES_BASE_URL


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(_dsn(POSTGRES_BASE_URL))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def create_database() -> str:
    name = f"cdtest_{secrets.token_hex(6)}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    return make_url(POSTGRES_BASE_URL).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    name = make_url(url).database
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def truncate_sql() -> str:
    names = ", ".join(f'"{table.name}"' for table in reversed(metadata.sorted_tables))
    return f"TRUNCATE {names} RESTART IDENTITY CASCADE"
