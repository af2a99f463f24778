"""End to end: smtplib -> the SMTP intake -> the real dialogue manager -> the outbox -> the
recording relay. Acknowledgement, threading, follow-ups, status, decisions and survey by reply."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from channels.email.msgids import MessageIdSigner
from config.settings import Settings
from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from tests.support.clock import FixedClock
from tests.support.email.mails import ALICE, COMPLAINT, mail
from tests.support.email.product import Product, start_product
from tests.support.email.relay import RecordingRelay, body_text
from tests.support.email.smtp_client import COMPLAINTS

async def complain(product: Product) -> tuple[str, EmailMessage]:
    assert (await product.send(mail("<c1@example.org>", COMPLAINT))).code == 250
    await product.settle()
    [ack] = await product.mails(1)
    [case] = await product.cases()
    return case.reference, ack


async def test_a_new_email_becomes_a_case_and_is_acknowledged_in_its_thread(product: Product) -> None:
    reference, ack = await complain(product)
    assert ack["Subject"] == f"Re: Lost parcel [{reference}]"
    assert ack["In-Reply-To"] == "<c1@example.org>" and "<c1@example.org>" in ack["References"]
    assert ack["Auto-Submitted"] == "auto-replied"
    assert ack["To"] == ALICE and ack["From"] == "Example Services Ltd <complaints@complaintdesk.localhost>"
    assert ack["Message-ID"].endswith("@complaintdesk.localhost>")
    assert ack.get_content_type() == "multipart/alternative"
    text = body_text(ack)
    catalog, lang = product.core.catalog, "en"
    assert reference in text
    assert catalog.text("bot.email.understood", lang) in text  # what was understood ...
    assert "12345" in text
    assert catalog.text("notify.commitments_intro", lang) in text  # ... and the policy's time commitments
    [record] = await product.inbound()
    assert record.status == "done" and reference in (record.outcome or "")
    async with product.core.uow() as uow:
        linked = await uow.case_by_link("email_message_id", "<c1@example.org>")
    assert linked is not None and linked.reference == reference


async def test_our_message_ids_are_signed_with_the_key_generated_into_the_data_directory(product: Product) -> None:
    _, ack = await complain(product)
    settings = product.core.settings
    key = (settings.data_dir / "mail-thread-secret").read_text().strip()
    assert MessageIdSigner(key, settings.mail_message_id_domain).verify(ack["Message-ID"]) is not None
    assert MessageIdSigner("change-me-thread-secret", settings.mail_message_id_domain).verify(ack["Message-ID"]) is None


async def test_a_retried_delivery_opens_no_second_case(product: Product) -> None:
    await complain(product)
    assert (await product.send(mail("<c1@example.org>", COMPLAINT))).code == 250
    await product.settle()
    assert len(await product.cases()) == 1 and len(product.relay.received) == 1 and len(await product.inbound()) == 1


async def test_a_reply_joins_its_case_by_in_reply_to_with_quotes_stripped(product: Product) -> None:
    reference, ack = await complain(product)
    body = ("The courier was DPD.\n\nBest regards,\nAlice\n\n"
            f"On Tue, 24 Nov 2026 at 10:00, Example Services <{COMPLAINTS}> wrote:\n> Thank you. We have received it\n")
    await product.send(mail("<c2@example.org>", body, subject="Re: my parcel", in_reply_to=ack["Message-ID"]))
    await product.settle()
    assert len(await product.cases()) == 1
    timeline = await product.core.queries.timeline(reference, Actor.agent("U1"))
    said = [entry.text for entry in timeline if entry.kind == "message:in"]
    assert "The courier was DPD." in said and len(said) == 2  # quote and signature cut
    assert not any("Best regards" in (text or "") or "wrote:" in (text or "") for text in said)
    [_, answer] = await product.mails(2)
    assert answer["In-Reply-To"] == "<c2@example.org>" and answer["Subject"] == f"Re: my parcel [{reference}]"
    assert product.core.catalog.text("bot.followup.added", "en", reference=reference) in body_text(answer)


async def test_a_stranger_quoting_our_message_id_does_not_join_the_case(product: Product) -> None:
    reference, ack = await complain(product)
    await product.send(mail("<s1@example.net>", "Someone damaged my sofa during delivery yesterday, I want compensation.",
                            subject=f"Re: Lost parcel [{reference}]", sender="mallory@example.net", in_reply_to=ack["Message-ID"]))
    await product.settle()
    cases = await product.cases()
    assert len(cases) == 2 and cases[1].reference != reference
    timeline = await product.core.queries.timeline(reference, Actor.agent("U1"))
    assert len([e for e in timeline if e.kind == "message:in"]) == 1


async def test_a_reply_with_the_reference_in_the_subject_joins_the_case(product: Product) -> None:
    reference, _ = await complain(product)
    await product.send(mail("<c3@example.org>", "I also have the photo of the empty doorstep, see attached later on.",
                            subject=f"More about [{reference}]"))
    await product.settle()
    assert len(await product.cases()) == 1
    timeline = await product.core.queries.timeline(reference, Actor.agent("U1"))
    assert len([e for e in timeline if e.kind == "message:in"]) == 2


async def test_status_by_email_gives_details_only_to_the_complainant_answering_our_mail(product: Product) -> None:
    reference, _ = await complain(product)
    await product.send(mail("<q1@example.net>", f"Status of {reference}?", subject="Status",
                            sender="bob@example.net"))
    await product.send(mail("<q2@example.org>", f"Status of {reference}?", subject="Status"))
    await product.settle()
    replies = {m["In-Reply-To"]: m for m in await product.mails(3)}
    catalog = product.core.catalog
    detailed = catalog.text("bot.status.detailed", "en", reference=reference, status="").rstrip(".")
    assert "Details are given only to the person" in body_text(replies["<q1@example.net>"])
    offer = replies["<q2@example.org>"]  # Alice's From, but anyone can write that: details on reply
    assert detailed not in body_text(offer) and "1. " + catalog.text("bot.unproven.show_details", "en", reference=reference) \
        in body_text(offer)
    await product.send(mail("<q3@example.org>", "1", subject=offer["Subject"], in_reply_to=offer["Message-ID"]))
    await product.settle()
    assert detailed in body_text((await product.mails(4))[-1])
    assert len(await product.cases()) == 1


async def test_decision_and_survey_are_answered_by_reply(product: Product) -> None:
    reference, _ = await complain(product)
    agent = Actor.agent("U1")
    service = product.core.service
    await service.assign(reference, agent, "U1")
    await service.respond(reference, agent, "We will refund the parcel in full.")
    await product.settle()
    decision = next(m for m in await product.mails(3) if "1. Accept" in body_text(m))
    assert "1. Accept" in body_text(decision) and decision["Subject"] == f"Re: Lost parcel [{reference}]"
    await product.send(mail("<d1@example.org>", f"1\n\nOn Tue, Example Services wrote:\n> Do you accept?\n",
                            subject=decision["Subject"], in_reply_to=decision["Message-ID"]))
    await product.settle()
    details = await product.core.queries.details(reference, Identity("email", ALICE))
    assert details.status == "closed" and details.complainant_decision == "accepted"
    survey = next(m for m in product.relay.messages if "5." in body_text(m) and m["Auto-Submitted"] == "auto-generated"
                  and "1 (very dissatisfied)" in body_text(m))
    await product.send(mail("<d2@example.org>", "5", subject=survey["Subject"], in_reply_to=survey["Message-ID"]))
    await product.settle()
    details = await product.core.queries.details(reference, Identity("email", ALICE))
    assert details.satisfaction == 5


async def test_auto_generated_mail_is_never_answered(product: Product) -> None:
    await product.send(mail("<a1@example.org>", "I am out of the office until Monday.", subject="Away",
                            headers="Auto-Submitted: auto-replied\r\n"))
    await product.send(mail("<a2@example.org>", "Weekly news", subject="News", headers="List-Id: <news.example.org>\r\n"))
    await product.settle()
    assert product.relay.received == [] and await product.cases() == []
    assert [r.status for r in await product.inbound()] == ["ignored", "ignored"]
    assert all("auto-generated" in (r.outcome or "") for r in await product.inbound())


def dsn(message_id: str, *, recipient: str = ALICE, number: int = 1) -> bytes:
    """A delivery status notification returning the mail ``message_id`` sent to ``recipient``."""
    return (f"From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r\nTo: {COMPLAINTS}\r\n"
            f"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn{number}@mx.example.org>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n--b\r\n"
            "Content-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n--b\r\n"
            "Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
            f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
            "Diagnostic-Code: smtp; 550 5.1.1 mailbox unavailable\r\n--b\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            f"From: {COMPLAINTS}\r\nSubject: Your complaint\r\nMessage-ID: {message_id}\r\n--b--\r\n").encode()


async def test_a_bounce_of_our_acknowledgement_marks_it_failed_and_is_not_answered(product: Product) -> None:
    reference, ack = await complain(product)
    assert (await product.send(dsn(ack["Message-ID"]), mail_from="")).code == 250
    await product.settle()
    assert len(product.relay.received) == 1  # nothing was sent in answer
    [reply] = await product.notifications("email")
    assert reply.status == "dead" and "550 5.1.1" in (reply.last_error or "")
    alerts = [n for n in await product.notifications("agents") if n.kind == "delivery_failed"]
    assert len(alerts) == 1 and alerts[0].params["reference"] == reference
    assert (await product.inbound())[-1].status == "done"


async def test_a_forged_bounce_touches_no_other_channel_and_no_mail_never_sent(product: Product) -> None:
    """Even with our key (say, leaked), a "bounce" only marks an email notification that was sent,
    to the recipient the report names: never a Telegram one, never one still waiting to go out."""
    reference, ack = await complain(product)
    telegram = await product.core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("telegram", "4242"), description="The courier was rude to me", acknowledge_via_outbox=True))
    product.relay.refuse_with = "451 4.3.0 try again later"
    await product.core.service.enqueue_reply(channel="email", address=ALICE, text="One more thing", lang="en", key="later",
                                             case_reference=reference)
    await product.settle()
    [telegram_ack] = await product.notifications("telegram")
    waiting = next(n for n in await product.notifications("email") if n.status == "pending")
    assert telegram_ack.status == "sent" and waiting.attempts == 1
    signer = product.plugin.notifier.signer  # type: ignore[union-attr]
    forged = [dsn(signer.make(telegram_ack.id, telegram.case_id), number=1),
              dsn(signer.make(waiting.id, waiting.case_id), number=2),
              dsn(ack["Message-ID"], recipient="mallory@example.net", number=3)]
    for raw in forged:
        assert (await product.send(raw, mail_from="")).code == 250
    await product.settle()
    statuses = {n.id: n.status for channel in ("telegram", "email") for n in await product.notifications(channel)}
    assert statuses[telegram_ack.id] == "sent" and statuses[waiting.id] == "pending"
    assert sorted(statuses.values()) == ["pending", "sent", "sent"]  # the acknowledgement too: sent to Alice, not Mallory
    assert [n for n in await product.notifications("agents") if n.kind == "delivery_failed"] == []
    assert [r.status for r in await product.inbound()][-3:] == ["done", "done", "done"]


async def test_automatic_replies_are_limited_per_address_and_hour(product: Product) -> None:
    limit = product.core.policy.email.auto_replies_per_address_per_hour
    for n in range(limit + 2):
        await product.send(mail(f"<r{n}@example.org>", f"Complaint number {n}: the shop charged my card twice for order {n}00.",
                                subject=f"Double charge {n}"))
    await product.settle()
    assert len(product.relay.received) == limit
    assert sum("suppressed" in (r.outcome or "") for r in await product.inbound()) == 2


async def test_messages_left_pending_by_a_crash_are_processed_at_start(product: Product) -> None:
    from core.model import InboundRecord

    raw = b"Return-Path: <alice@example.org>\r\n" + mail("<crash@example.org>", COMPLAINT)
    async with product.core.uow() as uow:
        uow.add(InboundRecord(channel="email", dedup_key="<crash@example.org>", payload=raw, received_at=product.clock.now()))
        await uow.commit()
    assert product.plugin.worker is not None
    await product.plugin.worker.sweep()
    await product.settle()
    [record] = await product.inbound()
    assert record.status == "done" and len(await product.cases()) == 1 and len(product.relay.received) == 1


async def test_a_strangers_mail_with_the_same_message_id_does_not_swallow_the_complaint(product: Product) -> None:
    """Only the same message is a duplicate: another sender's earlier mail with the same
    Message-ID leaves the complaint to be registered and acknowledged on its own."""
    first = mail("<same@example.org>", "The shop sold me a broken kettle and will not take it back, I want a refund.",
                 subject="Broken kettle", sender="x@example.net")
    assert (await product.send(first, mail_from="x@example.net")).code == 250
    assert (await product.send(mail("<same@example.org>", COMPLAINT))).code == 250
    await product.settle()
    cases = await product.cases()
    assert len(cases) == 2 and len(await product.inbound()) == 2
    acks = await product.mails(2)
    assert sorted(m["To"] for m in acks) == [ALICE, "x@example.net"]
    assert {m["To"]: m["Subject"] for m in acks}[ALICE].startswith("Re: Lost parcel [")
    assert (await product.send(mail("<same@example.org>", COMPLAINT))).code == 250  # the same mail again
    await product.settle()
    assert len(await product.cases()) == 2 and len(product.relay.received) == 2 and len(await product.inbound()) == 2


async def test_an_address_smuggled_into_the_subject_never_becomes_the_contact(product: Product) -> None:
    subject = "=?utf-8?q?Lost_parcel=0D=0ABcc:_victim@evil.example?="  # decodes to "Lost parcel\r\nBcc: ..."
    assert (await product.send(mail("<bcc1@example.org>", COMPLAINT, subject=subject))).code == 250
    await product.settle()
    [ack] = await product.mails(1)
    [case] = await product.cases()
    async with product.core.uow() as uow:
        contact = await uow.contact_of("email", ALICE)
        links = await uow.link_values(case.id)
    assert contact is not None and contact.email == ALICE
    assert ("email_subject", "Lost parcel Bcc: victim@evil.example") in links  # one line, as read
    assert product.relay.received[0].rcpt_tos == [ALICE] and ack["Bcc"] is None
    assert "\r" not in ack["Subject"] and "\n" not in ack["Subject"]


async def responded(product: Product) -> tuple[str, EmailMessage]:
    """A complaint with a proposed decision; the decision's mail."""
    reference, _ = await complain(product)
    agent = Actor.agent("U1")
    await product.core.service.assign(reference, agent, "U1")
    await product.core.service.respond(reference, agent, "We will refund the parcel in full.")
    await product.settle()
    decision = next(m for m in await product.mails(3) if "1. Accept" in body_text(m))
    return reference, decision


async def test_a_forged_from_cannot_accept_a_decision_and_the_complainant_is_asked_to_confirm(product: Product) -> None:
    reference, _ = await responded(product)
    sent = len(product.relay.received)
    forged = mail("<f1@evil.example>", "I accept", subject="Decision", headers="Reply-To: mallory@evil.example\r\n")
    assert (await product.send(forged, mail_from="mallory@evil.example")).code == 250
    await product.settle()
    details = await product.core.queries.details(reference, Actor.agent("U1"))
    assert details.status == "responded" and details.complainant_decision is None
    timeline = await product.core.queries.timeline(reference, Actor.agent("U1"))
    assert "Decision\n\nI accept" in [e.text for e in timeline if e.kind == "message:in"]  # as written
    [event] = [e for e in timeline if e.kind == "complainant_message"]
    assert event.data["sender_verified"] is False
    [confirmation] = (await product.mails(sent + 1))[sent:]
    assert confirmation["To"] == ALICE and product.relay.received[sent].rcpt_tos == [ALICE]  # the address on file
    text = body_text(confirmation)
    assert product.core.catalog.text("bot.unproven.decision", "en", reference=reference) in text and "1. Accept" in text
    assert "not proven" in ((await product.inbound())[-1].outcome or "")
    # Alice, who got it, answers it: a reply to our mail proves her address
    await product.send(mail("<f2@example.org>", "1", subject=confirmation["Subject"], in_reply_to=confirmation["Message-ID"]))
    await product.settle()
    details = await product.core.queries.details(reference, Actor.agent("U1"))
    assert details.status == "closed" and details.complainant_decision == "accepted"


async def test_a_reply_to_our_decision_mail_accepts_in_words(product: Product) -> None:
    reference, decision = await responded(product)
    await product.send(mail("<g1@example.org>", "I accept", subject=decision["Subject"], in_reply_to=decision["Message-ID"]))
    await product.settle()
    details = await product.core.queries.details(reference, Actor.agent("U1"))
    assert details.status == "closed" and details.complainant_decision == "accepted"


TRUSTED = "mx.complaintdesk.localhost"


@pytest.mark.parametrize(("results", "proven"), [
    ([f"{TRUSTED}; dkim=pass header.d=example.org header.s=s1"], True),
    ([f"{TRUSTED}; spf=pass smtp.mailfrom=example.org; dkim=pass (good) header.i=@mail.example.org"], False),
    ([f"{TRUSTED}; dkim=pass header.i=@example.org"], True),
    ([f"{TRUSTED} 1; dmarc=pass (p=reject) header.from=Example.ORG"], True),
    ([f"{TRUSTED}; dkim=pass header.d=evil.example; dmarc=fail header.from=example.org"], False),
    ([f"{TRUSTED}; spf=pass smtp.mailfrom=alice@example.org"], False),
    (["mx.elsewhere.example; dkim=pass header.d=example.org"], False),
    ([f"{TRUSTED}; dkim=none", f"{TRUSTED}; dkim=pass header.d=example.org"], False),  # the second is the sender's
    (["mx.elsewhere.example; dkim=fail", f"{TRUSTED}; dmarc=pass header.from=example.org"], True),
])
async def test_our_mtas_authentication_results_prove_the_sender(product_settings: Settings, clock: FixedClock,
                                                                relay: tuple[RecordingRelay, int],
                                                                results: list[str], proven: bool) -> None:
    product = await start_product(product_settings, clock, *relay, mail_trusted_authserv_id=TRUSTED)
    try:
        reference, _ = await responded(product)
        headers = "".join(f"Authentication-Results: {value}\r\n" for value in results)
        await product.send(mail("<h1@example.org>", "I accept", subject="Decision", headers=headers))
        await product.settle()
        details = await product.core.queries.details(reference, Actor.agent("U1"))
        assert details.status == ("closed" if proven else "responded")
    finally:
        await product.runner.stop()
