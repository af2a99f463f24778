"""One throw-away PostgreSQL database per test session, tables emptied between tests."""

from __future__ import annotations

import asyncio
import secrets

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

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


async def drop_pooled_connection(engine: AsyncEngine) -> None:
    """Have the server end the backend behind ``engine``'s pooled connection, as a restart would
    (the engine, used one call at a time, holds a single connection)."""
    async with engine.connect() as connection:
        pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
    admin = await asyncpg.connect(_dsn(engine.url.render_as_string(hide_password=False)))
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()


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
