"""Singleton duties across processes (two ``Leadership`` objects with stores of their own, as two
``serve`` processes have): the duty's work runs in exactly one of them; when the holder is cut off
from its store, its work stops and the other's starts within a bounded time; a stop hands the
duty over at once. On the real PostgreSQL server and on the real Redis server."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import asyncpg
import pytest
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from bot.keys import KeyBuilder
from channels.app.leadership import Leadership
from channels.app.redis_duty import RedisDutyLock
from core.duties import DutyLock
from core.storage.duty_lock import AdvisoryDutyLock
from tests.support import databases
from tests.support.cable import Cable

RENEW = 0.2
REDIS_TTL = 0.8


@dataclass
class Member:
    """One process: its leadership, the work it is doing, and how to cut it off from the store."""

    name: str
    leadership: Leadership
    cut_off: Callable[[], Awaitable[None]]
    close: Callable[[], Awaitable[None]]
    locks: list[DutyLock] = field(default_factory=list)
    running: set[str] = field(default_factory=set)
    started: int = 0

    def work(self, duty: str) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            self.running.add(duty)
            self.started += 1
            try:
                await asyncio.Event().wait()
            finally:
                self.running.discard(duty)

        return run


async def _postgres_member(url: str, name: str) -> Member:
    locks: list[DutyLock] = []

    def lock(duty: str) -> DutyLock:
        held = AdvisoryDutyLock(make_url(url), duty)
        locks.append(held)
        return held

    async def cut_off() -> None:  # the server ends the holding sessions (a failover, a cut network)
        admin = await asyncpg.connect(databases._dsn(url))  # noqa: SLF001
        try:
            for held in locks:
                if isinstance(held, AdvisoryDutyLock) and held.backend_pid:
                    await admin.fetchval("SELECT pg_terminate_backend($1)", held.backend_pid)
        finally:
            await admin.close()

    async def close() -> None:
        return None

    return Member(name, Leadership(lock, renew_seconds=RENEW), cut_off, close, locks)


async def _redis_member(url: str, prefix: str, name: str) -> Member:
    parsed = make_url(url)
    cable = await Cable(parsed.host or "127.0.0.1", parsed.port or 6379).start()
    client = Redis(host="127.0.0.1", port=cable.port, socket_timeout=1.0, socket_connect_timeout=1.0)

    def lock(duty: str) -> DutyLock:
        return RedisDutyLock(client, duty, keys=KeyBuilder(prefix), ttl_seconds=REDIS_TTL, holder=name)

    async def cut_off() -> None:  # the holder's network gone: nobody renews its key
        await cable.cut()

    async def close() -> None:
        await cable.cut()
        await client.aclose()

    return Member(name, Leadership(lock, renew_seconds=RENEW), cut_off, close)


@pytest.fixture(params=["postgresql", "redis"])
def store(request: pytest.FixtureRequest) -> tuple[str, str, str]:
    """The store (its kind, URL and, for Redis, a key prefix), resolved outside the event loop."""
    if request.param == "postgresql":
        return "postgresql", request.getfixturevalue("postgres_url"), ""
    return "redis", request.getfixturevalue("redis_url"), request.getfixturevalue("redis_prefix")


@pytest.fixture
async def members(store: tuple[str, str, str]) -> AsyncIterator[tuple[Member, Member]]:
    kind, url, prefix = store
    if kind == "postgresql":
        pair = (await _postgres_member(url, "one"), await _postgres_member(url, "two"))
    else:
        pair = (await _redis_member(url, prefix, "one"), await _redis_member(url, prefix, "two"))
    yield pair
    for member in pair:
        await member.leadership.stop()
        await member.close()


async def _until(condition: Callable[[], bool], timeout: float) -> float:
    loop = asyncio.get_running_loop()
    began = loop.time()
    while not condition():
        assert loop.time() - began < timeout, "not within the bound"
        await asyncio.sleep(0.02)
    return loop.time() - began


async def test_the_work_runs_in_one_process_and_moves_when_its_holder_is_cut_off(members: tuple[Member, Member]) -> None:
    one, two = members
    duty = f"duty-{secrets.token_hex(3)}"
    for member in members:
        member.leadership.duty(duty, member.work(duty))
    await one.leadership.start()
    await two.leadership.start()
    await asyncio.sleep(RENEW * 3)  # several rounds of both
    assert (duty in one.running, duty in two.running) == (True, False)
    assert set(one.leadership.held()) == {duty} and two.leadership.held() == {}
    token = one.leadership.held()[duty]
    await one.cut_off()
    bound = RENEW * 2 + (REDIS_TTL if "redis" in one.leadership.backends else 0) + 0.5
    took = await _until(lambda: duty in two.running, bound)
    await _until(lambda: duty not in one.running, RENEW * 3)
    assert two.started == 1 and one.started == 1
    new_token = two.leadership.held()[duty]
    assert token is not None and new_token is not None and new_token > token
    print(f"taken over in {took:.2f} s")


async def test_a_stop_hands_the_duty_over_at_once(members: tuple[Member, Member]) -> None:
    one, two = members
    duty = f"duty-{secrets.token_hex(3)}"
    for member in members:
        member.leadership.duty(duty, member.work(duty))
    await one.leadership.start()
    await two.leadership.start()
    assert one.running == {duty} and two.running == set()
    await one.leadership.stop()
    assert one.running == set()
    await _until(lambda: duty in two.running, RENEW * 2 + 0.3)
