"""The real stdlib smtplib client, run in a thread so the server under test keeps its loop."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass

SENDER = "alice@example.org"
COMPLAINTS = "complaints@complaintdesk.localhost"


@dataclass(frozen=True, slots=True)
class SendResult:
    code: int
    message: str


def send_sync(port: int, data: bytes, *, mail_from: str = SENDER, rcpt_to: str = COMPLAINTS,
              starttls: ssl.SSLContext | None = None) -> SendResult:
    """One message in one session; the server's answer to RCPT/DATA (or MAIL) as code and text."""
    with smtplib.SMTP("127.0.0.1", port, local_hostname="client.test", timeout=30) as client:
        client.ehlo()
        if starttls is not None:
            client.starttls(context=starttls)
            client.ehlo()
        code, text = client.mail(mail_from)
        if code != 250:
            return SendResult(code, text.decode())
        code, text = client.rcpt(rcpt_to)
        if code not in (250, 251):
            return SendResult(code, text.decode())
        code, text = client.data(data)
        return SendResult(code, text.decode())


async def send(port: int, data: bytes, **options: object) -> SendResult:
    return await asyncio.to_thread(send_sync, port, data, **options)  # type: ignore[arg-type]


def crlf(data: bytes) -> bytes:
    """Line ends as SMTP carries them (files on disk use bare LF)."""
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
