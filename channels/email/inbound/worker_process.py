"""Stored mail parsed, understood and answered in the email worker process (the supervised child
of ``serve``, channels.inbound.worker_process): the same processor as in-process, fed by ids."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from channels.app.bootstrap import Product
from channels.inbound.processor import InboundProcessor
from channels.inbound.worker_process import DoneListener, child_main

MODULE = "channels.email.inbound.worker_process"
# Messages in hand at once in the child: while one waits for the write lock the serving process
# holds, another is parsed and understood.
CONCURRENCY = 2


@asynccontextmanager
async def mail_job(product: Product, on_done: DoneListener) -> AsyncIterator[InboundProcessor]:
    from channels.email.inbound.handoff import in_process_worker, mail_journal
    from channels.email.inbound.stored_mail import MailProcessor
    from channels.email.plugin import signer_for

    core = product.core
    journal = mail_journal(core)  # the same owner as the serving process: its claims are ours
    try:
        yield in_process_worker(core, journal, MailProcessor(core, product.dialogue, signer_for(product.settings)),
                                concurrency=CONCURRENCY, on_done=on_done)
    finally:
        await journal.close()


if __name__ == "__main__":
    child_main(mail_job)
