"""Outgoing mail: multipart/alternative (text and HTML), threaded, with no way for user text to
reach a header other than as a header value, written once as the bytes that go on the wire."""

from __future__ import annotations

import base64
import functools
import html
import quopri
import re
from dataclasses import dataclass
from datetime import datetime
from email import charset
from email.generator import BytesGenerator
from email.header import Header
from email.headerregistry import Address
from email.policy import Compat32
from email.utils import format_datetime, formataddr
from typing import Any

_LINE_BREAKS = re.compile(r"[\r\n\t\x00-\x1f\x7f]+")
_REPLY_PREFIX = re.compile(r"^\s*(re|ответ|aw|sv)\s*:\s*", re.IGNORECASE)
_MSGID = re.compile(r"<[!-;=?-~]+>")  # printable ASCII without < > or spaces
_CRLF = re.compile(r"\r?\n")
_MAX_LINE = 998  # RFC 5322 2.1.1
MAX_REFERENCES = 20


class _WirePolicy(Compat32):
    """compat32 with CRLF line ends, except that a Message-ID is never folded away from its name
    and References is folded between its IDs: mail tools read these headers without unfolding.
    (The compat32 machinery writes a message several times faster than the modern policy's header
    registry; user text only ever reaches a header through one_line() and Header's encoding.)"""

    def _fold(self, name: str, value: Any, sanitize: bool) -> str:
        if isinstance(value, str):
            if name.lower() in _MESSAGE_ID_HEADERS:
                return f"{name}: {(self.linesep + ' ').join(value.split())}{self.linesep}"
            line = f"{name}: {value}"
            if len(line) <= (self.max_line_length or 78) and line.isascii() and "\r" not in line and "\n" not in line:
                return line + self.linesep  # what compat32 writes for a short line, without its folding machinery
        return super()._fold(name, value, sanitize)  # type: ignore[misc]  # a private Compat32 method (docs/architecture.md)


_MESSAGE_ID_HEADERS = frozenset({"message-id", "in-reply-to", "references"})
_WIRE = _WirePolicy(linesep="\r\n")
_QP = charset.Charset("utf-8")
_QP.body_encoding = charset.QP
_BASE64 = charset.Charset("utf-8")
_BASE64.body_encoding = charset.BASE64


@dataclass(frozen=True, slots=True)
class Outgoing:
    from_name: str
    from_address: str
    to_address: str
    subject: str
    text: str
    html: str
    message_id: str
    sent_at: datetime
    lang: str
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    auto_submitted: str | None = None


def one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text).strip()


def reply_subject(original: str, reference: str, fallback: str) -> str:
    """``Re: <original> [<REF>]``, without stacking ``Re:`` or the reference twice."""
    subject = one_line(original)[:200]
    while _REPLY_PREFIX.match(subject):
        subject = _REPLY_PREFIX.sub("", subject, count=1)
    subject = subject or one_line(fallback)
    tag = f"[{reference}]" if reference else ""
    if tag and tag.lower() in subject.lower():
        tag = ""
    return " ".join(part for part in ("Re:", subject, tag) if part)


def html_body(main: str, choices: list[str], after: list[str], lang: str) -> str:
    """The HTML alternative: every piece of text escaped, choices as a numbered list."""
    def paragraph(text: str) -> str:
        return "<p>" + html.escape(text).replace("\n", "<br>\n") + "</p>"

    blocks = [paragraph(p) for p in main.split("\n\n") if p.strip()]
    if choices:
        blocks.append("<ol>" + "".join(f"<li>{html.escape(c)}</li>" for c in choices) + "</ol>")
    blocks += [paragraph(p) for p in after if p.strip()]
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}"><head><meta charset="utf-8"></head>'
            '<body style="font-family: sans-serif">\n' + "\n".join(blocks) + "\n</body></html>\n")


def _message_ids(values: list[str]) -> list[str]:
    return [v for v in (one_line(value) for value in values) if _MSGID.fullmatch(v)]


@functools.lru_cache(maxsize=8)
def _own_addr_spec(address: str) -> str:
    """Our From address as the header registry writes it, checked (ValueError if it cannot be
    written safely; a refusal is not cached). Cached: it is the same on every mail, and the
    registry's parser costs a tenth of the message. (A complainant's address is not kept.)"""
    return Address(addr_spec=address).addr_spec


def build_message(out: Outgoing) -> bytes:
    """The message as it goes on the wire (CRLF line ends, 7-bit). Raises ValueError (from the
    header registry) when an address cannot be written safely."""
    to_address = Address(addr_spec=one_line(out.to_address)).addr_spec  # validates: raises ValueError
    from_address = _own_addr_spec(out.from_address)
    subject = one_line(out.subject)
    headers: list[tuple[str, Any]] = [
        ("From", formataddr((one_line(out.from_name), from_address), charset="utf-8")), ("To", to_address),
        ("Subject", subject if subject.isascii() else Header(subject, "utf-8", header_name="Subject")),
        ("Date", format_datetime(out.sent_at)), ("Message-ID", out.message_id)]
    in_reply_to = _message_ids([out.in_reply_to] if out.in_reply_to else [])
    if in_reply_to:
        headers.append(("In-Reply-To", in_reply_to[0]))
    references = _message_ids([r for r in out.references if r])[-MAX_REFERENCES:]
    if references:
        headers.append(("References", " ".join(references)))
    if out.auto_submitted:
        headers += [("Auto-Submitted", out.auto_submitted), ("X-Auto-Response-Suppress", "All")]
    headers.append(("Content-Language", one_line(out.lang)))
    return _written(headers, [_part(out.text, "plain"), _part(out.html, "html")])


# What the stdlib's MIME classes and generator wrote (multipart/alternative of two text parts,
# compat32 with CRLF line ends), written directly: the same bytes (tests/channels/email/
# test_compose.py compares the two), at a third of the cost.
_FROM_LINE = re.compile(r"^From ", re.MULTILINE)  # mangled as the generator does (compat32's mangle_from_)
_ANY_LINE_END = re.compile(r"\r\n|\r|\n")


def _part(text: str, subtype: str) -> str:
    """A 7-bit-safe text part, so that any relay passes it: short-lined ASCII as it is, else
    UTF-8 in quoted-printable or base64, whichever is shorter (Cyrillic is shorter in base64)."""
    if text.isascii() and all(len(line) <= _MAX_LINE for line in text.splitlines()):
        charset, encoding, payload = "us-ascii", "7bit", text
    else:
        data = text.encode("utf-8")
        if len(quopri.encodestring(data)) <= len(base64.b64encode(data)):
            charset, encoding, payload = "utf-8", "quoted-printable", _QP.body_encode(text)
        else:  # encoded text is canonical: CRLF line ends
            charset, encoding, payload = "utf-8", "base64", _BASE64.body_encode(_CRLF.sub("\r\n", text))
    head = (f'Content-Type: text/{subtype}; charset="{charset}"\r\nMIME-Version: 1.0\r\n'
            f"Content-Transfer-Encoding: {encoding}\r\n\r\n")
    return head + _ANY_LINE_END.sub("\r\n", _FROM_LINE.sub(">From ", payload))


def _written(headers: list[tuple[str, Any]], parts: list[str]) -> bytes:
    boundary = BytesGenerator._make_boundary("\r\n".join(parts).encode("ascii"))  # type: ignore[attr-defined]  # the generator's own choice of boundary (a private classmethod)
    out = [_WIRE.fold_binary("Content-Type", f'multipart/alternative; boundary="{boundary}"'),
           _WIRE.fold_binary("MIME-Version", "1.0")]
    out += [_WIRE.fold_binary(name, value) for name, value in headers]
    body = f"\r\n--{boundary}\r\n".join(parts)
    out.append(f"\r\n--{boundary}\r\n{body}\r\n--{boundary}--\r\n".encode("ascii"))
    return b"".join(out)
