"""Singleton duties held through PostgreSQL's advisory locks on the real server: of two holders
one wins; when the winner's session is ended by the server (as a crash, a failover or a cut
network end it) the other takes the duty at its next try with a greater fencing token, and the
old holder learns it has lost it; a release hands the duty over at once."""

from __future__ import annotations

import secrets

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from core.storage.duty_lock import AdvisoryDutyLock
from tests.support import databases

pytestmark = pytest.mark.postgres


def _pair(url: str) -> tuple[AdvisoryDutyLock, AdvisoryDutyLock]:
    name = f"test-{secrets.token_hex(4)}"
    return AdvisoryDutyLock(make_url(url), name), AdvisoryDutyLock(make_url(url), name)


async def _holders(url: str, key: int) -> list[int]:
    admin = await asyncpg.connect(databases._dsn(url))  # noqa: SLF001
    try:
        rows = await admin.fetch("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                                 "AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = $1", key)
        return [row["pid"] for row in rows]
    finally:
        await admin.close()


async def test_of_two_holders_one_wins_and_keeps_it(postgres_url: str) -> None:
    first, second = _pair(postgres_url)
    try:
        assert await first.keep()
        assert not await second.keep()
        assert await first.keep() and not await second.keep()  # kept, not taken twice
        assert first.token is not None and second.token is None
        assert await _holders(postgres_url, first.key) == [first.backend_pid]
    finally:
        await first.close()
        await second.close()


async def test_the_winners_session_ended_hands_the_duty_over(postgres_url: str) -> None:
    first, second = _pair(postgres_url)
    try:
        assert await first.keep() and not await second.keep()
        token = first.token
        assert token is not None
        admin = await asyncpg.connect(databases._dsn(postgres_url))  # noqa: SLF001
        try:
            assert await admin.fetchval("SELECT pg_terminate_backend($1)", first.backend_pid)
        finally:
            await admin.close()
        assert await second.keep(), "the lock of an ended session is free"
        assert second.token is not None and second.token > token
        assert not await first.keep(), "the old holder learns it lost the duty"
        assert first.token is None
        assert not await first.keep(), "and does not take it back while the new holder lives"
        assert await _holders(postgres_url, first.key) == [second.backend_pid]
    finally:
        await first.close()
        await second.close()


async def test_a_release_hands_the_duty_over_at_once(postgres_url: str) -> None:
    first, second = _pair(postgres_url)
    try:
        assert await first.keep()
        await first.release()
        assert first.token is None
        assert await second.keep()
        assert not await first.keep()
    finally:
        await first.close()
        await second.close()


async def test_a_database_that_cannot_be_reached_holds_nothing() -> None:
    lock = AdvisoryDutyLock(make_url("postgresql+asyncpg://nobody@127.0.0.1:9/none"), "unreachable",
                            timeout_seconds=1.0)
    try:
        assert not await lock.keep()
        assert lock.token is None
    finally:
        await lock.close()
