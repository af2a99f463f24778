"""Which failures are tried again, from real errors of the real servers: a lost PostgreSQL
connection and SQLite's lock are transient; a statement PostgreSQL refuses for its data is not
(it was retried every 30 s forever, for a NUL byte in an email)."""

from __future__ import annotations

import sqlite3

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from channels.inbound.failures import is_transient
from core.commands import ComplaintSubmission, Identity
from core.runtime import Core
from tests.support.databases import drop_pooled_connection


async def test_a_statement_postgresql_refuses_for_its_data_is_not_tried_again(pg_core: Core) -> None:
    with pytest.raises(DBAPIError) as refused:
        async with pg_core.engine.connect() as connection:
            await connection.execute(text("SELECT CAST(:value AS text)"), {"value": "a\x00b"})
    assert not is_transient(refused.value)


async def test_a_lost_connection_is_tried_again(pg_core: Core) -> None:
    await drop_pooled_connection(pg_core.engine)
    with pytest.raises(DBAPIError) as lost:
        async with pg_core.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    assert is_transient(lost.value)


async def test_sqlite_busy_is_tried_again(sqlite_core: Core) -> None:
    """What the inline driver raises once another process held the write lock past its wait."""
    async with sqlite_core.uow() as uow:  # the file exists
        await uow.conversation_state("x", sqlite_core.clock.now())
    database = sqlite_core.engine.url.database
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    waiter = sqlite3.connect(database, isolation_level=None, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError) as busy:
            waiter.execute("BEGIN IMMEDIATE")
        assert is_transient(busy.value)
    finally:
        waiter.close()
        holder.execute("ROLLBACK")
        holder.close()


async def test_text_with_nul_bytes_is_stored_without_them(core: Core) -> None:
    submitted = await core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("email", "nul@example.org"), name="Ann\x00 Example",
        description="The kettle\x00 leaks\x00 from the base.", product="kettle\x00"))
    async with core.uow(read_only=True) as uow:
        case = await uow.case_by_reference(submitted.reference)
        contact = await uow.contact_of("email", "nul@example.org")
    assert case is not None and case.description == "The kettle leaks from the base." and case.product == "kettle"
    assert contact is not None and contact.name == "Ann Example"


def test_asyncpg_is_where_the_refusal_comes_from() -> None:
    assert issubclass(asyncpg.exceptions.CharacterNotInRepertoireError, asyncpg.exceptions.DataError)
