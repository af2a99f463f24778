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


def _by_the_stdlib(out: Outgoing) -> bytes:
    """The message as the stdlib's MIME classes and generator write it (what build_message did
    before it wrote 7-bit messages itself)."""
    import io
    from email.generator import BytesGenerator
    from email.header import Header
    from email.mime.multipart import MIMEMultipart
    from email.utils import format_datetime, formataddr

    from email.mime.text import MIMEText
    import base64
    import quopri
    import re

    from channels.email.outbound.compose import _BASE64, _QP, _WIRE, one_line

    def body_part(text: str, subtype: str) -> MIMEText:
        if text.isascii() and all(len(line) <= 998 for line in text.splitlines()):
            return MIMEText(text, subtype, "us-ascii")
        data = text.encode("utf-8")
        if len(quopri.encodestring(data)) <= len(base64.b64encode(data)):
            return MIMEText(text, subtype, _QP)  # type: ignore[arg-type]  # MIMEText takes a Charset too (its stub says str)
        return MIMEText(re.sub(r"\r?\n", "\r\n", text), subtype, _BASE64)  # type: ignore[arg-type]  # as above

    message = MIMEMultipart("alternative", policy=_WIRE)
    message["From"] = formataddr((one_line(out.from_name), out.from_address), charset="utf-8")
    message["To"] = out.to_address
    subject = one_line(out.subject)
    message["Subject"] = subject if subject.isascii() else Header(subject, "utf-8", header_name="Subject")  # type: ignore[assignment]  # compat32 takes a Header
    message["Date"] = format_datetime(out.sent_at)
    message["Message-ID"] = out.message_id
    if out.in_reply_to:
        message["In-Reply-To"] = out.in_reply_to
    if out.references:
        message["References"] = " ".join(out.references)
    if out.auto_submitted:
        message["Auto-Submitted"] = out.auto_submitted
        message["X-Auto-Response-Suppress"] = "All"
    message["Content-Language"] = out.lang
    message.attach(body_part(out.text, "plain"))
    message.attach(body_part(out.html, "html"))
    buffer = io.BytesIO()
    BytesGenerator(buffer, policy=_WIRE).flatten(message)
    return buffer.getvalue()


@pytest.mark.parametrize("text", ["Thank you.\nLine two\n\nFrom here on\n", "no line end", "a\r\nb\rc\n", "",
                                  "From the start\nFrom again", "x" * 900 + "\n" + "y" * 998,
                                  "We\u2019ll answer by 4 December \u2014 thank you.\nFrom us: a=b \t\n",
                                  "Спасибо, ваша жалоба принята.\n\nНомер: CD-7K3M-9QXA\r\nFrom ООО", "é" * 300])
@pytest.mark.parametrize("subject", ["Re: My parcel [CD-7K3M-9QXA]", "Re: " + "a long subject " * 12,
                                     "Re: Жалоба [CD-7K3M-9QXA]"])
@pytest.mark.parametrize("name", ["Example Services Ltd", "ООО «Ромашка»", 'A "quoted" name, with a comma'])
@pytest.mark.parametrize("references", [(), ("<p1@example.org>",), tuple(f"<r{i}@example.org>" for i in range(20))])
def test_a_message_is_written_as_the_stdlib_writes_it(text: str, subject: str, name: str,
                                                                references: tuple[str, ...]) -> None:
    import random

    out = outgoing(text=text, subject=subject, from_name=name, references=references,
                   in_reply_to=references[-1] if references else None, auto_submitted=None if references else "auto-replied",
                   html=html_body(text or "x", ["Accept"], ["Footer"], "en"))
    random.seed(7)  # the same MIME boundary for both
    ours = build_message(out)
    random.seed(7)
    assert ours == _by_the_stdlib(out)
