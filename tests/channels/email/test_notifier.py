"""The Notifier port over a real relay (a second aiosmtpd) and the offline Maildir; bounces of
our own mail mark the notification failed. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import mailbox
from email import policy
from email.parser import BytesParser

from channels.email.outbound.transport import MAILDIR_NAME
from core.runtime import Core
from tests.support.email.outbox import ALICE, notifier, queue_reply
from tests.support.email.relay import RecordingRelay, body_text


async def test_relay_receives_a_threaded_multipart_reply(core: Core, relay: tuple[RecordingRelay, int]) -> None:
    recording, port = relay
    _, signer = notifier(core, port)
    reference = await queue_reply(core, choices=(("Accept", "decision:accept:X"), ("Reject", "decision:reject:X")))
    await core.dispatcher.run_until_idle()
    [message] = await recording.wait_for(1)
    assert recording.received[0].mail_from == core.settings.mail_from and recording.received[0].rcpt_tos == [ALICE]
    assert message["Subject"] == f"Re: Lost parcel [{reference}]"
    assert message["In-Reply-To"] == "<p1@example.org>" and "<p1@example.org>" in message["References"]
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["From"] == "Example Services Ltd <complaints@complaintdesk.localhost>"
    ours = signer.verify(message["Message-ID"])
    assert ours is not None and ours.notification_id is not None
    text = body_text(message)
    assert "Thank you <3" in text and "1. Accept\n2. Reject" in text and reference in text
    assert "Thank you &lt;3" in body_text(message, "html")
    async with core.uow() as uow:
        [row] = [n for n in await uow.notifications() if n.channel == "email"]
        assert row.case_id is not None
        thread = await uow.case_thread(row.case_id, "email")
    assert row.status == "sent" and row.delivered_ref == message["Message-ID"]
    assert thread is not None and ("delivered", message["Message-ID"]) in thread[2]  # the thread knows what we sent


async def test_status_updates_go_into_the_same_thread(core: Core, relay: tuple[RecordingRelay, int]) -> None:
    from core.actors import Actor

    recording, port = relay
    notifier(core, port)
    reference = await queue_reply(core)
    await core.dispatcher.run_until_idle()
    [ack] = await recording.wait_for(1)
    agent = Actor.agent("U1")
    await core.service.assign(reference, agent, "U1")
    await core.service.request_information(reference, agent, "Which courier was it?")
    await core.dispatcher.run_until_idle()
    messages = await recording.wait_for(3)
    [update] = [m for m in messages if "Which courier was it?" in body_text(m)]
    assert "Which courier was it?" in body_text(update)
    assert update["Subject"] == f"Re: Lost parcel [{reference}]"
    earlier = [m["Message-ID"] for m in messages if m is not update]
    assert update["In-Reply-To"] in earlier, "it answers the latest message we sent in the thread"
    assert "<p1@example.org>" in update["References"] and ack["Message-ID"] in update["References"]
    assert update["Auto-Submitted"] is None  # written by an agent, not automatic


async def test_permanent_refusal_is_not_retried_and_temporary_is(core: Core, relay: tuple[RecordingRelay, int]) -> None:
    recording, port = relay
    notifier(core, port)
    recording.refuse_with = "451 4.3.0 try later"
    await queue_reply(core)
    await core.dispatcher.run_once()
    async with core.uow() as uow:
        [row] = [n for n in await uow.notifications() if n.channel == "email"]
    assert row.status == "pending" and row.attempts == 1 and "451" in (row.last_error or "")
    recording.refuse_with = "550 5.1.1 no such user"
    core.clock.advance(hours=1)  # type: ignore[attr-defined]
    await core.dispatcher.run_once()
    async with core.uow() as uow:
        [row] = [n for n in await uow.notifications() if n.channel == "email"]
        alerts = [n.kind for n in await uow.notifications() if n.channel == "agents"]
    assert row.status == "dead" and "550" in (row.last_error or "")
    assert "contact_unreachable" in alerts


async def test_without_a_relay_mail_goes_to_a_local_maildir(core: Core) -> None:
    notifier(core)
    reference = await queue_reply(core)
    await core.dispatcher.run_until_idle()
    box = mailbox.Maildir(core.settings.data_dir / MAILDIR_NAME, create=False)
    [stored] = [BytesParser(policy=policy.default).parsebytes(m.as_bytes()) for m in box]
    assert stored["Subject"] == f"Re: Lost parcel [{reference}]"


async def test_bounce_marks_the_notification_failed_and_alerts_agents(core: Core, relay: tuple[RecordingRelay, int]) -> None:
    recording, port = relay
    _, signer = notifier(core, port)
    await queue_reply(core)
    await core.dispatcher.run_until_idle()
    [message] = await recording.wait_for(1)
    ours = signer.verify(message["Message-ID"])
    assert ours is not None and ours.notification_id is not None
    assert await core.service.mark_notification_bounced(ours.notification_id, "bounced: 5.1.1 user unknown",
                                                        channel="email", delivered_ref=message["Message-ID"])
    assert not await core.service.mark_notification_bounced(ours.notification_id, "bounced: again", channel="email")
    async with core.uow() as uow:
        row = await uow.notification(ours.notification_id)
        alerts = [n for n in await uow.notifications() if n.channel == "agents" and n.kind == "delivery_failed"]
    assert row is not None and row.status == "dead" and row.last_error == "bounced: 5.1.1 user unknown"
    assert len(alerts) == 1 and alerts[0].params["error"] == "bounced: 5.1.1 user unknown"
