"""The relay transport keeps its SMTP connections open between messages, as an MTA does, and
replaces one the relay has closed meanwhile without losing the message."""

from __future__ import annotations

from collections.abc import AsyncIterator
from email.message import EmailMessage

import pytest

from channels.email.transport import RelayTransport
from config.settings import Settings
from core.ports import DeliveryFailed
from tests.channels.email.relay import RecordingRelay, start_relay


def mail(number: int) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "desk@example.org", "ann@example.org", f"Update {number}"
    message.set_content(f"Update number {number}.")
    return message


@pytest.fixture
async def relay_and_transport(settings: Settings) -> AsyncIterator[tuple[RecordingRelay, RelayTransport]]:
    recording = RecordingRelay()
    server, port = await start_relay(recording)
    transport = RelayTransport(settings.model_copy(update={"mail_relay_host": "127.0.0.1", "mail_relay_port": port}),
                               timeout=10)
    yield recording, transport
    await transport.close()
    server.close()
    await server.wait_closed()


async def test_messages_share_one_connection(relay_and_transport: tuple[RecordingRelay, RelayTransport]) -> None:
    relay, transport = relay_and_transport
    for number in range(3):
        await transport.send(mail(number), "desk@example.org", "ann@example.org")
    assert [m["Subject"] for m in relay.messages] == ["Update 0", "Update 1", "Update 2"]
    assert len(relay.connections) == 1


async def test_a_connection_the_relay_closed_is_replaced(relay_and_transport: tuple[RecordingRelay, RelayTransport]) -> None:
    relay, transport = relay_and_transport
    await transport.send(mail(1), "desk@example.org", "ann@example.org")
    assert relay.connections[0].transport is not None
    relay.connections[0].transport.close()  # the relay's idle timeout
    await transport.send(mail(2), "desk@example.org", "ann@example.org")
    assert [m["Subject"] for m in relay.messages] == ["Update 1", "Update 2"]
    assert len(relay.connections) == 2


async def test_a_refusal_does_not_spoil_the_next_message(relay_and_transport: tuple[RecordingRelay, RelayTransport]) -> None:
    relay, transport = relay_and_transport
    relay.refuse_with = "550 5.1.1 no such user"
    with pytest.raises(DeliveryFailed) as refused:
        await transport.send(mail(1), "desk@example.org", "ann@example.org")
    assert refused.value.permanent
    relay.refuse_with = None
    await transport.send(mail(2), "desk@example.org", "ann@example.org")
    assert [m["Subject"] for m in relay.messages] == ["Update 2"]
