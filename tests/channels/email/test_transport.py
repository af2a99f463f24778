"""The relay transport keeps its SMTP connections open between messages, as an MTA does, and
replaces one the relay has closed meanwhile without losing the message; it speaks STARTTLS or
implicit TLS, verifies the relay's certificate, and logs in."""

from __future__ import annotations

import asyncio
import ssl
import warnings
from email import policy
from collections.abc import AsyncIterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from pydantic import SecretStr

from channels.email.outbound.transport import RelayTransport
from config.settings import Settings
from core.ports import DeliveryFailed
from tests.support.email.relay import RecordingRelay, start_relay
from tests.support.tls import self_signed


def mail(number: int) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "desk@example.org", "ann@example.org", f"Update {number}"
    message.set_content(f"Update number {number}.")
    return message.as_bytes(policy=policy.SMTP)


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


class Gatekeeper:
    """The relay's login check: one account, and a record of who logged in on which connection."""

    def __init__(self) -> None:
        self.logins: list[bytes] = []

    def __call__(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: object) -> AuthResult:
        if isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"desk", b"s3cret"):
            self.logins.append(auth_data.login)
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


async def tls_relay(recording: RecordingRelay, gate: Gatekeeper, cert: Path, key: Path, *, implicit: bool
                    ) -> tuple[asyncio.Server, int]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    loop = asyncio.get_running_loop()
    if implicit:
        def factory() -> SMTP:
            # aiosmtpd does not see implicit TLS as TLS, so AUTH must be allowed "without" it,
            # which it warns about; the connection is TLS all the same.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                return SMTP(recording, hostname="relay.test", authenticator=gate, auth_required=True,
                            auth_require_tls=False)
        server = await loop.create_server(factory, "127.0.0.1", 0, ssl=context)
    else:
        def factory() -> SMTP:
            return SMTP(recording, hostname="relay.test", tls_context=context, require_starttls=True,
                        authenticator=gate, auth_required=True)
        server = await loop.create_server(factory, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


@pytest.mark.parametrize("mode", ["starttls", "implicit"])
async def test_a_relay_behind_tls_and_a_login(settings: Settings, tmp_path: Path, mode: str) -> None:
    cert, key = self_signed(tmp_path)
    relay, gate = RecordingRelay(), Gatekeeper()
    server, port = await tls_relay(relay, gate, cert, key, implicit=mode == "implicit")
    relay_settings = settings.model_copy(update={
        "mail_relay_host": "127.0.0.1", "mail_relay_port": port, "mail_relay_tls": mode, "mail_relay_ca_file": cert,
        "mail_relay_username": "desk", "mail_relay_password": SecretStr("s3cret")})
    transport = RelayTransport(relay_settings, timeout=10)
    try:
        for number in (1, 2):
            await transport.send(mail(number), "desk@example.org", "ann@example.org")
        assert [m["Subject"] for m in relay.messages] == ["Update 1", "Update 2"]
        assert gate.logins == [b"desk"] and len(relay.connections) == 1, "one login on one kept connection"

        wrong = RelayTransport(relay_settings.model_copy(update={"mail_relay_password": SecretStr("guess")}), timeout=10)
        with pytest.raises(DeliveryFailed) as refused:
            await wrong.send(mail(3), "desk@example.org", "ann@example.org")
        assert not refused.value.permanent and "login" in refused.value.reason, "retried once the settings are fixed"
        await wrong.close()

        untrusted = RelayTransport(relay_settings.model_copy(update={"mail_relay_ca_file": None}), timeout=10)
        with pytest.raises(DeliveryFailed) as unverified:
            await untrusted.send(mail(4), "desk@example.org", "ann@example.org")
        assert "unreachable" in unverified.value.reason, "a certificate we cannot verify is not trusted"
        await untrusted.close()
        assert len(relay.messages) == 2
    finally:
        await transport.close()
        server.close()
        await server.wait_closed()


async def test_the_maildir_keeps_one_file_per_notification_however_often_it_is_sent(tmp_path: Path) -> None:
    """The outbox sends a message again when a crash came between the send and its record: the
    offline Maildir names the file by the notification's key, so the person still has one."""
    import mailbox

    from channels.email.outbound.transport import MaildirTransport

    transport = MaildirTransport(tmp_path / "outbox")
    await transport.send(mail(1), "desk@example.org", "ann@example.org", key="c1:4:acknowledgement")
    await transport.send(mail(1), "desk@example.org", "ann@example.org", key="c1:4:acknowledgement")
    box = mailbox.Maildir(tmp_path / "outbox", create=False)
    assert len(box) == 1
    key, message = next(iter(box.items()))
    box.lock()
    box.get_file(key).close()
    message.set_subdir("cur")  # read by the person's mail program: moved to cur/ with flags
    box[key] = message
    box.close()
    await transport.send(mail(1), "desk@example.org", "ann@example.org", key="c1:4:acknowledgement")
    await transport.send(mail(2), "desk@example.org", "ann@example.org", key="c1:5:status_changed")
    await transport.send(mail(3), "desk@example.org", "ann@example.org")  # no key: always a new file
    assert len(mailbox.Maildir(tmp_path / "outbox", create=False)) == 3
