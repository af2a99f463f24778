"""The email channel's part of an erasure (core.erasure): the local Maildir it writes outgoing
mail to when no relay is configured (channels.email.outbound.transport.MaildirTransport). Mail sent to an
erased address, or recorded as delivered for an erased case, is deleted. Mail handed to a relay
has left the product: what the relay and the recipient keep is theirs."""

from __future__ import annotations

import asyncio
import logging
import mailbox
from email.parser import BytesHeaderParser
from email.policy import default
from email.utils import getaddresses
from pathlib import Path

from core.ports import ErasureScope

log = logging.getLogger(__name__)
CHANNEL = "email"
RECIPIENT_HEADERS = ("to", "cc", "bcc")


class OutboxMaildir:
    name = "email-maildir"
    handles: frozenset[str] = frozenset()  # the mails' Message-IDs are kept on their outbox rows, not as links

    def __init__(self, root: Path) -> None:
        self.root = root

    async def erase(self, scope: ErasureScope) -> None:
        message_ids = {ref.strip() for channel, ref in scope.deliveries if channel == CHANNEL}
        addresses = {address.strip().lower() for channel, address in scope.addresses if channel == CHANNEL}
        if (message_ids or addresses) and self.root.is_dir():
            deleted = await asyncio.to_thread(self._delete, message_ids, addresses)
            log.info("erasure: %d mail(s) deleted from the local Maildir", deleted)

    def _delete(self, message_ids: set[str], addresses: set[str]) -> int:
        box = mailbox.Maildir(self.root, create=False)
        parser = BytesHeaderParser(policy=default)
        deleted = 0
        for key in list(box.iterkeys()):
            try:
                with box.get_file(key) as handle:
                    headers = parser.parse(handle)  # type: ignore[arg-type]  # BytesParser reads the binary handle
            except FileNotFoundError:  # deleted meanwhile (a run before this one)
                continue
            recipients = {address.lower() for _, address in getaddresses(
                [str(value) for name in RECIPIENT_HEADERS for value in headers.get_all(name, [])])}
            if str(headers.get("message-id", "")).strip() in message_ids or recipients & addresses:
                box.discard(key)
                deleted += 1
        return deleted
