"""A channel's inbound processing in a process of its own, so that parsing, NLU and the
dialogue get a CPU core of their own while the serving process answers the platform (SMTP
clients, Slack's requests) and delivers the outbox. Email
(``channels.email.inbound.worker_process``) and Slack (``channels.slack.worker_process``) run one
each; a channel's module says how its child builds the processor (a :data:`ChildJob`) and calls
:func:`child_main`.

``serve`` (the parent) starts ``python -m <the channel's module>`` and talks to it over its
standard streams, one line per message:

* parent -> child: the settings (base64 of a pickle) on the first line, then every inbound row
  it stored, as its id and the row itself (base64 of a pickle of its columns), so that the child
  need not read it back; closing the stream asks the child to finish what it holds and exit.
* child -> parent: ``ready`` once it listens, then ``done <id> <status> <replies queued>`` per
  message, which wakes the parent's outbox dispatcher (as ``wake`` does, written when the child's
  own work queued notifications outside a settlement: an agent's reply in a card's thread). Before each ``done`` come the child's
  metrics for that message, one line per event of the :class:`core.ports.Metrics` port
  (``metric message_received email``, ``metric nlu_finished 0.0123``, ...): the parent feeds
  them to its own metrics, so that ``serve``'s ``/metrics`` counts the mail the child handled
  (:class:`ForwardedMetrics`; docs/operations.md, "Metrics").

The rows travel through the database too: the child settles each one there, takes up (sweeps)
what is left pending, and reads a row back when its claim ran out before it came to it (another
process may hold it now); a row it swept already is not taken again when its line comes. Nothing is lost if the child dies: the parent starts a new one, whose first sweep
takes every row still pending. The dialogue's sessions live in the database (or in Redis when it
is configured); its per-conversation locks are the child's, so a conversation's every message goes
to the child (Slack's DM buttons too, journalled for that). On SQLite the two processes share the file; a unit of work that finds
the write lock taken waits for it without stopping its event loop (``core.storage.inline_sqlite``).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import os
import pickle
import signal
import sys
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING

from config.settings import Settings
from core.model import InboundRecord
from core.ports import Metrics, NoMetrics

if TYPE_CHECKING:
    from channels.app.bootstrap import Product
    from channels.inbound.journal import Settlement
    from channels.inbound.processor import InboundProcessor

log = logging.getLogger(__name__)
RESTART_PAUSE_S = 1.0
READY_TIMEOUT_S = 120.0  # loading (or first training) the NLU models

DoneListener = Callable[[InboundRecord, "Settlement", int], None]
# The child's processor of one channel's journal, built on the opened product, telling
# ``on_done`` of each delivery settled; closed (its journal too) when the child stops.
ChildJob = Callable[["Product", DoneListener], AbstractAsyncContextManager["InboundProcessor"]]


class WorkerProcess:
    """The parent's side: the inbound processing of one channel (email's
    :class:`channels.email.inbound.handoff.MailWorker`, Slack's events) in a supervised child
    process, ``python -m <module>``."""

    def __init__(self, settings: Settings, module: str, on_queued: Callable[[], None], *, name: str,
                 metrics: Metrics | None = None) -> None:
        """:param module: the channel's child (it calls :func:`child_main`)
        :param name: the channel, in log lines
        :param metrics: where the child's metrics go (``serve``'s, fed through ``core.metrics``)"""
        self.settings = settings
        self.module = module
        self.name = name
        self.on_queued = on_queued
        self.metrics = metrics or NoMetrics()
        self.process: asyncio.subprocess.Process | None = None
        self.restarts = 0
        self._submitted: set[int] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self._ready = asyncio.Event()
        self._stopping = False
        self._child_ready = False
        self._supervisor: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start the child and wait until it is ready (raises RuntimeError if it cannot start)."""
        self._supervisor = asyncio.create_task(self._supervise(), name=f"{self.name}-worker-process")
        ready = asyncio.create_task(self._ready.wait())
        await asyncio.wait({ready, self._supervisor}, timeout=READY_TIMEOUT_S, return_when=asyncio.FIRST_COMPLETED)
        if not self._ready.is_set():
            ready.cancel()
            await self.stop()
            raise RuntimeError(f"the {self.name} worker process did not start; its log lines above say why")
        assert self.process is not None
        log.info("%s worker process %d ready", self.name, self.process.pid)

    def submit(self, record: InboundRecord, parsed: object = None) -> None:
        """Hand ``record`` (stored, claimed by this instance) to the child; ``parsed`` is not
        sent: the child reads the row."""
        assert record.id is not None
        self._submitted.add(record.id)
        self._idle.clear()
        self._send(record)

    def _send(self, record: InboundRecord) -> None:
        process = self.process
        if process is None or process.stdin is None or process.returncode is not None or process.stdin.is_closing():
            return  # the next child's first sweep takes the row
        process.stdin.write(f"{record.id} ".encode() + handed_over(record) + b"\n")

    @property
    def in_flight(self) -> int:
        return len(self._submitted)

    async def drain(self) -> None:
        """Wait until the child has reported every submitted message."""
        while self._submitted and self.process is not None:
            await self._idle.wait()

    async def stop(self) -> None:
        self._stopping = True
        process = self.process
        if process is not None and process.stdin is not None and process.returncode is None:
            process.stdin.close()  # the child finishes what it holds, then exits
            try:
                async with asyncio.timeout(30):
                    await process.wait()
            except TimeoutError:
                log.error("the %s worker process did not stop in 30 s; killed", self.name)
                process.kill()
                await process.wait()
        if self._supervisor is not None:
            self._supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._supervisor

    async def _supervise(self) -> None:
        """Run children one after another until stopped. A child that dies is replaced after a
        pause that doubles (to a minute) while replacements die before they are ready; if the
        very first one dies before it is ready, ``start`` fails instead."""
        pause = RESTART_PAUSE_S
        while not self._stopping:
            self._child_ready = False
            await self._run_child()
            if self._stopping or not self._ready.is_set():
                return
            self.restarts += 1
            pause = RESTART_PAUSE_S if self._child_ready else min(pause * 2, 60.0)
            log.error("the %s worker process exited (code %s); starting another in %.0f s", self.name,
                      self.process.returncode if self.process else None, pause)
            self._submitted.clear()  # the new child's first sweep takes whatever is still pending
            self._idle.set()
            await asyncio.sleep(pause)

    async def _run_child(self) -> None:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", self.module, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.process = process
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(base64.b64encode(pickle.dumps(self.settings)) + b"\n")
        try:
            while line := await process.stdout.readline():
                self._heard(line.decode().split())
        finally:  # its output ended: it is exiting, or stuck after closing stdout
            try:
                async with asyncio.timeout(10):
                    await process.wait()
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()

    def _heard(self, words: list[str]) -> None:
        if words[:1] == ["metric"]:
            apply_metric(self.metrics, words[1:])
        elif words == ["wake"]:
            self.on_queued()
        elif words == ["ready"]:
            self._child_ready = True
            self._ready.set()
        elif len(words) == 4 and words[0] == "done":
            self._submitted.discard(int(words[1]))
            if int(words[3]) > 0:
                self.on_queued()
            if not self._submitted:
                self._idle.set()


class ForwardedMetrics:
    """The child's :class:`core.ports.Metrics`: each event becomes a ``metric`` line, kept until
    the message's ``done`` line goes (no I/O on the hot path), then written before it."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def message_received(self, channel: str) -> None:
        self.lines.append(f"metric message_received {channel}")

    def turn_finished(self, channel: str, seconds: float) -> None:
        self.lines.append(f"metric turn_finished {channel} {seconds!r}")

    def nlu_finished(self, seconds: float) -> None:
        self.lines.append(f"metric nlu_finished {seconds!r}")

    def case_opened(self, channel: str) -> None:
        self.lines.append(f"metric case_opened {channel}")

    def acknowledged(self, channel: str, seconds: float) -> None:
        self.lines.append(f"metric acknowledged {channel} {seconds!r}")

    def delivery_failed(self, channel: str) -> None:
        self.lines.append(f"metric delivery_failed {channel}")

    def flush(self, parent: _ToParent, *then: str) -> None:
        """Write the lines kept, and ``then``, in one write."""
        lines, self.lines = self.lines, []
        parent.line(*lines, *then)


def handed_over(record: InboundRecord) -> bytes:
    """A stored row as one protocol word: what :func:`taken_over` makes the row again from."""
    return base64.b64encode(pickle.dumps((
        record.id, record.channel, record.dedup_key, record.payload, record.received_at, record.status,
        record.conversation, record.attempts, record.claimed_by, record.claimed_until)))


def taken_over(word: str) -> InboundRecord:
    (record_id, channel, key, payload, received_at, status, conversation, attempts, claimed_by,
     claimed_until) = pickle.loads(base64.b64decode(word))
    return InboundRecord(channel=channel, dedup_key=key, payload=payload, received_at=received_at, status=status,
                         conversation=conversation, attempts=attempts, claimed_by=claimed_by,
                         claimed_until=claimed_until, id=record_id)


COUNTED = frozenset({"message_received", "case_opened", "delivery_failed"})  # event channel
TIMED = frozenset({"turn_finished", "acknowledged"})  # event channel seconds


def apply_metric(metrics: Metrics, words: list[str]) -> None:
    """One forwarded event (the words after ``metric``) fed to ``metrics``; a line that is not
    one is logged and dropped (the child is the same program: it would be a bug, not an attack)."""
    try:
        event, *args = words
        if event in COUNTED and len(args) == 1:
            getattr(metrics, event)(args[0])
        elif event in TIMED and len(args) == 2:
            getattr(metrics, event)(args[0], float(args[1]))
        elif event == "nlu_finished" and len(args) == 1:
            metrics.nlu_finished(float(args[0]))
        else:
            raise ValueError(event)
    except ValueError:
        log.warning("worker process: a metric line not understood: %r", " ".join(words)[:200])


class _ToParent:
    """The child's end of the protocol. Once the serving process is gone (its end of the pipe
    closed), nothing more is written: the child finishes what it holds and exits when its stdin
    ends, without a traceback per message."""

    def __init__(self, write: Callable[[bytes], object]) -> None:
        self._write = write
        self.gone = False

    def line(self, *texts: str) -> None:
        if self.gone or not texts:
            return
        try:
            self._write("".join(f"{text}\n" for text in texts).encode())
        except (BrokenPipeError, ConnectionResetError, ValueError):
            self.gone = True
            log.info("the serving process is gone; finishing the messages in hand")


async def _child(parent: _ToParent, job: ChildJob) -> None:
    """The child's side: the same inbound processor the serving process would run, fed by stdin."""
    from channels.app import gc_freeze
    from channels.app.bootstrap import bootstrap
    from channels.app.logs import configure_logging
    from channels.inbound.journal import Settlement

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    settings: Settings = pickle.loads(base64.b64decode(await reader.readline()))
    configure_logging(settings.log_level)
    metrics = ForwardedMetrics()
    # the serving process checkpoints the SQLite file
    async with bootstrap(settings, dialogue=True, checkpoints=False, metrics=metrics) as product:
        # this process runs no outbox: what its work queues, the serving process delivers
        product.core.dispatcher.on_wake = lambda: parent.line("wake")

        def done(record: InboundRecord, settlement: Settlement, queued: int) -> None:
            metrics.flush(parent, f"done {record.id} {settlement.status} {queued}")

        async with job(product, done) as worker:
            await worker.start()
            gc_freeze.settle()
            parent.line("ready")
            try:
                while line := await reader.readline():
                    words = line.split()
                    if len(words) == 2 and words[0].isdigit():
                        await worker.submit_handed_over(taken_over(words[1].decode()))
                    elif len(words) == 1 and words[0].isdigit():
                        await worker.submit_id(int(words[0]))
            finally:
                await worker.stop(grace_seconds=30.0)
                metrics.flush(parent)


def child_main(job: ChildJob) -> None:
    """The child process's entry point: a channel's module calls it with its job."""
    # The serving process stops this one by closing its stdin, after its own last message: a
    # Ctrl-C in the terminal reaches both, and must not cut the child short.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # stdout carries the protocol: anything else printed goes to stderr, with the log.
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    asyncio.run(_child(_ToParent(protocol.write), job))
