"""What the SMTP intake hands stored messages to: an inbound processor in this process, or the
email worker process (channels.email.inbound.worker_process), which runs one in a child process."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from channels.email.inbound.storing import CHANNEL
from channels.email.inbound.stored_mail import MailProcessor
from channels.inbound.journal import InboundJournal, Settlement
from channels.inbound.processor import InboundProcessor
from channels.inbound.wiring import journal_for, processor_for
from core.model import InboundRecord
from core.runtime import Core

# One message at a time: the work is CPU-bound (parsing, NLU), so more at once only adds waiting.
CONCURRENCY = 1


class MailWorker(Protocol):
    def submit(self, record: InboundRecord) -> object:
        """Process ``record``, a pending row just stored (claimed by this instance)."""

    async def start(self) -> None:
        """Take up what an earlier run left pending, then keep sweeping."""

    async def stop(self) -> None:
        """Finish what was submitted, then stop."""

    async def drain(self) -> None:
        """Wait until every submitted message is processed (tests, shutdown)."""

    @property
    def in_flight(self) -> int:
        """Messages submitted and not yet processed."""


def mail_journal(core: Core) -> InboundJournal:
    return journal_for(core, CHANNEL)


def in_process_worker(core: Core, journal: InboundJournal, processor: MailProcessor, *,
                      concurrency: int = CONCURRENCY,
                      on_done: Callable[[InboundRecord, Settlement, int], None] | None = None) -> InboundProcessor:
    return processor_for(core, journal, processor.process, concurrency=concurrency, on_done=on_done)
