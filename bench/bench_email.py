"""Email channel benchmark (issue 4): emails per second end to end — SMTP in (the stdlib smtplib
client, 20 concurrent connections) -> raw message stored -> case created by the real dialogue
manager -> acknowledgement delivered to a recording relay — on SQLite, beside a do-nothing
aiosmtpd handler and beside the floor of issue 19, an aiosmtpd server that only stores each message
in SQLite (WAL, one commit each) and writes a threaded reply to a Maildir (stdlib
``mailbox.Maildir``), both measured in the same run with the same clients. The product runs twice:
with stored mail processed in the serving process, and in its worker process (the default). The
clients and the relay run in a second process (bench/peer.py), as sending servers and the relay
are other machines.

Besides the rates, the server side's CPU time per message: this process (the SMTP listener) and,
for the product, its email worker process, read from /proc before and after the clients send, so
the figure holds on a loaded machine where wall-clock rates do not.

Acceptance latency is the time from MAIL FROM to the answer to the end of DATA (what a sending
server waits for); the end-to-end rate counts until the relay holds every acknowledgement.

    python -m bench.bench_email [--emails 1000] [--clients 20] [--nlu-dir PATH] [--rounds N] [--no-inline]
"""

from __future__ import annotations

import argparse
import asyncio
import email.message
import email.parser
import mailbox
import os
import platform
import smtplib
import sqlite3
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope, Session

from channels.email.plugin import EmailPlugin
from channels.app.runner import Runner
from config.policy import load_policy
from config.settings import SHIPPED_POLICY, load_settings
from core.runtime import Core
from core.storage.schema import create_all
from bench.cpu import server_pids, user_and_system
from bench.peer import PeerProcess

COMPLAINTS = "complaints@complaintdesk.localhost"
TEXTS = ["I was charged twice for order {n}, please refund the second payment.",
         "The parcel for order {n} arrived damaged and the box was open.",
         "Your agent was rude to me on the phone yesterday about order {n}.",
         "My account was locked without warning after order {n}, I cannot log in.",
         "The app crashes every time I try to pay for order {n}."]


class DoNothing:
    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        return "250 OK"


class StoreAndReply:
    """The floor of issue 19: each message stored in SQLite (WAL, one commit each) and a reply in
    its thread written to a Maildir, before the 250."""

    def __init__(self, directory: Path) -> None:
        self.db = sqlite3.connect(directory / "store.sqlite3", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("CREATE TABLE inbound (id INTEGER PRIMARY KEY, message_id TEXT UNIQUE, sender TEXT,"
                        " received_at REAL, payload BLOB)")
        self.maildir = mailbox.Maildir(directory / "replies", create=True)
        self.headers = email.parser.BytesHeaderParser()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.content if isinstance(envelope.content, bytes) else str(envelope.content).encode()
        parsed = self.headers.parsebytes(raw)  # the headers are all a threaded reply needs
        message_id = str(parsed.get("Message-ID", ""))
        self.db.execute("BEGIN")
        self.db.execute("INSERT INTO inbound (message_id, sender, received_at, payload) VALUES (?, ?, ?, ?)",
                        (message_id, envelope.mail_from, time.time(), raw))
        self.db.execute("COMMIT")
        reply = email.message.EmailMessage()
        reply["From"] = COMPLAINTS
        reply["To"] = envelope.mail_from
        reply["Subject"] = f"Re: {parsed.get('Subject', '')}"
        reply["In-Reply-To"] = message_id
        reply["References"] = message_id
        reply.set_content("We have received your complaint and will answer within five working days.")
        self.maildir.add(reply)
        return "250 OK"

    def close(self) -> None:
        self.db.close()


async def measured(call: object, pids: list[int]) -> dict:
    """Run the peer's ``blast`` and add the server side's CPU seconds spent meanwhile."""
    before = {pid: user_and_system(pid) for pid in pids}
    figures: dict = await call  # type: ignore[misc]  # an awaitable of the peer's answer
    after = {pid: user_and_system(pid) for pid in pids}
    spent = [sum(after[pid]) - sum(before[pid]) for pid in pids]
    figures["cpu"], figures["cpu_by_process"] = sum(spent), spent
    figures["system"] = sum(after[pid][1] - before[pid][1] for pid in pids)
    return figures


class CountingRelay:
    def __init__(self) -> None:
        self.expected = 0
        self.count = 0
        self.done = asyncio.Event()
        self.done_at = 0.0

    def expect(self, count: int) -> None:
        self.expected, self.count, self.done_at = count, 0, 0.0
        self.done.clear()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.count += 1
        if self.count >= self.expected and not self.done.is_set():
            self.done_at = time.perf_counter()
            self.done.set()
        return "250 OK"


def message(index: int, run: str) -> bytes:
    return (f"From: Person {index} <person{index}.{run}@example.org>\r\nTo: {COMPLAINTS}\r\n"
            f"Subject: Complaint {index}\r\nMessage-ID: <bench-{run}-{index}@example.org>\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{TEXTS[index % len(TEXTS)].format(n=10000 + index)}\r\n").encode()


def client(port: int, indices: list[int], run: str, latencies: list[float], lock: threading.Lock) -> None:
    """One SMTP connection sending its share of the messages, as a sending MTA does."""
    with smtplib.SMTP("127.0.0.1", port, local_hostname="bench.client", timeout=60) as smtp:
        for index in indices:
            began = time.perf_counter()
            smtp.sendmail(f"person{index}.{run}@example.org", [COMPLAINTS], message(index, run))
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


class EmailPeer:
    """The far side, in the peer process: the sending MTAs (smtplib clients) and the relay that
    receives the acknowledgements, as other machines would be."""

    relay: CountingRelay
    relay_server: asyncio.AbstractServer

    async def start_relay(self) -> int:
        loop = asyncio.get_running_loop()
        self.relay = CountingRelay()
        self.relay_server = await loop.create_server(lambda: SMTP(self.relay, hostname="relay", loop=loop),
                                                     "127.0.0.1", 0)
        return self.relay_server.sockets[0].getsockname()[1]

    async def blast(self, port: int, emails: int, clients: int, run: str, acknowledged: bool) -> dict[str, object]:
        """Send ``emails`` over ``clients`` connections; with ``acknowledged``, also wait until the
        relay holds an acknowledgement for each."""
        self.relay.expect(emails)
        latencies: list[float] = []
        lock = threading.Lock()
        shares = [list(range(i, emails, clients)) for i in range(clients)]
        loop = asyncio.get_running_loop()
        with ThreadPoolExecutor(clients) as pool:
            began = time.perf_counter()
            await asyncio.gather(*(loop.run_in_executor(pool, client, port, share, run, latencies, lock)
                                   for share in shares))
            accepted = time.perf_counter() - began
        end_to_end = None
        if acknowledged:
            await asyncio.wait_for(self.relay.done.wait(), timeout=max(120.0, emails))
            end_to_end = self.relay.done_at - began
        return {"accepted": accepted, "end_to_end": end_to_end, "latencies": latencies}

    async def close(self) -> None:
        self.relay_server.close()
        await self.relay_server.wait_closed()


async def baseline(peer: PeerProcess, emails: int, clients: int, handler: object, run: str) -> dict:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, hostname="baseline", loop=loop), "127.0.0.1", 0)
    try:
        return await measured(peer.call("blast", server.sockets[0].getsockname()[1], emails, clients, run, False),
                              [os.getpid()])
    finally:
        server.close()
        await server.wait_closed()


async def store_and_reply(peer: PeerProcess, emails: int, clients: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        handler = StoreAndReply(Path(tmp))
        try:
            return await baseline(peer, emails, clients, handler, "floor")
        finally:
            handler.close()


async def product(peer: PeerProcess, relay_port: int, emails: int, clients: int, nlu_dir: Path,
                  worker_process: bool = True) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        (data / "nlu").symlink_to(nlu_dir.resolve(), target_is_directory=True)
        settings = load_settings(data_dir=data, http_port=0, smtp_port=0, outbox_poll_seconds=0.05,
                                 mail_relay_host="127.0.0.1", mail_relay_port=relay_port,
                                 smtp_max_messages_per_sender_per_hour=1_000_000,
                                 smtp_max_messages_per_ip_per_minute=1_000_000,
                                 smtp_worker_process=worker_process, log_level="WARNING")
        core = Core.build(settings)
        await create_all(core.engine)
        await core.close()
        plugin = EmailPlugin()
        runner = Runner(settings, plugins=[plugin])
        await runner.start()
        try:
            assert plugin.port is not None
            return await measured(peer.call("blast", plugin.port, emails, clients,
                                            "product" if worker_process else "inline", True), server_pids())
        finally:
            await runner.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--emails", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds of the baselines and the default")
    parser.add_argument("--no-inline", action="store_true", help="skip the run processing mail in the serving process")
    parser.add_argument("--nlu-dir", type=Path, default=Path(".pytest_cache/d/complaintdesk-nlu"),
                        help="trained NLU models (trained there first if missing or stale)")
    args = parser.parse_args()
    from nlu.analyzer import Analyzer

    await asyncio.to_thread(Analyzer.load, load_policy(SHIPPED_POLICY), args.nlu_dir)
    async with PeerProcess("bench.bench_email:EmailPeer") as peer:
        relay_port = await peer.call("start_relay")
        try:
            rounds = []
            for _ in range(args.rounds):  # interleaved, so that each round's figures share the machine's load
                base = await baseline(peer, args.emails, args.clients, DoNothing(), "baseline")
                floor = await store_and_reply(peer, args.emails, args.clients)
                ours = await product(peer, relay_port, args.emails, args.clients, args.nlu_dir, worker_process=True)
                rounds.append((base, floor, ours))
            inline = None if args.no_inline else await product(peer, relay_port, args.emails, args.clients,
                                                               args.nlu_dir, worker_process=False)
        finally:
            await peer.call("close")
    ms = 1000.0
    n = args.emails
    print(f"python {platform.python_version()} on {platform.machine()}, {n} emails, {args.clients} smtplib clients,"
          f" load average {os.getloadavg()[0]:.1f} at the end")
    by_rate, by_cpu = [], []
    for number, (base, floor, ours) in enumerate(rounds, start=1):
        print(f"round {number}:")
        for name, figures in (("do-nothing aiosmtpd", base), ("store-and-reply aiosmtpd (SQLite WAL + Maildir)", floor)):
            latencies = figures["latencies"]
            print(f"   {name}: {n / figures['accepted']:8.1f} emails/s   acceptance median"
                  f" {statistics.median(latencies) * ms:6.2f} ms   p99 {p99(latencies) * ms:6.2f} ms"
                  f"   server CPU {figures['cpu'] / n * ms:6.3f} ms/email ({figures['system'] / n * ms:.3f} in the kernel)")
        by_rate.append((n / ours["end_to_end"]) / (n / floor["accepted"]))
        by_cpu.append(floor["cpu"] / ours["cpu"])
        report("complaintdesk, mail processed in the worker process (the default)", ours, n, base, floor)
    if inline is not None:
        report("complaintdesk, mail processed in the serving process (COMPLAINTDESK_SMTP_WORKER_PROCESS=false)",
               inline, n, rounds[-1][0], rounds[-1][1])
    print(f"ratio to store-and-reply over {len(rounds)} round(s), median: {statistics.median(by_rate):.2f} by rate,"
          f" {statistics.median(by_cpu):.2f} by CPU per email")
    print("targets (the default): >= 200 emails/s end to end, >= 0.3 of store-and-reply, acceptance p99 < 100 ms")


def report(name: str, result: dict, n: int, base: dict, floor: dict) -> None:
    ms = 1000.0
    rate, cpu = n / result["end_to_end"], result["cpu"] / n
    print(f"   {name} (SQLite):")
    print(f"      {rate:8.1f} emails/s end to end (all acknowledgements at the relay), "
          f"{n / result['accepted']:8.1f} emails/s accepted")
    print(f"      acceptance median {statistics.median(result['latencies']) * ms:6.2f} ms"
          f"   p99 {p99(result['latencies']) * ms:6.2f} ms")
    print(f"      server CPU {cpu * ms:6.3f} ms/email ("
          + " + ".join(f"{spent / n * ms:.3f}" for spent in result["cpu_by_process"])
          + f": SMTP process, worker; {result['system'] / n * ms:.3f} of it in the kernel)")
    print(f"      ratio to store-and-reply: {rate / (n / floor['accepted']):.2f} by rate,"
          f" {floor['cpu'] / result['cpu']:.2f} by CPU per email   (to do-nothing: {rate / (n / base['accepted']):.2f})")


if __name__ == "__main__":
    asyncio.run(main())
