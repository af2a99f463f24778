"""The SMTP listener, inside the product's own event loop (no aiosmtpd Controller thread)."""

from __future__ import annotations

import asyncio
import logging
import ssl

from aiosmtpd.smtp import SMTP

from channels.email.inbound.acceptance import IntakeHandler
from config.settings import Settings

IDENT = "complaintdesk ESMTP"

# aiosmtpd logs every peer and envelope address at INFO: personal data stays out of our logs.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def tls_context(settings: Settings) -> ssl.SSLContext | None:
    if not settings.smtp_tls_cert:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(settings.smtp_tls_cert, settings.smtp_tls_key)
    return context


async def start_smtp_server(handler: IntakeHandler, settings: Settings) -> asyncio.Server:
    """Listen on ``smtp_host:smtp_port`` (port 0 picks a free one); STARTTLS when a certificate is set."""
    loop = asyncio.get_running_loop()
    context = tls_context(settings)

    def protocol() -> SMTP:
        return SMTP(handler, hostname=settings.smtp_hostname, ident=IDENT, data_size_limit=settings.smtp_max_message_bytes,
                    enable_SMTPUTF8=True, tls_context=context, loop=loop)

    return await loop.create_server(protocol, host=settings.smtp_host, port=settings.smtp_port)


def bound_port(server: asyncio.Server) -> int:
    return int(server.sockets[0].getsockname()[1])
