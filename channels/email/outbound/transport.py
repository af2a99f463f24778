"""Where outgoing mail goes: a relay over SMTP (aiosmtplib), or a local Maildir in the data
directory when no relay is configured (the product works offline; a newcomer can read it)."""

from __future__ import annotations

import asyncio
import hashlib
import mailbox
import os
from pathlib import Path
from typing import Protocol

import aiosmtplib

from config.settings import Settings
from core.ports import DeliveryFailed

MAILDIR_NAME = "outbox-maildir"


class MailTransport(Protocol):
    async def send(self, message: bytes, sender: str, recipient: str, *, key: str | None = None) -> None:
        """Hand on ``message``, the bytes of a whole RFC 5322 message with CRLF line ends; raise
        DeliveryFailed (``permanent`` for 5xx refusals). ``key`` names the message for good (the
        notification's idempotency key): a transport that can, delivers a key only once."""

    async def close(self) -> None:
        """Let go of open connections (the product is stopping)."""


class MaildirTransport:
    """Writes each message as a file of a Maildir. A message with a key gets a file name made from
    it, so writing it again (the outbox repeating a delivery after a crash) leaves one file."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _write(self, data: bytes, key: str | None) -> None:
        self.root.parent.mkdir(parents=True, exist_ok=True)
        box = mailbox.Maildir(self.root, create=True)
        if key is None:
            box.add(data)
            return
        name = "complaintdesk-" + hashlib.sha256(key.encode()).hexdigest()[:40]
        cur = self.root / "cur"
        if (self.root / "new" / name).exists() or (cur / name).exists() or any(cur.glob(f"{name}:*")):
            return  # delivered before (in new/, or read and moved to cur/ with flags)
        staged = self.root / "tmp" / name
        with open(staged, "wb") as file:  # written in tmp/, then moved: a reader never sees half a mail
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(staged, self.root / "new" / name)

    async def close(self) -> None:
        pass

    async def send(self, message: bytes, sender: str, recipient: str, *, key: str | None = None) -> None:
        try:
            await asyncio.to_thread(self._write, message, key)
        except OSError as error:
            raise DeliveryFailed(f"cannot write to the local Maildir {self.root}: {error.strerror or error}") from None


class RelayTransport:
    """Sends through the configured relay over a few kept-open SMTP connections, as an MTA does:
    connecting, EHLO, STARTTLS and AUTH once per connection instead of once per message. A
    connection the relay closed meanwhile is replaced and the message sent again on the new one."""

    def __init__(self, settings: Settings, timeout: float = 30.0, connections: int = 4) -> None:
        self.settings = settings
        self.timeout = timeout
        self._slots = asyncio.Semaphore(connections)
        self._idle: list[aiosmtplib.SMTP] = []

    async def send(self, message: bytes, sender: str, recipient: str, *, key: str | None = None) -> None:
        async with self._slots:
            client = self._idle.pop() if self._idle else None
            try:
                client = await self._send_on(client, message, sender, recipient)
            except aiosmtplib.SMTPAuthenticationError as error:  # our settings are wrong: retried, not dropped
                raise DeliveryFailed(f"the relay refused our login ({error.code}); check the relay username and "
                                     "password settings") from None
            except aiosmtplib.SMTPRecipientsRefused as error:
                codes = [r.code for r in error.recipients]
                raise DeliveryFailed(f"the relay refused the recipient ({', '.join(map(str, codes))})",
                                     permanent=all(500 <= c < 600 for c in codes)) from None
            except aiosmtplib.SMTPResponseException as error:
                raise DeliveryFailed(f"the relay answered {error.code} {error.message}",
                                     permanent=500 <= error.code < 600) from None
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
                raise DeliveryFailed(f"the relay is unreachable: {type(error).__name__}: {error}") from None
            self._idle.append(client)

    async def _send_on(self, client: aiosmtplib.SMTP | None, message: bytes, sender: str,
                       recipient: str) -> aiosmtplib.SMTP:
        """Send on ``client`` if it is still open, else on a new connection; returns the connection
        to keep. A connection that failed mid-way is closed, never reused."""
        if client is not None and client.is_connected:
            try:
                await client.sendmail(sender, [recipient], message)
                return client
            except (aiosmtplib.SMTPServerDisconnected, ConnectionError):
                client.close()  # closed or reset by the relay while idle: send on a new connection
            except BaseException:
                client.close()
                raise
        client = await self._connect()
        try:
            await client.sendmail(sender, [recipient], message)
        except BaseException:
            client.close()
            raise
        return client

    async def _connect(self) -> aiosmtplib.SMTP:
        s = self.settings
        client = aiosmtplib.SMTP(
            hostname=s.mail_relay_host, port=s.mail_relay_port, use_tls=s.mail_relay_tls == "implicit",
            start_tls=s.mail_relay_tls == "starttls",
            cert_bundle=str(s.mail_relay_ca_file) if s.mail_relay_ca_file else None, timeout=self.timeout,
        )
        await client.connect()
        try:
            if s.mail_relay_username:
                await client.login(s.mail_relay_username,
                                   s.mail_relay_password.get_secret_value() if s.mail_relay_password else "")
        except BaseException:
            client.close()
            raise
        return client

    async def close(self) -> None:
        """Say QUIT on every kept connection."""
        idle, self._idle = self._idle, []
        for client in idle:
            try:
                await client.quit()
            except (aiosmtplib.SMTPException, OSError, TimeoutError):
                client.close()


def transport_for(settings: Settings) -> MailTransport:
    if settings.mail_relay_host:
        return RelayTransport(settings)
    return MaildirTransport(settings.data_dir / MAILDIR_NAME)
