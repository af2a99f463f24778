"""The SMTP intake with the real stdlib client: addresses, limits, and 250 only after storing."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from channels.email.inbound.storing import dedup_key
from config.settings import Settings
from core.model import InboundRecord
from core.storage.schema import create_all
from tests.support import databases
from tests.support.clock import FixedClock
from tests.support.cores import build_core
from tests.support.email.intake import Intake, start_intake
from tests.support.email.smtp_client import COMPLAINTS, send, send_sync
from tests.support.servers import require
from tests.support.tls import self_signed


def message(message_id: str = "<m1@example.org>", body: str = "My parcel never arrived.") -> bytes:
    return (f"From: Alice <alice@example.org>\r\nTo: {COMPLAINTS}\r\nSubject: Lost parcel\r\n"
            f"Message-ID: {message_id}\r\n\r\n{body}\r\n").encode()


async def inbound_rows(intake: Intake) -> list[InboundRecord]:
    async with intake.core.uow() as uow:
        return list((await uow.session.execute(select(InboundRecord).order_by(InboundRecord.id))).scalars())


async def test_stores_the_raw_message_before_answering_250(intake: Intake) -> None:
    result = await send(intake.port, message())
    assert result.code == 250
    rows = await inbound_rows(intake)
    assert len(rows) == 1 and rows[0].status == "pending" and rows[0].dedup_key == "<m1@example.org> alice@example.org"
    assert rows[0].payload.startswith(b"Return-Path: <alice@example.org>\r\n")
    assert b"My parcel never arrived." in rows[0].payload
    assert [record.id for record in intake.stored] == [rows[0].id]


async def test_a_retried_delivery_is_stored_once(intake: Intake) -> None:
    first = await send(intake.port, message())
    second = await send(intake.port, message())
    assert (first.code, second.code) == (250, 250) and "already" in second.message
    assert len(await inbound_rows(intake)) == 1 and len(intake.stored) == 1


async def test_the_same_message_id_from_another_sender_is_another_message(intake: Intake) -> None:
    stranger = message().replace(b"alice@example.org", b"mallory@example.net")
    assert (await send(intake.port, stranger, mail_from="mallory@example.net")).code == 250
    result = await send(intake.port, message())
    assert result.code == 250 and "already" not in result.message
    assert [r.dedup_key for r in await inbound_rows(intake)] == ["<m1@example.org> mallory@example.net",
                                                                  "<m1@example.org> alice@example.org"]


def test_the_dedup_key_is_the_message_id_with_the_from_address_else_a_hash() -> None:
    assert dedup_key(message()) == dedup_key(b"Received: from relay2\r\n" + message()) == "<m1@example.org> alice@example.org"
    assert dedup_key(message().replace(b"From: Alice <alice@example.org>", b"From: ALICE@Example.ORG")) \
        == "<m1@example.org> alice@example.org"
    no_from = b"Return-Path: <bob@example.org>\r\nMessage-ID: <m2@example.org>\r\n\r\nbody\r\n"
    assert dedup_key(no_from) == "<m2@example.org> bob@example.org"
    long_id = message(f"<{'x' * 990}@example.org>")
    assert dedup_key(long_id).startswith("sha256:") and len(dedup_key(long_id)) == 71


async def test_without_message_id_the_content_hash_deduplicates(intake: Intake) -> None:
    raw = b"From: a@example.org\r\nSubject: x\r\n\r\nno id here\r\n"
    assert (await send(intake.port, raw)).code == 250
    assert (await send(intake.port, raw)).code == 250
    rows = await inbound_rows(intake)
    assert len(rows) == 1 and rows[0].dedup_key.startswith("sha256:")


async def test_only_complaint_addresses_are_accepted_never_relayed(intake: Intake) -> None:
    result = await send(intake.port, message(), rcpt_to="someone@elsewhere.example")
    assert result.code == 550 and "5.1.1" in result.message
    assert await inbound_rows(intake) == []


async def test_oversized_messages_are_refused_with_552(intake: Intake) -> None:
    result = await send(intake.port, message(body="x" * 70 + ("\r\n" + "y" * 70) * 1200))
    assert result.code == 552
    assert await inbound_rows(intake) == []
    assert (await send(intake.port, message("<after@example.org>"))).code == 250  # the server lives on


async def test_server_identifies_with_the_configured_hostname(intake: Intake) -> None:
    def ehlo() -> bytes:
        with smtplib.SMTP("127.0.0.1", intake.port, local_hostname="client.test", timeout=10) as client:
            return client.ehlo()[1]

    assert (await asyncio.to_thread(ehlo)).startswith(b"complaintdesk.localhost")


async def test_per_sender_and_per_ip_rate_limits(settings: Settings, clock: FixedClock) -> None:
    core = await build_core(settings, clock, smtp_max_messages_per_sender_per_hour=2, smtp_max_messages_per_ip_per_minute=4)
    server, intake = await start_intake(core)
    try:
        codes = [(await send(intake.port, message(f"<s{n}@example.org>"))).code for n in range(3)]
        assert codes == [250, 250, 450]
        other = await send(intake.port, message("<o1@example.org>"), mail_from="bob@example.org")
        assert other.code == 250
        limited = await send(intake.port, message("<o2@example.org>"), mail_from="carol@example.org")
        assert limited.code == 421
        assert len(await inbound_rows(intake)) == 3
    finally:
        server.close()
        await server.wait_closed()
        await core.close()


async def test_bare_line_feeds_are_refused_with_a_clear_code(intake: Intake) -> None:
    raw = b"From: a@example.org\nSubject: bare\n\n" + b"line\n" * 300
    result = await send(intake.port, raw)
    assert result.code == 500 and "Line too long" in result.message
    assert (await send(intake.port, message("<next@example.org>"))).code == 250


async def test_starttls_when_a_certificate_is_configured(settings: Settings, clock: FixedClock, tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    core = await build_core(settings, clock, smtp_tls_cert=cert, smtp_tls_key=key)
    server, intake = await start_intake(core)
    client_context = ssl.create_default_context(cafile=str(cert))
    client_context.check_hostname = False
    try:
        result = await asyncio.to_thread(send_sync, intake.port, message(), starttls=client_context)
        assert result.code == 250
        assert len(await inbound_rows(intake)) == 1
    finally:
        server.close()
        await server.wait_closed()
        await core.close()


async def test_storage_down_answers_451_then_accepts_once(settings: Settings, clock: FixedClock) -> None:
    """A PostgreSQL database that does not exist yet refuses the connection: 451; once it exists
    the same message is accepted, and its retry is not stored twice."""
    require("postgres")
    url = await asyncio.to_thread(databases.create_database)
    await asyncio.to_thread(databases.drop_database, url)  # the name is ours and unused: connections are refused
    core = await build_core(settings, clock, schema=False, database_url=url)
    server, intake = await start_intake(core)
    try:
        down = await send(intake.port, message())
        assert down.code == 451 and "4.3.0" in down.message
        await databases._admin(f'CREATE DATABASE "{core.engine.url.database}"')  # storage is back
        await core.engine.dispose()
        await create_all(core.engine)
        assert (await send(intake.port, message())).code == 250
        assert (await send(intake.port, message())).code == 250
        async with core.uow() as uow:
            assert (await uow.session.execute(select(func.count()).select_from(InboundRecord))).scalar_one() == 1
        assert len(intake.stored) == 1
    finally:
        server.close()
        await server.wait_closed()
        await core.close()
        await asyncio.to_thread(databases.drop_database, url)


def _make_read_only(path: Path, read_only: bool) -> None:
    """chmod, and for root (whom permissions do not stop) the immutable attribute as well."""
    if read_only:
        path.chmod(0o555)
        subprocess.run(["chattr", "+i", str(path)], check=False, capture_output=True)
    else:
        subprocess.run(["chattr", "-i", str(path)], check=False, capture_output=True)
        path.chmod(0o755)


async def test_read_only_data_directory_answers_451_then_accepts_once(settings: Settings, clock: FixedClock) -> None:
    core = await build_core(settings, clock)
    await core.engine.dispose()  # the schema exists; the next write opens the file afresh
    server, intake = await start_intake(core)
    data_dir = settings.data_dir
    _make_read_only(data_dir, True)
    try:
        probe = data_dir / "probe"
        try:
            probe.touch()
        except OSError:
            pass
        else:
            probe.unlink()
            pytest.skip("SKIPPED LOUDLY: this file system cannot make a directory read-only for this user")
        down = await send(intake.port, message())
        assert down.code == 451
        _make_read_only(data_dir, False)
        await core.engine.dispose()
        assert (await send(intake.port, message())).code == 250
        assert (await send(intake.port, message())).code == 250
        async with core.uow() as uow:
            assert (await uow.session.execute(select(func.count()).select_from(InboundRecord))).scalar_one() == 1
    finally:
        _make_read_only(data_dir, False)
        server.close()
        await server.wait_closed()
        await core.close()
