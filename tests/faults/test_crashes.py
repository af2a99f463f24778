"""The fault suite: complainants on Telegram, Slack and email while the product is killed with
SIGKILL (its email and Slack worker processes, then the whole server, twice) on the embedded stores and on
PostgreSQL + Redis, stopped with SIGTERM under load twice, and while PostgreSQL's connections are
killed every 50 ms. Afterwards every
count must be exact on every channel: each complaint the product said it received is a case with
one acknowledgement, nothing lost, nothing twice; and the log names nobody."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import asyncpg
import pytest
from sqlalchemy.engine import make_url

from tests.support import databases
from tests.support.faults.deployment import TELEGRAM_SECRET, Deployment, Platforms, deploy
from tests.support.faults.people import Identity, Load, Outcome, SlackPerson, TelegramPerson, email_complaint
from tests.support.faults.tally import Count, secrets_in, settled, tally
from tests.support.slack.signing import SlackPoster

pytestmark = [pytest.mark.faults, pytest.mark.timeout(600)]
PER_CHANNEL = 16
IN_FLIGHT = 4  # a kill waits until this many accepted deliveries are still unanswered
Fault = Callable[[Deployment, Load], Awaitable[None]]


async def crashes(deployment: Deployment, load: Load) -> None:
    """The email worker process killed while it holds accepted mail, and the Slack one beside it
    (with the DMs it holds then), then the whole server killed
    and started again, twice, each time while accepted messages are still unanswered (the second
    time among a second wave of people, who begin once the first restart is done)."""
    serve = deployment.serve
    assert await load.until(lambda now: now.mails_accepted >= IN_FLIGHT), "no mail was accepted"
    serve.kill_worker("email")
    serve.kill_worker("slack")
    for _ in range(2):
        # as many unanswered as can be had: a kill with nothing in flight would test less
        await load.until(lambda now: now.awaiting >= IN_FLIGHT, timeout=20.0)
        load.in_flight_at_kills.append(load.awaiting)
        await serve.kill()
        await serve.start()
        load.second_wave.set()
    assert max(load.in_flight_at_kills) > 0, "no kill landed on work in progress"


async def graceful_stops(deployment: Deployment, load: Load) -> None:
    """The server stopped with SIGTERM (as systemd stops it) and started again, twice, each time
    while accepted messages are still unanswered: what it had in hand is finished or given back,
    and it exits 0 within its grace period."""
    serve = deployment.serve
    for _ in range(2):
        await load.until(lambda now: now.awaiting >= IN_FLIGHT, timeout=20.0)
        load.in_flight_at_kills.append(load.awaiting)
        assert await serve.stop() == 0
        await serve.start()
        load.second_wave.set()
    assert max(load.in_flight_at_kills) > 0, "no stop landed on work in progress"
    assert serve.log.read_text().count("complaintdesk stopped") == 2


async def backend_killer(deployment: Deployment, load: Load, seconds: float = 8.0, every: float = 0.05) -> None:
    """PostgreSQL ends the product's connections every 50 ms for a while, as failovers and
    restarts of the server do."""
    assert deployment.database_url is not None
    url = make_url(deployment.database_url)
    admin = await asyncpg.connect(databases._dsn(deployment.database_url))  # noqa: SLF001
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        await asyncio.sleep(1.0)
        load.second_wave.set()
        while loop.time() < deadline:
            await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = $1 AND pid <> pg_backend_pid()", url.database)
            await asyncio.sleep(every)
    finally:
        await admin.close()


async def run(deployment: Deployment, platforms: Platforms, fault: Fault) -> tuple[list[Count], list[str]]:
    serve = deployment.serve
    assert await serve.command("db", "upgrade") == 0
    await serve.start()
    numbers = iter(range(1, 10_000))
    async with aiohttp.ClientSession() as session:
        poster = SlackPoster(session, deployment.slack_url)
        load = Load()
        telegram = [TelegramPerson(person, Outcome("telegram", person), load, api=platforms.telegram,
                                   url=deployment.webhook_url, secret=TELEGRAM_SECRET)
                    for person in (Identity(next(numbers)) for _ in range(PER_CHANNEL))]
        slack = [SlackPerson(person, Outcome("slack", person), load, api=platforms.slack, poster=poster)
                 for person in (Identity(next(numbers)) for _ in range(PER_CHANNEL))]
        mailers = [Identity(next(numbers)) for _ in range(PER_CHANNEL)]
        everyone = asyncio.gather(*(p.complain(second_wave=i % 2 == 1) for i, p in enumerate([*telegram, *slack])),
                                  *(email_complaint(deployment.smtp_port, person, load) for person in mailers))
        await fault(deployment, load)
        results = await everyone
    mails = [r for r in results if r.channel == "email"]
    await settled(deployment)
    assert await serve.stop() == 0
    counts = await tally(deployment, platforms, telegram, slack, mails)
    print("\n".join(count.line() for count in counts))
    if load.in_flight_at_kills:
        print(f"unanswered messages at each kill: {load.in_flight_at_kills}")
    stuck = [f"{o.channel} {o.person.number}: {o.stuck}" for o in results if not o.finished and o.channel != "email"]
    people = [p.person for p in (*telegram, *slack)] + mailers
    return counts, stuck + [f"in the log: {secret}" for secret in secrets_in(serve.log, people)]


async def run_exactly(deployment: Deployment, platforms: Platforms, fault: Fault) -> None:
    """Run the load with ``fault``; every count must be exact and the log name nobody."""
    try:
        counts, problems = await run(deployment, platforms, fault)
    finally:
        with contextlib.suppress(Exception):
            await deployment.serve.kill()
    assert problems == []
    for count in counts:
        assert (count.accepted, count.cases, count.acknowledged) == (count.people,) * 3, count.line()
        assert (count.duplicates, count.lost) == (0, 0), count.line()


async def test_kills_on_the_embedded_stores(tmp_path: Path, trained_nlu: Path, platforms: Platforms) -> None:
    await run_exactly(deploy(tmp_path, trained_nlu, platforms), platforms, crashes)


async def test_kills_on_postgresql_and_redis(tmp_path: Path, trained_nlu: Path, platforms: Platforms,
                                             postgres_database: str, redis_url: str, redis_prefix: str) -> None:
    await run_exactly(deploy(tmp_path, trained_nlu, platforms, database_url=postgres_database, redis_url=redis_url,
                             redis_prefix=redis_prefix), platforms, crashes)


async def test_postgresql_connections_killed_every_50_ms(tmp_path: Path, trained_nlu: Path, platforms: Platforms,
                                                         postgres_database: str, redis_url: str,
                                                         redis_prefix: str) -> None:
    await run_exactly(deploy(tmp_path, trained_nlu, platforms, database_url=postgres_database, redis_url=redis_url,
                             redis_prefix=redis_prefix), platforms, backend_killer)


async def test_graceful_stops_on_postgresql_and_redis(tmp_path: Path, trained_nlu: Path, platforms: Platforms,
                                                      postgres_database: str, redis_url: str, redis_prefix: str) -> None:
    await run_exactly(deploy(tmp_path, trained_nlu, platforms, database_url=postgres_database, redis_url=redis_url,
                             redis_prefix=redis_prefix), platforms, graceful_stops)
