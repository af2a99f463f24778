"""Events API deliveries in the shared inbound journal: each event is stored before Slack gets
its ack, processed after it (in order per conversation, within a time limit), and settled with
the replies it led to, which are then sent once. Slack's retries of a stored event are
recognised by ``event_id``; events a crash left unfinished are taken up again at start. A button
pressed in a DM (a choice the dialogue offered) is journalled the same way, under the id of the
press: it is a turn of the conversation, in its order, answered once.

The processing runs here, or (``COMPLAINTDESK_SLACK_WORKER_PROCESS``) in the Slack worker process,
which builds a :class:`SlackEvents` of its own and is handed the rows stored here."""

from __future__ import annotations

import json
from typing import Any

from channels.inbound.journal import Arrival, Settlement
from channels.inbound.replies import ReplyCollector
from channels.inbound.wiring import journal_for, processor_for
from channels.inbound.worker_process import DoneListener, WorkerProcess
from channels.slack.dm import DirectMessages, choice_channel, choice_key
from channels.slack.threads import ThreadReplies
from core.model import InboundRecord
from core.runtime import Core
from core.status import InboundStatus

CHANNEL = "slack"
CONCURRENCY = 32


def is_direct(event: dict[str, Any]) -> bool:
    return event.get("channel_type") == "im" or str(event.get("channel") or "").startswith("D")


def is_choice(body: dict[str, Any]) -> bool:
    return body.get("type") == "block_actions"


class SlackEvents:
    def __init__(self, core: Core, dms: DirectMessages, threads: ThreadReplies, *,
                 worker: WorkerProcess | None = None, on_done: DoneListener | None = None) -> None:
        """:param worker: the Slack worker process, which processes what is stored here
        :param on_done: hears of every delivery settled (the worker process's own instance)"""
        self._core = core
        self._dms = dms
        self._threads = threads
        self.worker = worker
        self.journal = journal_for(core, CHANNEL)
        # A limited number at once (their replies are sent outside the limit): the rest waits
        # parked, off the event loop's ready queue, so requests keep being acknowledged promptly
        # under load. Measured (bench_slack, 2026-12-01): 8 at once 246-250 DMs/s with agent acks
        # p99 42-48 ms; 32: 305/s, p99 61 ms; 64: 330/s, p99 89 ms (the target is 100 ms).
        self.processor = processor_for(core, self.journal, self.process, concurrency=CONCURRENCY, on_done=on_done)

    async def arrive(self, event_id: str, body: dict[str, Any]) -> InboundRecord | None:
        """Store the event; None if it was stored before (a retry)."""
        event = body.get("event") or {}
        conversation = event.get("channel") or event.get("user")
        return await self.journal.store(Arrival(event_id, json.dumps(body).encode(), self._core.clock.now(),
                                                str(conversation) if conversation else None))

    async def arrive_choice(self, body: dict[str, Any]) -> InboundRecord | None:
        """Store a DM button press; None if it was stored before."""
        channel = choice_channel(body)
        return await self.journal.store(Arrival(choice_key(body), json.dumps(body).encode(), self._core.clock.now(),
                                                channel or None))

    def submit(self, record: InboundRecord, body: dict[str, Any]) -> None:
        if self.worker is not None:
            self.worker.submit(record)
        else:
            self.processor.submit(record, body)

    async def ignored(self, event_id: str, reason: str) -> None:
        """No listener takes the event: it is settled at once."""
        await self.journal.settle(event_id, Settlement(InboundStatus.IGNORED, f"ignored: {reason}"))

    async def process(self, record: InboundRecord, body: dict[str, Any] | None) -> Settlement:
        if body is None:  # taken up again after a restart
            try:
                body = json.loads(record.payload)
            except ValueError:
                return Settlement(InboundStatus.FAILED, "failed: the stored body is not JSON")
        if is_choice(body or {}):
            outgoing = ReplyCollector(CHANNEL, self._core.clock.now())
            outcome = await self._dms.choice(body or {}, outgoing)
            return Settlement(_status(outcome), outcome, replies=outgoing.notifications, inline=True)
        event = (body or {}).get("event") or {}
        if event.get("type") != "message":
            return Settlement(InboundStatus.IGNORED, f"ignored: no work for a {event.get('type')!r} event")
        if is_direct(event):
            outgoing = ReplyCollector(CHANNEL, self._core.clock.now())
            outcome = await self._dms.message(body, outgoing)
            return Settlement(_status(outcome), outcome, replies=outgoing.notifications, inline=True)
        outcome, reference = await self._threads.message(body)
        return Settlement(_status(outcome), outcome, about=reference)

    async def start(self) -> None:
        """Take up what an earlier run left pending (here, or in the worker process, which also
        starts now), then keep sweeping."""
        if self.worker is not None:
            await self.worker.start()
        else:
            await self.processor.start()

    async def stop(self, grace_seconds: float) -> None:
        if self.worker is not None:  # the child finishes what it holds within its own time limits
            await self.worker.stop()
        else:
            await self.processor.stop(grace_seconds)
        await self.journal.close()

    async def drain(self) -> None:
        """Wait until every delivery handed over is processed (tests, shutdown)."""
        await (self.worker or self.processor).drain()

    @property
    def in_flight(self) -> int:
        return (self.worker or self.processor).in_flight


def _status(outcome: str) -> InboundStatus:
    if outcome.startswith("ignored"):
        return InboundStatus.IGNORED
    if outcome.startswith("refused"):
        return InboundStatus.REFUSED
    return InboundStatus.DONE
