"""Understanding a message: charsets, encoded words, HTML-only mail, attachments, quoting."""

from __future__ import annotations

import base64

import pytest

from channels.email.inbound.charsets import decode_bytes
from channels.email.inbound.parsing import parse_mail
from channels.email.inbound.quoting import latest_reply

RUSSIAN = "Здравствуйте! Мой заказ не пришёл, верните деньги."


def raw_mail(body: bytes, *, charset: str | None, subject: bytes = b"Complaint", sender: bytes = b"Ivan <ivan@example.ru>",
             content_type: bytes = b"text/plain", extra: bytes = b"") -> bytes:
    declared = b"; charset=" + charset.encode() if charset else b""
    return (b"From: " + sender + b"\r\nTo: complaints@complaintdesk.localhost\r\nSubject: " + subject +
            b"\r\nMessage-ID: <m1@example.ru>\r\nMIME-Version: 1.0\r\nContent-Type: " + content_type + declared +
            b"\r\nContent-Transfer-Encoding: 8bit\r\n" + extra + b"\r\n" + body)


@pytest.mark.parametrize("charset", ["koi8-r", "windows-1251", "iso-8859-5", "utf-8"])
def test_bodies_in_each_declared_charset(charset: str) -> None:
    mail = parse_mail(raw_mail(RUSSIAN.encode(charset), charset=charset))
    assert mail.text == RUSSIAN


@pytest.mark.parametrize("actual", ["koi8-r", "windows-1251", "iso-8859-5", "utf-8"])
@pytest.mark.parametrize("declared", [None, "us-ascii", "x-unknown-charset"])
def test_missing_or_wrong_declaration_falls_back_safely(actual: str, declared: str | None) -> None:
    mail = parse_mail(raw_mail(RUSSIAN.encode(actual), charset=declared))
    assert mail.text == RUSSIAN


def test_declared_utf8_that_is_not_falls_back() -> None:
    mail = parse_mail(raw_mail(RUSSIAN.encode("windows-1251"), charset="utf-8"))
    assert mail.text == RUSSIAN


def test_latin_text_without_declaration_stays_latin() -> None:
    assert decode_bytes("Ma commande est arrivée cassée".encode("latin-1"), None) == "Ma commande est arrivée cassée"


def test_encoded_word_subject_and_sender_name() -> None:
    mail = parse_mail(raw_mail(b"text", charset="utf-8", subject=b"=?koi8-r?B?" +
                               base64.b64encode("Жалоба на доставку".encode("koi8-r")) + b"?=",
                               sender=b"=?utf-8?Q?=D0=98=D0=B2=D0=B0=D0=BD?= <IVAN@Example.RU>"))
    assert mail.subject == "Жалоба на доставку"
    assert mail.sender == "ivan@example.ru"
    assert mail.sender_name == "Иван"
    assert mail.message_id == "<m1@example.ru>"


def test_html_only_mail_becomes_readable_text() -> None:
    html = b"<html><body><p>My <b>parcel</b> never arrived.</p><p>Order&nbsp;12345</p><script>x()</script></body></html>"
    mail = parse_mail(raw_mail(html, charset="utf-8", content_type=b"text/html"))
    assert "My parcel never arrived." in mail.text
    assert "Order\xa012345" in mail.text or "Order 12345" in mail.text
    assert "<" not in mail.text


def test_alternative_prefers_plain_text_and_attachments_are_kept() -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "a@example.org"
    message["Subject"] = "Broken kettle"
    message["Message-ID"] = "<x@example.org>"
    message["In-Reply-To"] = "<cd.1.abc.0123456789abcdef@complaintdesk.localhost>"
    message.set_content("It broke on day two.")
    message.add_alternative("<p>HTML version</p>", subtype="html")
    message.add_attachment(b"%PDF-1.4 receipt", maintype="application", subtype="pdf", filename="receipt.pdf")
    mail = parse_mail(message.as_bytes())
    assert mail.text == "It broke on day two."
    assert [(a.filename, a.content_type, a.data) for a in mail.attachments] == [("receipt.pdf", "application/pdf", b"%PDF-1.4 receipt")]
    assert mail.in_reply_to == ("<cd.1.abc.0123456789abcdef@complaintdesk.localhost>",)


def test_quoted_history_and_signatures_are_cut_from_follow_ups() -> None:
    english = ("Here is the receipt you asked for.\n\nBest regards,\nJohn\n\n"
               "On Tue, 24 Nov 2026 at 10:00, Example Services <complaints@example.com> wrote:\n> We need more information\n")
    russian = ("Чек во вложении.\n\nС уважением,\nИван\n\n"
               "24 нояб. 2026 г., в 10:00, Example Services <complaints@example.com> написал(а):\n> Нам нужна информация\n")
    assert latest_reply(english) == "Here is the receipt you asked for."
    assert latest_reply(russian) == "Чек во вложении."
    assert latest_reply("1") == "1"
    assert latest_reply("") == ""


def test_raw_eight_bit_headers_are_read_as_utf8_else_in_the_detected_charset() -> None:
    utf8 = parse_mail("From: Пётр <petr@example.org>\r\nTo: complaints@complaintdesk.localhost\r\n"
                      "Subject: Жалоба\r\n\r\nbody\r\n".encode())
    assert (utf8.sender, utf8.sender_name, utf8.subject) == ("petr@example.org", "Пётр", "Жалоба")
    junk = parse_mail(b"From: \xff\xfe <p\xe9tr@example.org>\r\nTo: complaints@complaintdesk.localhost\r\n"
                      b"List-Id: <\xe9@x>\r\n\r\nbody\r\n")
    for text in (junk.sender or "", junk.sender_name or "", *junk.headers.values()):
        text.encode("utf-8")  # storable: no surrogate escapes left
    assert junk.sender == "p\u00e9tr@example.org"
    latin = parse_mail(b"From: Ren\xe9 M\xfcller <rene@example.org>\r\nTo: complaints@complaintdesk.localhost\r\n"
                       b"Subject: Caf\xe9 cr\xe8me br\xfbl\xe9e arriv\xe9e froide\r\n\r\nbody\r\n")
    assert (latin.sender, latin.sender_name, latin.subject) == ("rene@example.org", "René Müller", "Café crème brûlée arrivée froide")
    russian = "Жалоба на доставку заказа"
    for charset in ("windows-1251", "koi8-r"):
        cyrillic = parse_mail(raw_mail(russian.encode(charset), charset=charset, subject=russian.encode(charset)))
        assert cyrillic.subject == russian and cyrillic.text == russian


def test_header_values_are_one_line_whatever_their_encoded_words_hold() -> None:
    subject = b"=?utf-8?q?Lost_parcel=0D=0ABcc:_victim@evil.example?="
    name = b"=?utf-8?b?" + base64.b64encode(b"Eve\r\nBcc: victim@evil.example") + b"?= <eve@example.org>"
    mail = parse_mail(raw_mail(b"body", charset="utf-8", subject=subject, sender=name))
    assert mail.subject == "Lost parcel Bcc: victim@evil.example"
    assert mail.sender == "eve@example.org" and mail.sender_name == "Eve Bcc: victim@evil.example"


def test_a_multipart_without_boundary_keeps_its_body() -> None:
    plain = parse_mail(raw_mail(b"My kettle broke on day two. I want a refund.\r\n", charset=None,
                                content_type=b"multipart/mixed"))
    assert plain.text == "My kettle broke on day two. I want a refund." and plain.attachments == ()
    parts = (b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + RUSSIAN.encode() + b"\r\n"
             b"--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=receipt.pdf\r\n\r\n"
             b"%PDF-1.4\r\n--b1--\r\n")
    recovered = parse_mail(raw_mail(parts, charset=None, content_type=b"multipart/mixed"))
    assert recovered.text == RUSSIAN
    assert [(a.filename, a.content_type) for a in recovered.attachments] == [("receipt.pdf", "application/pdf")]
