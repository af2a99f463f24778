"""Loop and abuse protection: filters mark, one place decides."""

from __future__ import annotations

import pytest

from channels.email.inbound import filters as f
from channels.email.inbound.bounces import bounced_messages, bounced_recipients
from channels.email.inbound.decision import Action, decide
from channels.email.inbound.filters import FilterContext, run_filters
from channels.email.msgids import MessageIdSigner
from channels.email.inbound.parsing import parse_mail

SIGNER = MessageIdSigner("secret", "complaintdesk.localhost")
CTX = FilterContext(SIGNER, frozenset({"complaints@complaintdesk.localhost"}))


def mail(headers: str, *, sender: str = "alice@example.org", subject: str = "My parcel", return_path: str = "alice@example.org") -> bytes:
    return (f"Return-Path: <{return_path}>\r\nFrom: Alice <{sender}>\r\nSubject: {subject}\r\n"
            f"Message-ID: <p1@example.org>\r\n{headers}\r\nThe parcel never came.\r\n").encode()


def verdict(raw: bytes) -> tuple[frozenset[str], Action]:
    flags = run_filters(parse_mail(raw), CTX)
    return flags, decide(flags).action


def test_a_person_writing_is_answered() -> None:
    assert verdict(mail("Auto-Submitted: no\r\n")) == (frozenset(), Action.CONVERSE)


@pytest.mark.parametrize(("headers", "flag"), [
    ("Auto-Submitted: auto-replied\r\n", f.AUTO_SUBMITTED),
    ("Auto-Submitted: auto-generated\r\n", f.AUTO_SUBMITTED),
    ("Precedence: bulk\r\n", f.BULK),
    ("Precedence: junk\r\n", f.BULK),
    ("Precedence: list\r\n", f.BULK),
    ("List-Id: <news.example.org>\r\n", f.LIST),
    ("X-Autoreply: yes\r\n", f.AUTO_REPLY_HEADER),
    ("X-Autorespond: yes\r\n", f.AUTO_REPLY_HEADER),
])
def test_auto_generated_mail_is_never_answered(headers: str, flag: str) -> None:
    flags, action = verdict(mail(headers))
    assert flag in flags and action is Action.IGNORE


@pytest.mark.parametrize("sender", ["MAILER-DAEMON@mx.example.org", "postmaster@example.org", "no-reply@shop.example",
                                    "noreply@shop.example", "do-not-reply@shop.example"])
def test_system_senders_are_treated_as_delivery_reports(sender: str) -> None:
    flags, action = verdict(mail("", sender=sender))
    assert f.SYSTEM_SENDER in flags and action is Action.BOUNCE


def test_null_envelope_sender_and_dsn_are_bounces() -> None:
    flags, action = verdict(mail("", return_path=""))
    assert f.NULL_SENDER in flags and action is Action.BOUNCE
    dsn = ("Return-Path: <>\r\nFrom: Mail System <system@mx.example.org>\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\n"
           "Content-Type: text/plain\r\n\r\nfailed\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n"
           "Reporting-MTA: dns; mx.example.org\r\n\r\nFinal-Recipient: rfc822; bob@example.org\r\nAction: failed\r\n"
           "Status: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\r\n--b--\r\n").encode()
    flags, action = verdict(dsn)
    assert f.BOUNCE in flags and action is Action.BOUNCE


def test_out_of_office_is_ignored() -> None:
    flags, action = verdict(mail("", subject="Automatic reply: My parcel"))
    assert f.OUT_OF_OFFICE in flags and action is Action.IGNORE
    assert verdict(mail("", subject="Автоответ: Ваша жалоба"))[1] is Action.IGNORE


def test_our_own_mail_coming_back_is_a_loop() -> None:
    ours = SIGNER.make(5, "abc")
    raw = mail("").replace(b"<p1@example.org>", ours.encode())
    flags, action = verdict(raw)
    assert f.OWN_LOOP in flags and action is Action.IGNORE
    assert verdict(mail("", sender="complaints@complaintdesk.localhost"))[1] is Action.IGNORE


def test_no_sender_is_ignored_with_a_reason() -> None:
    raw = b"Subject: hello\r\nMessage-ID: <n@x>\r\n\r\nbody\r\n"
    flags = run_filters(parse_mail(raw), CTX)
    assert decide(flags) .action is Action.IGNORE and "sender" in decide(flags).reason


def test_signed_message_ids_verify_and_resist_forgery() -> None:
    ours = SIGNER.make(42, "c0ffee")
    parsed = SIGNER.verify(ours)
    assert parsed is not None and parsed.notification_id == 42 and parsed.case_id == "c0ffee"
    assert SIGNER.make(42, "c0ffee") == ours  # stable: a retried delivery keeps its Message-ID
    forged = ours.replace("c0ffee", "c0ffef")
    assert SIGNER.verify(forged) is None
    assert MessageIdSigner("other-secret", "complaintdesk.localhost").verify(ours) is None
    assert SIGNER.verify("<cd.1.2.0123456789abcdef@elsewhere.example>") is None
    assert SIGNER.find_all(f"quoted: Message-Id: {ours}\n and <x@y>") == [parsed]


def test_a_bounce_names_the_message_it_returns_and_its_failed_recipients() -> None:
    returned, earlier = SIGNER.make(7, "c1"), SIGNER.make(3, "c1")
    dsn = (f"From: MAILER-DAEMON@mx.example.org\r\nTo: complaints@complaintdesk.localhost\r\nSubject: Undelivered\r\n"
           "X-Failed-Recipients: Carol@Example.org\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\n"
           "Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
           "Final-Recipient: rfc822; <Alice@Example.org>\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--b\r\n"
           f"Content-Type: text/rfc822-headers\r\n\r\nMessage-ID:\r\n {returned}\r\nIn-Reply-To: {earlier}\r\n"
           f"References: <p1@example.org> {earlier}\r\n--b--\r\n").encode()
    assert bounced_messages(dsn, SIGNER) == [SIGNER.verify(returned)]  # not the earlier mail its thread refers to
    assert bounced_recipients(parse_mail(dsn)) == frozenset({"alice@example.org", "carol@example.org"})
    assert bounced_recipients(parse_mail(mail(""))) == frozenset()
