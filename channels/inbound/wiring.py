"""A channel's journal and processor in this process, from the settings: every channel wires
them the same way."""

from __future__ import annotations

from collections.abc import Callable

from channels.inbound.journal import InboundJournal, Settlement
from channels.inbound.processor import Handler, InboundProcessor, processing_policy
from core.model import InboundRecord
from core.runtime import Core


def journal_for(core: Core, channel: str) -> InboundJournal:
    """Its claims last twice an attempt's time limit: a process that is alive settles before."""
    return InboundJournal(channel, core.uow, core.clock, core.settings.instance,
                          lease_seconds=core.settings.inbound_timeout_seconds * 2, shared=core.shared_database)


def processor_for(core: Core, journal: InboundJournal, handle: Handler, *, concurrency: int = 64,
                  on_done: Callable[[InboundRecord, Settlement, int], None] | None = None) -> InboundProcessor:
    return InboundProcessor(journal, handle, dispatcher=core.dispatcher, clock=core.clock,
                            policy=processing_policy(core.settings, concurrency=concurrency), on_done=on_done)
