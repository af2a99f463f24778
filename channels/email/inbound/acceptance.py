"""The aiosmtpd handler: complaint addresses only, rate limits, and 250 only once the raw
message is stored (451 when it cannot be, so the sending server retries)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiosmtpd.smtp import SMTP, Envelope, Session

from bot.keys import KeyBuilder
from bot.kv import KeyValue
from channels.email.inbound import smtp_codes as codes
from channels.email.inbound.storing import arrival_of
from channels.inbound.journal import InboundJournal
from core.model import InboundRecord
from core.runtime import Core

log = logging.getLogger(__name__)


class IntakeHandler:
    def __init__(self, core: Core, journal: InboundJournal, kv: KeyValue, keys: KeyBuilder,
                 on_stored: Callable[[InboundRecord], object]) -> None:
        self.core = core
        self.journal = journal
        self.settings = core.settings
        self.kv = kv
        self.keys = keys
        self.on_stored = on_stored
        self.addresses = frozenset(core.settings.complaint_addresses)

    async def _over(self, scope: str, subject: str, window: int, limit: int) -> bool:
        try:
            return await self.kv.hit(self.keys.rate(scope, subject), window) > limit
        except Exception:  # the rate-limit store is down: accepting mail matters more than limiting it
            log.warning("SMTP rate limit store unavailable; limit %s not applied", scope, exc_info=True)
            return False

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          mail_options: list[str]) -> str:
        peer = session.peer[0] if isinstance(session.peer, tuple) else str(session.peer)
        if await self._over("smtp-ip", peer, 60, self.settings.smtp_max_messages_per_ip_per_minute):
            log.warning("SMTP client over the per-address limit; closing the connection")
            if server.transport is not None:
                asyncio.get_running_loop().call_soon(server.transport.close)
            return codes.IP_RATE_LIMITED
        if address and await self._over("smtp-sender", address.lower(), 3600,
                                        self.settings.smtp_max_messages_per_sender_per_hour):
            return codes.SENDER_RATE_LIMITED
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return codes.SENDER_OK

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        if address.lower() not in self.addresses:  # never a relay: only our own mailboxes
            return codes.NO_SUCH_MAILBOX
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return codes.RECIPIENT_OK

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        sender = (envelope.mail_from or "").replace("\r", "").replace("\n", "").replace(">", "")
        raw = b"Return-Path: <" + sender.encode("utf-8", "replace") + b">\r\n" + bytes(envelope.original_content or b"")
        try:
            stored = await self.journal.store(arrival_of(raw, self.core.clock.now()))
        except Exception as error:  # database down, disk full, read-only: the sender must retry
            log.warning("could not store an incoming email (%s); answered 451", type(error).__name__)
            return codes.STORAGE_UNAVAILABLE
        if stored is None:
            return codes.DUPLICATE
        self.on_stored(stored)
        return codes.OK
