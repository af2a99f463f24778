"""A second aiosmtpd server on loopback standing in for the outgoing relay: it records every
message it is given, or answers with a fixed error code."""

from __future__ import annotations

import asyncio
import email
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass
class RecordingRelay:
    refuse_with: str | None = None  # e.g. "550 5.1.1 no such user" or "451 4.3.0 try later"
    received: list[Envelope] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    connections: list[SMTP] = field(default_factory=list)  # one per client connection that sent mail

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if not any(known is server for known in self.connections):
            self.connections.append(server)
        if self.refuse_with:
            return self.refuse_with
        self.received.append(envelope)
        self.arrived.set()
        return "250 2.0.0 recorded"

    @property
    def messages(self) -> list[EmailMessage]:
        return [email.message_from_bytes(e.original_content, policy=policy.default) for e in self.received]  # type: ignore[misc]

    async def wait_for(self, count: int, timeout: float = 15.0) -> list[EmailMessage]:
        async def until() -> None:
            while len(self.received) < count:
                self.arrived.clear()
                await self.arrived.wait()

        await asyncio.wait_for(until(), timeout)
        return self.messages


def body_text(message: EmailMessage, kind: str = "plain") -> str:
    """The text or HTML body with line ends as Python writes them."""
    part = message.get_body((kind,))
    return "" if part is None else part.get_content().replace("\r\n", "\n")  # type: ignore[union-attr]


async def start_relay(relay: RecordingRelay) -> tuple[asyncio.Server, int]:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(relay, hostname="relay.test", loop=loop), "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]
