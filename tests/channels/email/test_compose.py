"""Outgoing mail: subject, threading headers, alternatives, no header injection."""

from __future__ import annotations

import email
from datetime import datetime, timezone
from email import policy

import pytest

from channels.email.outbound.compose import Outgoing, build_message, html_body, reply_subject


def test_reply_subject_keeps_the_thread_and_the_reference() -> None:
    assert reply_subject("My parcel", "CD-7K3M-9QXA", "Your complaint") == "Re: My parcel [CD-7K3M-9QXA]"
    assert reply_subject("Re: RE: My parcel [CD-7K3M-9QXA]", "CD-7K3M-9QXA", "x") == "Re: My parcel [CD-7K3M-9QXA]"
    assert reply_subject("", "CD-7K3M-9QXA", "Your complaint") == "Re: Your complaint [CD-7K3M-9QXA]"
    assert reply_subject("hi\r\nBcc: victim@example.org", "", "x") == "Re: hi Bcc: victim@example.org"


def outgoing(**changes: object) -> Outgoing:
    base = dict(from_name="Example Services Ltd", from_address="complaints@complaintdesk.localhost",
                to_address="alice@example.org", subject="Re: My parcel [CD-7K3M-9QXA]",
                text="Thank you.\n\n1. Accept\n2. Reject\n", html=html_body("Thank <you> & more", ["Accept", "Reject"], ["Footer"], "en"),
                message_id="<cd.1.2.0123456789abcdef@complaintdesk.localhost>", sent_at=datetime(2026, 11, 24, tzinfo=timezone.utc),
                lang="en", in_reply_to="<p1@example.org>", references=("<p0@example.org>", "<p1@example.org>"),
                auto_submitted="auto-replied")
    base.update(changes)
    return Outgoing(**base)  # type: ignore[arg-type]


def test_message_is_multipart_alternative_and_threaded() -> None:
    message = email.message_from_bytes(build_message(outgoing()), policy=policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]  # type: ignore[attr-defined]
    assert message["From"] == "Example Services Ltd <complaints@complaintdesk.localhost>"
    assert message["In-Reply-To"] == "<p1@example.org>"
    assert message["References"] == "<p0@example.org> <p1@example.org>"
    assert message["Auto-Submitted"] == "auto-replied"
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "Thank &lt;you&gt; &amp; more" in html and "<ol><li>Accept</li><li>Reject</li></ol>" in html


def test_user_text_cannot_inject_headers() -> None:
    message = build_message(outgoing(subject="x\r\nBcc: victim@example.org", from_name='Evil"\r\nBcc: v@example.org'))
    parsed = email.message_from_bytes(message, policy=policy.default)
    assert parsed["Bcc"] is None
    assert "\n" not in parsed["Subject"]


def test_an_address_that_cannot_be_a_header_is_refused() -> None:
    with pytest.raises((ValueError, TypeError)):
        build_message(outgoing(to_address="a@b.example>, victim@example.org"))


def test_the_wire_form_is_seven_bit_with_crlf_and_unfolded_message_ids() -> None:
    long_id = "<cd.12345.0123456789abcdef0123456789abcdef.0123456789abcdef@complaintdesk.localhost>"
    wire = build_message(outgoing(message_id=long_id, references=("<p0@example.org>", "<p1@example.org>", "<not an id>")))
    assert wire.isascii() and b"\n" not in wire.replace(b"\r\n", b"")
    assert f"\r\nMessage-ID: {long_id}\r\n".encode() in wire  # never folded away from its name
    assert b"\r\nReferences: <p0@example.org>\r\n <p1@example.org>\r\n" in wire  # folded between IDs, junk dropped


def test_cyrillic_goes_in_base64_and_long_lines_in_quoted_printable() -> None:
    russian = "Ваша жалоба получена.\n\nНомер обращения CD-7K3M-9QXA.\n"
    wire = build_message(outgoing(text=russian, subject="Re: Жалоба [CD-7K3M-9QXA]", lang="ru"))
    message = email.message_from_bytes(wire, policy=policy.default)
    plain = message.get_body(("plain",))  # type: ignore[union-attr]
    assert plain["Content-Transfer-Encoding"] == "base64"
    assert plain.get_content().replace("\r\n", "\n") == russian  # type: ignore[union-attr]
    assert message["Subject"] == "Re: Жалоба [CD-7K3M-9QXA]"
    long_line = "x" * 1200 + "\n"
    plain = email.message_from_bytes(build_message(outgoing(text=long_line)), policy=policy.default).get_body(("plain",))
    assert plain["Content-Transfer-Encoding"] == "quoted-printable" and plain.get_content().replace("\r\n", "\n") == long_line  # type: ignore[union-attr,index]
