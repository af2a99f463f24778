"""What one complaint costs a cluster, per channel: two ``serve`` processes on PostgreSQL and
Redis behind HAProxy (scripts/cluster.py), complainants on Telegram (webhook), Slack (events) and
email (each process's SMTP listener, as two MX hosts), one channel at a time.

For each channel it counts, over the complaints and net of what the idle cluster does in the same
time (timers, outbox polls, duty renewals, measured just before):
- the CPU time of the serve processes and their email worker processes (``/proc``);
- the CPU time of the PostgreSQL backends of the cluster's database and of the Redis server (a
  private one, started here, so that only the cluster's commands are counted);
- PostgreSQL transactions (``pg_stat_database``: commits and rollbacks) and Redis commands
  (``INFO stats``; a pipeline's commands one by one, so round trips are at most this);
- the complaints per second at the given concurrency.

A complaint is a whole conversation: the opening that gives every detail, the consent, the summary
submitted, the acknowledgement with its reference, the agents' card in Slack; for email one mail and
its acknowledgement. docs/operations.md turns the figures into the processes, cores and database
needed for 1,000 and 10,000 complaints a minute.

    python -m bench.bench_cluster --complaints 300 --batches 5 --concurrency 20
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import asyncpg
import redis.asyncio as aioredis
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scripts.cluster import Cluster, free_port  # noqa: E402
from tests.support.email.relay import RecordingRelay, start_relay  # noqa: E402
from tests.support.faults.deployment import TELEGRAM_SECRET, TELEGRAM_TOKEN, TRIAGE  # noqa: E402
from tests.support.faults.people import Identity, Load, Outcome, SlackPerson, TelegramPerson, email_complaint  # noqa: E402
from tests.support.servers import POSTGRES_BASE_URL  # noqa: E402
from tests.support.slack.signing import SIGNING_SECRET, SlackPoster  # noqa: E402
from tests.support.slack.web_api import BOT_TOKEN, FakeSlackApi  # noqa: E402
from tests.support.telegram.bot_api import FakeBotApi  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
IDLE_SECONDS = 20.0
CHANNELS = ("telegram", "slack", "email")


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of one process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def _processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        found.append((int(entry.name), parent, command))
    return found


def _descendants(roots: Sequence[int], table: list[tuple[int, int, str]]) -> set[int]:
    found, frontier = set(roots), list(roots)
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent, _ in table if parent == pid and child not in found]
        found.update(children)
        frontier.extend(children)
    return found


@dataclass(frozen=True)
class Complainant(Identity):
    """The fault suite's complainant with a name a person could have (no digits), which the bot
    reads from the opening as it would a real one."""

    @property
    def name(self) -> str:
        letters, number = "", self.number
        while True:
            number, digit = divmod(number, 26)
            letters += "abcdefghijklmnopqrstuvwxyz"[digit]
            if not number:
                break
        return f"Zanthia Quill{letters}"


@dataclass(frozen=True)
class Reading:
    at: float
    serve_cpu: float
    postgres_cpu: float
    redis_cpu: float
    transactions: int
    redis_commands: int
    database_bytes: int = 0
    connections: int = 0  # open to the cluster's database (a level, not a count: kept by minus)

    def minus(self, other: Reading) -> Reading:
        return Reading(self.at - other.at, self.serve_cpu - other.serve_cpu, self.postgres_cpu - other.postgres_cpu,
                       self.redis_cpu - other.redis_cpu, self.transactions - other.transactions,
                       self.redis_commands - other.redis_commands, self.database_bytes - other.database_bytes,
                       self.connections)

    def scaled(self, seconds: float) -> Reading:
        """This reading (an idle one) stretched to ``seconds``; the database does not grow when idle."""
        factor = seconds / self.at if self.at else 0.0
        return Reading(seconds, self.serve_cpu * factor, self.postgres_cpu * factor, self.redis_cpu * factor,
                       round(self.transactions * factor), round(self.redis_commands * factor))


@dataclass
class Meters:
    """Reads the counters: the serve processes' tree, the cluster database's backends, Redis."""

    cluster: Cluster
    database: str
    dsn: str
    redis: aioredis.Redis

    async def read(self) -> Reading:
        table = _processes()
        serve = _descendants([m.process.pid for m in self.cluster.members if m.process], table)
        # a backend's command line: "postgres: <user> <database> <client> <state>"
        backends = [pid for pid, _, command in table
                    if command.startswith("postgres:") and f" {self.database} " in f" {command} "]
        connection = await asyncpg.connect(self.dsn)
        try:
            await connection.execute("SELECT pg_stat_force_next_flush()")
            transactions, size, connections = await connection.fetchrow(
                "SELECT xact_commit + xact_rollback, pg_database_size(datname),"
                " (SELECT count(*) - 1 FROM pg_stat_activity a WHERE a.datname = d.datname)"
                " FROM pg_stat_database d WHERE datname = $1", self.database)
        finally:
            await connection.close()
        info = await self.redis.info()
        return Reading(time.monotonic(), sum(map(_cpu_of, serve)), sum(map(_cpu_of, backends)),
                       float(info["used_cpu_user"]) + float(info["used_cpu_sys"]), int(transactions),
                       int(info["total_commands_processed"]), int(size), int(connections))


@dataclass(frozen=True)
class Figures:
    channel: str
    complaints: int
    deliveries: int
    seconds: float
    net: Reading
    raw: Reading

    @property
    def rate(self) -> float:
        return self.complaints / self.seconds

    def per_complaint(self, value: float) -> float:
        return value / self.complaints

    def line(self) -> str:
        n = self.net
        return (f"{self.channel:9} {self.complaints} complaints ({self.deliveries} deliveries) in {self.seconds:.1f} s "
                f"= {self.rate:.1f}/s; per complaint: serve CPU {1000 * self.per_complaint(n.serve_cpu):.1f} ms, "
                f"PostgreSQL backends CPU {1000 * self.per_complaint(n.postgres_cpu):.1f} ms, "
                f"Redis CPU {1000 * self.per_complaint(n.redis_cpu):.2f} ms, "
                f"{self.per_complaint(n.transactions):.1f} PostgreSQL transactions, "
                f"{self.per_complaint(n.redis_commands):.1f} Redis commands, "
                f"{self.per_complaint(n.database_bytes) / 1024:.1f} KB of database; {n.connections} connections open "
                f"(raw, idle not subtracted: {1000 * self.per_complaint(self.raw.serve_cpu):.1f} ms, "
                f"{self.per_complaint(self.raw.transactions):.1f} tx, {self.per_complaint(self.raw.redis_commands):.1f} cmds)")


def _median(batches: list[Figures], reading: Callable[[Figures], Reading]) -> Reading:
    """Per complaint, the median over the batches (a batch that met a timers round, which runs
    once a minute over every open case, is an outlier), scaled back to all the complaints."""
    total = sum(b.complaints for b in batches)

    def median(field: Callable[[Reading], float]) -> float:
        return statistics.median(field(reading(b)) / b.complaints for b in batches) * total

    return Reading(sum(b.seconds for b in batches), median(lambda r: r.serve_cpu), median(lambda r: r.postgres_cpu),
                   median(lambda r: r.redis_cpu), round(median(lambda r: r.transactions)),
                   round(median(lambda r: r.redis_commands)), round(median(lambda r: r.database_bytes)),
                   max(reading(b).connections for b in batches))


def combined(batches: list[Figures]) -> Figures:
    return Figures(batches[0].channel, sum(b.complaints for b in batches), sum(b.deliveries for b in batches),
                   sum(b.seconds for b in batches), _median(batches, lambda b: b.net), _median(batches, lambda b: b.raw))


@dataclass
class World:
    telegram: FakeBotApi
    slack: FakeSlackApi
    relay: RecordingRelay
    relay_port: int


async def _bounded(jobs: list[Callable[[], Awaitable[Outcome]]], concurrency: int) -> list[Outcome]:
    gate = asyncio.Semaphore(concurrency)

    async def one(job: Callable[[], Awaitable[Outcome]]) -> Outcome:
        async with gate:
            return await job()

    return list(await asyncio.gather(*(one(job) for job in jobs)))


async def _until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise RuntimeError(f"{what} did not happen in {timeout:g} s")
        await asyncio.sleep(0.05)


async def _run_channel(channel: str, numbers: range, world: World, cluster: Cluster, session: aiohttp.ClientSession,
                       concurrency: int) -> tuple[list[Outcome], Callable[[], bool]]:
    load = Load()
    load.second_wave.set()
    if channel == "telegram":
        people = [TelegramPerson(p, Outcome("telegram", p), load, api=world.telegram,
                                 url=f"{cluster.url}/telegram/webhook", secret=TELEGRAM_SECRET)
                  for p in map(Complainant, numbers)]
        outcomes = await _bounded([p.complain for p in people], concurrency)
    elif channel == "slack":
        poster = SlackPoster(session, f"{cluster.url}/slack/events")
        slackers = [SlackPerson(p, Outcome("slack", p), load, api=world.slack, poster=poster)
                    for p in map(Complainant, numbers)]
        outcomes = await _bounded([p.complain for p in slackers], concurrency)
    else:
        ports = cluster.smtp_ports
        outcomes = await _bounded([lambda p=p: email_complaint(ports, p, load) for p in map(Complainant, numbers)],
                                  concurrency)
    emails = {Complainant(n).email for n in numbers}
    reached: set[str] = set()
    read = 0

    def acknowledged() -> bool:
        """Every mail's acknowledgement has reached the relay (the chats' came before complain() returned)."""
        nonlocal read
        if channel != "email":
            return True
        envelopes = world.relay.received
        reached.update(address.lower() for envelope in envelopes[read:] for address in envelope.rcpt_tos)
        read = len(envelopes)
        return emails <= reached

    return outcomes, acknowledged


def _cards(world: World) -> int:
    return sum(1 for call in world.slack.of("chat.postMessage") if call.get("channel") == TRIAGE)


async def settled(dsn: str, timeout: float = 120.0) -> int:
    """Wait until no delivery is waiting in the inbound journal and no notification in the outbox;
    returns the statements (transactions) it ran."""
    connection = await asyncpg.connect(dsn)
    loop = asyncio.get_running_loop()
    deadline, ran = loop.time() + timeout, 0
    try:
        while True:
            ran += 1
            waiting = await connection.fetchval(
                "SELECT (SELECT count(*) FROM inbound WHERE status = 'pending')"
                " + (SELECT count(*) FROM notifications WHERE status IN ('pending', 'sending'))")
            if waiting == 0:
                return ran
            if loop.time() > deadline:
                raise RuntimeError(f"{waiting} deliveries and notifications still waiting after {timeout:g} s")
            await asyncio.sleep(0.2)
    finally:
        await connection.close()


async def idle_rate(meters: Meters) -> Reading:
    """What the cluster does with nothing to do (timers, outbox polls, inbound sweeps, duties)."""
    await settled(meters.dsn)
    start = await meters.read()
    await asyncio.sleep(IDLE_SECONDS)
    return (await meters.read()).minus(start)


async def measure(channel: str, numbers: range, world: World, cluster: Cluster, meters: Meters,
                  session: aiohttp.ClientSession, concurrency: int, idle: Reading) -> Figures:
    cards_before = _cards(world)
    await settled(meters.dsn)
    start = await meters.read()
    outcomes, acknowledged = await _run_channel(channel, numbers, world, cluster, session, concurrency)
    unfinished = [o for o in outcomes if not (o.finished or (channel == "email" and o.accepted))]
    if unfinished:
        raise RuntimeError(f"{len(unfinished)} {channel} complaints were not acknowledged")
    await _until(acknowledged, 120, f"every {channel} acknowledgement reaching the relay")
    await _until(lambda: _cards(world) - cards_before >= len(numbers), 120, f"a Slack card per {channel} case")
    seconds = time.monotonic() - start.at
    polls = await settled(meters.dsn)
    await asyncio.sleep(1.5)  # backends report their statistics within a second of going idle
    raw = (await meters.read()).minus(start)
    own = Reading(0.0, 0.0, 0.0, 0.0, polls, 0)
    return Figures(channel, len(numbers), sum(o.accepted for o in outcomes), seconds,
                   raw.minus(idle.scaled(raw.at)).minus(own), raw)


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(make_url(POSTGRES_BASE_URL).set(drivername="postgresql")
                                       .render_as_string(hide_password=False))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def _start_redis(port: int, work_dir: Path) -> subprocess.Popen[bytes]:
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    return subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(work_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _machine() -> str:
    load = os.getloadavg()
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, python "
            f"{platform.python_version()}; {now}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--complaints", type=int, default=200, help="complaints per channel (default 200)")
    parser.add_argument("--concurrency", type=int, default=20, help="complainants at once (default 20)")
    parser.add_argument("--batches", type=int, default=5,
                        help="measured apart, the median per complaint reported (default 5)")
    parser.add_argument("--processes", type=int, default=2, help="serve processes (default 2)")
    parser.add_argument("--channels", default=",".join(CHANNELS))
    parser.add_argument("--model-dir", type=Path, default=REPO / ".pytest_cache" / "d" / "complaintdesk-nlu")
    arguments = parser.parse_args(argv)
    print(_machine(), flush=True)
    database = f"cdbench_{secrets.token_hex(5)}"
    await _admin(f'CREATE DATABASE "{database}"')
    database_url = make_url(POSTGRES_BASE_URL).set(database=database).render_as_string(hide_password=False)
    work_dir = Path(tempfile.mkdtemp(prefix="complaintdesk-bench-cluster-"))
    redis_port = free_port()
    redis_server = _start_redis(redis_port, work_dir)
    data_dir = work_dir / "data"
    data_dir.mkdir()
    (data_dir / "nlu").symlink_to(arguments.model_dir.resolve(), target_is_directory=True)
    telegram = await FakeBotApi(token=TELEGRAM_TOKEN).start()
    slack = FakeSlackApi(agents_group=set(), channel_members={TRIAGE: {"U0000BOT"}})
    await slack.start()
    relay = RecordingRelay()
    relay_server, relay_port = await start_relay(relay)
    world = World(telegram, slack, relay, relay_port)
    listen_port = free_port()
    env = {
        "COMPLAINTDESK_DATA_DIR": str(data_dir), "COMPLAINTDESK_LOG_LEVEL": "INFO",  # as in production
        "COMPLAINTDESK_DATABASE_URL": database_url, "COMPLAINTDESK_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "COMPLAINTDESK_MAIL_THREAD_SECRET": secrets.token_urlsafe(24),
        "COMPLAINTDESK_SMTP_MAX_MESSAGES_PER_IP_PER_MINUTE": "1000000",
        "COMPLAINTDESK_TELEGRAM_TOKEN": TELEGRAM_TOKEN, "COMPLAINTDESK_TELEGRAM_API_BASE": telegram.base_url,
        "COMPLAINTDESK_TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{listen_port}/telegram/webhook",
        "COMPLAINTDESK_TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        "COMPLAINTDESK_SLACK_BOT_TOKEN": BOT_TOKEN, "COMPLAINTDESK_SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "COMPLAINTDESK_SLACK_API_BASE": slack.base_url, "COMPLAINTDESK_SLACK_TRIAGE_CHANNEL": TRIAGE,
        "COMPLAINTDESK_MAIL_RELAY_HOST": "127.0.0.1", "COMPLAINTDESK_MAIL_RELAY_PORT": str(relay_port),
    }
    cluster = Cluster(arguments.processes, env, work_dir, listen_port=listen_port)
    redis = aioredis.Redis(port=redis_port)
    try:
        await cluster.start()
        print(f"{arguments.processes} serve processes on PostgreSQL ({database}) and a private Redis; "
              f"logs in {work_dir}", flush=True)
        meters = Meters(cluster, database, make_url(database_url).set(drivername="postgresql")
                        .render_as_string(hide_password=False), redis)
        async with aiohttp.ClientSession() as session:
            first = 1
            for channel in arguments.channels.split(","):  # the first turns (caches, pools) are not counted
                await _run_channel(channel, range(first, first + 6), world, cluster, session, 6)
                first += 6
            idle = await idle_rate(meters)
            print(f"idle, per second: serve CPU {1000 * idle.serve_cpu / idle.at:.0f} ms, PostgreSQL backends "
                  f"{1000 * idle.postgres_cpu / idle.at:.0f} ms, {idle.transactions / idle.at:.1f} transactions, "
                  f"{idle.redis_commands / idle.at:.1f} Redis commands (subtracted below)", flush=True)
            results = []
            size = max(1, arguments.complaints // arguments.batches)
            for channel in arguments.channels.split(","):
                batches = []
                for _ in range(arguments.batches):
                    numbers = range(first, first + size)
                    first += size
                    batches.append(await measure(channel, numbers, world, cluster, meters, session,
                                                 arguments.concurrency, idle))
                    print(f"  batch: {batches[-1].line()}", flush=True)
                figures = combined(batches)
                print(f"{figures.line()} [median of {len(batches)} batches per complaint]", flush=True)
                results.append(figures)
        total = statistics.fmean(f.per_complaint(f.net.serve_cpu + f.net.postgres_cpu + f.net.redis_cpu)
                                 for f in results)
        print(f"mean over the channels: {1000 * total:.1f} ms of CPU per complaint (serve + PostgreSQL + Redis)")
    finally:
        try:
            await cluster.stop()
        finally:
            await cluster.kill_everything()
            await redis.aclose()
            redis_server.terminate()
            redis_server.wait()
            relay_server.close()
            await slack.stop()
            await telegram.close()
            await _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            shutil.rmtree(work_dir, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
