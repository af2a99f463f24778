"""The email channel as the runner sees it: SMTP intake, inbound worker, and the notifier."""

from __future__ import annotations

import asyncio
import logging

from channels.email.outbound.erasure import OutboxMaildir
from channels.email.inbound.acceptance import IntakeHandler
from channels.email.msgids import MessageIdSigner
from channels.email.outbound.notifier import EmailNotifier
from channels.email.inbound.stored_mail import MailProcessor
from channels.email.inbound.listener import bound_port, start_smtp_server
from channels.email.outbound.transport import MAILDIR_NAME, MailTransport, transport_for
from channels.email.inbound.handoff import MailWorker, in_process_worker, mail_journal
from channels.email.inbound.worker_process import MODULE as WORKER_MODULE
from channels.inbound.worker_process import WorkerProcess
from channels.inbound.journal import InboundJournal
from channels.app.plugin import ServeContext
from config.settings import Settings
from config.thread_secret import thread_secret

log = logging.getLogger(__name__)


def signer_for(settings: Settings) -> MessageIdSigner:
    """The signer of our Message-IDs, with the deployment's one key: the serving process and its
    email worker process both come here, and find the same key (config.thread_secret)."""
    return MessageIdSigner(thread_secret(settings).value, settings.mail_message_id_domain)


class EmailPlugin:
    name = "email"

    def __init__(self, transport: MailTransport | None = None) -> None:
        self._transport = transport
        self.server: asyncio.Server | None = None
        self.worker: MailWorker | None = None
        self._drained = False
        self.journal: InboundJournal | None = None
        self.notifier: EmailNotifier | None = None
        self.port: int | None = None

    def not_configured_reason(self, settings: Settings) -> str | None:
        if not settings.smtp_enabled:
            return "COMPLAINTDESK_SMTP_ENABLED is false"
        if not settings.complaint_addresses:
            return "COMPLAINTDESK_SMTP_ADDRESSES names no complaint address"
        return None

    def personal_data_holder(self, settings: Settings) -> OutboxMaildir:
        """The local Maildir: kept whether or not the channel runs now, mail written earlier stays there."""
        return OutboxMaildir(settings.data_dir / MAILDIR_NAME)

    async def setup(self, context: ServeContext) -> None:
        signer = signer_for(context.settings)
        self.notifier = EmailNotifier(context.core, self._transport or transport_for(context.settings), signer)
        context.core.registry.register(self.notifier)
        self.journal = mail_journal(context.core)
        if context.settings.smtp_worker_process:
            self.worker = WorkerProcess(context.settings, WORKER_MODULE, on_queued=context.core.dispatcher.wake,
                                        name="email", metrics=context.core.metrics)
        else:
            self.worker = in_process_worker(context.core, self.journal,
                                            MailProcessor(context.core, context.dialogue, signer))

    async def start(self, context: ServeContext) -> None:
        assert self.worker is not None and self.journal is not None
        worker = self.worker
        dialogue = context.dialogue
        await worker.start()  # its first sweep picks up whatever a previous run left pending
        handler = IntakeHandler(context.core, self.journal, dialogue.kv, dialogue.keys, worker.submit)
        self.server = await start_smtp_server(handler, context.settings)
        self.port = bound_port(self.server)
        log.info("email intake listening on %s:%s for %s", context.settings.smtp_host, self.port,
                 ", ".join(context.settings.complaint_addresses))

    async def drain(self, grace_seconds: float) -> None:
        """The SMTP listener closed, then the worker finishes the mail it holds (the worker
        process keeps its own time limit: each message's attempt is bounded already)."""
        if self._drained:
            return
        self._drained = True
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
        if self.worker is not None:
            await self.worker.stop()
        if self.journal is not None:
            await self.journal.close()

    async def stop(self) -> None:
        await self.drain(0.0)
        if self.notifier is not None:
            await self.notifier.transport.close()
