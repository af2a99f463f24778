"""A local cluster in one command (``make cluster``): N ``complaintdesk serve`` processes on one
PostgreSQL database and one Redis, each with an HTTP port, an SMTP port and an instance name of
its own, sharing one data directory, behind HAProxy (Debian's package) on loopback, configured
into a temporary directory. What production runs on several hosts (docs/operations.md,
"Production deployment"), on one machine.

    python -m scripts.cluster --processes 3            # until Ctrl-C
    python -m scripts.cluster --help

Tests drive :class:`Cluster` directly (tests/faults/test_cluster.py): start, SIGKILL a member,
start it again, stop with SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import shutil
import signal
import socket
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

COMPLAINTDESK = Path(sys.executable).with_name("complaintdesk")
READY_SECONDS = 180.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def haproxy_config(listen_port: int, members: list[tuple[str, int]], *, stats_port: int | None = None) -> str:
    """HAProxy in front of the members' HTTP ports: round robin, a member is taken out as soon as
    its ``/readyz`` fails (it is starting, stopping or dead) and a request that could not reach
    one (refused, or cut before any answer) goes to another, its body buffered for that."""
    servers = "\n".join(f"    server {name} 127.0.0.1:{port} check" for name, port in members)
    stats = (f"\nlisten stats\n    bind 127.0.0.1:{stats_port}\n    stats enable\n    stats uri /\n"
             if stats_port else "")
    return f"""global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 65s
    timeout server 65s
    timeout http-request 10s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response
    option http-buffer-request

frontend complaintdesk
    bind 127.0.0.1:{listen_port}
    default_backend serve

backend serve
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 1s fall 1 rise 2 on-marked-down shutdown-sessions
{servers}
{stats}"""


@dataclass
class Member:
    """One ``serve`` process of the cluster."""

    name: str
    http_port: int
    smtp_port: int
    env: dict[str, str]
    log: Path
    process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        assert self.process is None or self.process.returncode is not None
        with open(self.log, "ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                str(COMPLAINTDESK), "serve", env=self.env, stdout=out, stderr=out, start_new_session=True)

    async def ready(self, timeout: float = READY_SECONDS) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            if self.process is None or self.process.returncode is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log}")
            if await asyncio.to_thread(_ready, self.http_port):
                return
            await asyncio.sleep(0.2)
        raise RuntimeError(f"{self.name} was not ready in {timeout:g} s; see {self.log}")

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def kill(self) -> None:
        """SIGKILL the member and what it started (its email worker process), as a power cut would."""
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        await self.process.wait()

    async def stop(self, timeout: float = 60.0) -> int:
        """SIGTERM, as systemd stops it; returns the exit code."""
        if self.process is None or self.process.returncode is not None:
            return self.process.returncode or 0 if self.process else 0
        self.process.send_signal(signal.SIGTERM)
        try:
            async with asyncio.timeout(timeout):
                return int(await self.process.wait())
        except TimeoutError:
            await self.kill()
            raise RuntimeError(f"{self.name} did not stop on SIGTERM in {timeout:g} s; see {self.log}") from None


def _ready(port: int) -> bool:
    try:
        with urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:  # noqa: S310  # loopback only
            return bool(response.status == 200)
    except (URLError, OSError):
        return False


@dataclass
class Cluster:
    """:param env: the settings every member shares (channels, stores), as ``COMPLAINTDESK_*``
    :param work_dir: HAProxy's configuration and every log go here"""

    processes: int
    env: Mapping[str, str]
    work_dir: Path
    listen_port: int = field(default_factory=free_port)
    members: list[Member] = field(default_factory=list)
    haproxy: asyncio.subprocess.Process | None = None

    def __post_init__(self) -> None:
        base = {k: v for k, v in os.environ.items() if not k.startswith("COMPLAINTDESK_")}
        for number in range(1, self.processes + 1):
            name, http_port, smtp_port = f"serve{number}", free_port(), free_port()
            env = {**base, **self.env, "COMPLAINTDESK_INSTANCE_NAME": f"cluster-{name}",
                   "COMPLAINTDESK_HTTP_PORT": str(http_port), "COMPLAINTDESK_SMTP_PORT": str(smtp_port)}
            self.members.append(Member(name, http_port, smtp_port, env, self.work_dir / f"{name}.log"))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listen_port}"

    @property
    def smtp_ports(self) -> list[int]:
        return [member.smtp_port for member in self.members]

    async def command(self, *arguments: str) -> int:
        """Another ``complaintdesk`` command on the shared settings (``db upgrade``)."""
        with open(self.work_dir / "commands.log", "ab") as out:
            process = await asyncio.create_subprocess_exec(str(COMPLAINTDESK), *arguments, stdout=out, stderr=out,
                                                           env=self.members[0].env)
            return await process.wait()

    async def start(self, *, stats_port: int | None = None) -> None:
        """Migrate, start the first member alone (it trains the NLU models if the shared data
        directory has none), then the others together, then HAProxy."""
        if await self.command("db", "upgrade") != 0:
            raise RuntimeError(f"db upgrade failed; see {self.work_dir / 'commands.log'}")
        first, *others = self.members
        await first.start()
        await first.ready()
        for member in others:
            await member.start()
        await asyncio.gather(*(member.ready() for member in others))
        config = self.work_dir / "haproxy.cfg"
        config.write_text(haproxy_config(self.listen_port, [(m.name, m.http_port) for m in self.members],
                                         stats_port=stats_port))
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        with open(self.work_dir / "haproxy.log", "ab") as out:
            self.haproxy = await asyncio.create_subprocess_exec(haproxy, "-db", "-f", str(config), stdout=out,
                                                                stderr=out, start_new_session=True)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while not await asyncio.to_thread(_ready, self.listen_port):
            if self.haproxy.returncode is not None or loop.time() > deadline:
                raise RuntimeError(f"HAProxy did not come up; see {self.work_dir / 'haproxy.log'}")
            await asyncio.sleep(0.2)

    async def stop(self) -> list[int]:
        """SIGTERM every member (together, as a host's shutdown would), then HAProxy; the members'
        exit codes."""
        codes = list(await asyncio.gather(*(member.stop() for member in self.members)))
        if self.haproxy is not None and self.haproxy.returncode is None:
            self.haproxy.terminate()
            await self.haproxy.wait()
        return codes

    async def kill_everything(self) -> None:
        for member in self.members:
            if member.alive:
                await member.kill()
        if self.haproxy is not None and self.haproxy.returncode is None:
            self.haproxy.kill()
            await self.haproxy.wait()


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m scripts.cluster", description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=3, help="serve processes (default 3)")
    parser.add_argument("--port", type=int, default=8080, help="HAProxy's HTTP port (default 8080)")
    parser.add_argument("--stats-port", type=int, default=8404, help="HAProxy's statistics page (default 8404)")
    parser.add_argument("--database-url", default=os.environ.get(
        "COMPLAINTDESK_DATABASE_URL", "postgresql://127.0.0.1:5432/complaintdesk_cluster"),
        help="PostgreSQL (created if missing; default complaintdesk_cluster on 127.0.0.1)")
    parser.add_argument("--redis-url", default=os.environ.get("COMPLAINTDESK_REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get("COMPLAINTDESK_DATA_DIR", "data")),
                        help="shared by every member (attachments, NLU models); default ./data")
    return parser.parse_args(argv)


async def _create_database(url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    parsed = make_url(url).set(drivername="postgresql+asyncpg")
    admin = create_async_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            found = (await connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                              {"name": parsed.database})).first()
            if found is None:
                await connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
                print(f"created database {parsed.database}")
    finally:
        await admin.dispose()


async def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(argv)
    await _create_database(arguments.database_url)
    work_dir = Path(tempfile.mkdtemp(prefix="complaintdesk-cluster-"))
    data_dir = arguments.data_dir.resolve()
    secret_file = data_dir / "cluster-thread-secret"
    data_dir.mkdir(parents=True, exist_ok=True)
    if not secret_file.exists():  # one key for every member: any of them reads the replies to another's mail
        secret_file.write_text(secrets.token_urlsafe(32))
    env = {"COMPLAINTDESK_DATABASE_URL": arguments.database_url, "COMPLAINTDESK_REDIS_URL": arguments.redis_url,
           "COMPLAINTDESK_DATA_DIR": str(data_dir), "COMPLAINTDESK_MAIL_THREAD_SECRET": secret_file.read_text().strip(),
           **{k: v for k, v in os.environ.items() if k.startswith("COMPLAINTDESK_")
              and k not in ("COMPLAINTDESK_HTTP_PORT", "COMPLAINTDESK_SMTP_PORT", "COMPLAINTDESK_INSTANCE_NAME")}}
    cluster = Cluster(arguments.processes, env, work_dir, listen_port=arguments.port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    print(f"starting {arguments.processes} serve processes; logs and haproxy.cfg in {work_dir}")
    try:
        await cluster.start(stats_port=arguments.stats_port)
        for member in cluster.members:
            print(f"  {member.name}: http://127.0.0.1:{member.http_port} (readyz names its duties), "
                  f"SMTP 127.0.0.1:{member.smtp_port}, pid {member.process.pid if member.process else '?'}")
        print(f"HAProxy: {cluster.url} (Telegram webhook {cluster.url}/telegram/webhook, Slack events "
              f"{cluster.url}/slack/events), statistics http://127.0.0.1:{arguments.stats_port}/")
        print("stop with Ctrl-C")
        await stop.wait()
    finally:
        print("stopping: SIGTERM to every member")
        try:
            codes = await cluster.stop()
            print(f"stopped (exit codes {codes})")
        finally:
            await cluster.kill_everything()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
