"""Where outgoing mail goes: a relay over SMTP (aiosmtplib), or a local Maildir in the data
directory when no relay is configured (the product works offline; a newcomer can read it)."""

from __future__ import annotations

import asyncio
import mailbox
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

import aiosmtplib

from config.settings import Settings
from core.ports import DeliveryFailed

MAILDIR_NAME = "outbox-maildir"


class MailTransport(Protocol):
    async def send(self, message: EmailMessage, sender: str, recipient: str) -> None:
        """Hand ``message`` on; raise DeliveryFailed (``permanent`` for 5xx refusals)."""


class MaildirTransport:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _write(self, data: bytes) -> None:
        self.root.parent.mkdir(parents=True, exist_ok=True)
        box = mailbox.Maildir(self.root, create=True)
        box.add(data)

    async def send(self, message: EmailMessage, sender: str, recipient: str) -> None:
        try:
            await asyncio.to_thread(self._write, message.as_bytes())
        except OSError as error:
            raise DeliveryFailed(f"cannot write to the local Maildir {self.root}: {error.strerror or error}") from None


class RelayTransport:
    def __init__(self, settings: Settings, timeout: float = 30.0) -> None:
        self.settings = settings
        self.timeout = timeout

    async def send(self, message: EmailMessage, sender: str, recipient: str) -> None:
        s = self.settings
        try:
            await aiosmtplib.send(
                message, sender=sender, recipients=[recipient], hostname=s.mail_relay_host, port=s.mail_relay_port,
                username=s.mail_relay_username,
                password=s.mail_relay_password.get_secret_value() if s.mail_relay_password else None,
                use_tls=s.mail_relay_tls == "implicit", start_tls=s.mail_relay_tls == "starttls",
                cert_bundle=str(s.mail_relay_ca_file) if s.mail_relay_ca_file else None, timeout=self.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as error:
            codes = [r.code for r in error.recipients]
            raise DeliveryFailed(f"the relay refused the recipient ({', '.join(map(str, codes))})",
                                 permanent=all(500 <= c < 600 for c in codes)) from None
        except aiosmtplib.SMTPResponseException as error:
            raise DeliveryFailed(f"the relay answered {error.code} {error.message}",
                                 permanent=500 <= error.code < 600) from None
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            raise DeliveryFailed(f"the relay is unreachable: {type(error).__name__}: {error}") from None


def transport_for(settings: Settings) -> MailTransport:
    if settings.mail_relay_host:
        return RelayTransport(settings)
    return MaildirTransport(settings.data_dir / MAILDIR_NAME)
