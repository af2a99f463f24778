"""Raw RFC 5322 bytes -> what the channel needs to know, with the standard library's modern
policy. Never raises on odd input: malformed parts degrade to empty text or raw bytes."""

from __future__ import annotations

import email
import re
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage, Message
from email.utils import getaddresses

from channels.email.inbound.charsets import decode_bytes
from channels.email.inbound.html_text import html_to_text

_MSGID = re.compile(r"<[^<>\s]+>")
_FOLDING = re.compile(r"\s+")
# The first delimiter line of a multipart body whose Content-Type lost its boundary (RFC 2046 5.1.1).
_DELIMITER = re.compile(rb"^--([0-9A-Za-z'()+_,./:=?-][0-9A-Za-z'()+_,./:=? -]{0,69}?)[ \t]*\r?$", re.MULTILINE)


class _MimeHeaderCache(HeaderRegistry):
    """The modern policy's header registry, remembering the MIME headers it parsed: the parser
    and the part accessors parse each part's Content-Type some seven times, which was half the
    cost of reading a message. Parsed headers are immutable, so sharing them changes nothing."""

    CACHED = frozenset({"content-type", "content-transfer-encoding", "content-disposition"})
    SIZE = 4096

    def __init__(self) -> None:
        super().__init__()
        self._parsed: dict[tuple[str, str], BaseHeader] = {}

    def __call__(self, name: str, value: str) -> BaseHeader:
        if name.lower() not in self.CACHED:
            return super().__call__(name, value)
        key = (name, value)
        header = self._parsed.get(key)
        if header is None:
            if len(self._parsed) >= self.SIZE:
                self._parsed.clear()
            header = self._parsed[key] = super().__call__(name, value)
        return header


POLICY = policy.default.clone(header_factory=_MimeHeaderCache())


@dataclass(frozen=True, slots=True)
class MailAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class ParsedMail:
    message_id: str | None
    subject: str
    sender: str | None  # the From address, lower case
    sender_name: str | None
    return_path: str | None  # the envelope sender; "" for the null sender of bounces
    return_paths: tuple[str, ...]  # every Return-Path the message carries, ours first
    recipients: tuple[str, ...]  # the To and Cc addresses, lower case
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    headers: dict[str, str]  # lower-case name -> first value, unfolded
    content_type: str
    text: str
    attachments: tuple[MailAttachment, ...] = ()
    delivery_status: str = ""  # the message/delivery-status part of a DSN, as text
    authentication_results: tuple[str, ...] = ()  # every Authentication-Results value, topmost first
    has_report_part: bool = False
    defects: tuple[str, ...] = field(default_factory=tuple)


class _Headers:
    """The message's headers as they were written, unfolded onto one line, by lower-case name.
    Encoded words are decoded only where a value is shown (Subject, the From display name):
    parsing every header through the modern policy's header registry cost more than parsing the
    rest of a message."""

    def __init__(self, message: Message, charset: str | None) -> None:
        self.raw: dict[str, list[str]] = {}
        for name, value in message.raw_items() if hasattr(message, "raw_items") else message.items():  # type: ignore[attr-defined]  # raw_items exists on the modern policy's messages (checked)
            self.raw.setdefault(name.lower(), []).append(one_line(_text(str(value), charset)))

    def first(self, name: str) -> str:
        values = self.raw.get(name)
        return values[0] if values else ""

    def all(self, name: str) -> list[str]:
        return self.raw.get(name, [])

    def decoded(self, name: str) -> str:
        """The first value with its encoded words decoded, on one line."""
        return one_line(decoded_words(self.first(name)))


def one_line(text: str) -> str:
    """Folding, CR, LF and any other run of white space as one space: a header value never
    carries a line break further (into a stored subject, a contact, a header we write)."""
    return _FOLDING.sub(" ", text).strip()


def _text(raw: str, charset: str | None) -> str:
    """A raw header value as text: 8-bit bytes (kept by the parser as surrogate escapes) read as
    UTF-8, as RFC 6532 writes them, else in the message's declared charset or the one the body
    decoding detects (charsets.decode_bytes): a Latin-1 or Windows-1251 header reads as written."""
    try:
        raw.encode("utf-8")
        return raw
    except UnicodeEncodeError:
        data = raw.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_bytes(data, charset)


def decoded_words(value: str) -> str:
    """``value`` with its RFC 2047 encoded words decoded, each in its declared charset when that
    fits, else as detected; the raw text when the words cannot be read at all."""
    if "=?" not in value:
        return value
    try:
        chunks = decode_header(value)
    except Exception:
        return value
    # decode_header returns the text between encoded words as raw-unicode-escape bytes
    return "".join(chunk if isinstance(chunk, str) else
                   chunk.decode("raw-unicode-escape") if charset is None else decode_bytes(chunk, charset)
                   for chunk, charset in chunks)


def _message_ids(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_MSGID.findall(value)))


def _sender(headers: _Headers) -> tuple[str | None, str | None]:
    raw = headers.first("from")
    if not raw:
        return None, None
    try:
        pairs = getaddresses([raw])
    except Exception:
        return None, None
    for name, address in pairs:
        if "@" in address and not any(c.isspace() for c in address):
            return address.strip().lower(), one_line(decoded_words(name)) or None
    return None, None


def _recipients(headers: _Headers) -> tuple[str, ...]:
    try:
        pairs = getaddresses(headers.all("to") + headers.all("cc"))
    except Exception:
        return ()
    return tuple(address.strip().lower() for _, address in pairs if "@" in address)


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:
        return "application/octet-stream"


def _filename(part: Message, content_type: str, index: int) -> str:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if name:
        return _FOLDING.sub(" ", name).replace("/", "_").replace("\\", "_").strip()[:200] or f"attachment-{index}"
    extension = {"message/rfc822": "eml", "text/plain": "txt", "text/html": "html"}.get(content_type, "bin")
    return f"attachment-{index}.{extension}"


def _payload_bytes(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        return data
    try:
        return part.as_bytes()
    except Exception:
        return b""


def _part_text(part: Message) -> str:
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    return decode_bytes(_payload_bytes(part), charset)


def _is_attachment(part: Message) -> bool:
    try:
        return (part.get_content_disposition() or "") == "attachment"
    except Exception:
        return False


class _Walker:
    def __init__(self) -> None:
        self.plain: list[str] = []
        self.html: list[str] = []
        self.attachments: list[MailAttachment] = []
        self.delivery_status: list[str] = []
        self.charsets: list[str] = []  # declared by the text parts, in order
        self.report = False

    def visit(self, part: Message) -> None:
        content_type = _content_type(part)
        if content_type == "multipart/alternative":
            self._alternative(part)
        elif part.is_multipart() and content_type.startswith("multipart/"):
            self.report = self.report or content_type == "multipart/report"
            for child in part.get_payload() or []:
                if isinstance(child, Message):
                    self.visit(child)
        elif content_type.startswith("multipart/"):
            self._without_boundary(part)
        elif content_type == "message/delivery-status":
            self.report = True
            self.delivery_status.append(_delivery_status_text(part))
        elif content_type in ("text/plain", "text/html") and not _is_attachment(part):
            (self.plain if content_type == "text/plain" else self.html).append(self._read_text(part))
        else:
            data = _payload_bytes(part)
            self.report = self.report or content_type == "text/rfc822-headers"
            self.attachments.append(MailAttachment(_filename(part, content_type, len(self.attachments) + 1),
                                                   content_type, data))

    def _read_text(self, part: Message) -> str:
        try:
            charset = part.get_content_charset()
        except Exception:
            charset = None
        if charset:
            self.charsets.append(charset)
        return decode_bytes(_payload_bytes(part), charset)

    def _without_boundary(self, part: Message) -> None:
        """A multipart whose Content-Type names no boundary: its parts are read by the delimiter its
        body uses, when the body has one that also closes it; otherwise the body is the text."""
        data = _payload_bytes(part)
        found = _DELIMITER.search(data)
        if found and b"--" + found.group(1) + b"--" in data:
            header = b'Content-Type: multipart/mixed; boundary="' + found.group(1) + b'"\r\n\r\n'
            inner = email.message_from_bytes(header + data, policy=POLICY)
            children = [c for c in inner.get_payload() or [] if isinstance(c, Message)] if inner.is_multipart() else []
            if children:
                for child in children:
                    self.visit(child)
                return
        self.plain.append(self._read_text(part))

    def _alternative(self, part: Message) -> None:
        children = [c for c in part.get_payload() or [] if isinstance(c, Message)]
        plain = [c for c in children if _content_type(c) == "text/plain"]
        chosen = plain[0] if plain else (children[-1] if children else None)
        if chosen is not None:
            self.visit(chosen)

    @property
    def text(self) -> str:
        if any(t.strip() for t in self.plain):
            return "\n\n".join(t.strip() for t in self.plain if t.strip())
        return "\n\n".join(html_to_text(h) for h in self.html if h.strip())


def _delivery_status_text(part: Message) -> str:
    payload = part.get_payload()
    if isinstance(payload, list):
        blocks = []
        for block in payload:
            try:
                blocks.append("\n".join(f"{k}: {v}" for k, v in block.items()))  # type: ignore[union-attr]  # a str block fails and is skipped
            except Exception:
                continue
        return "\n\n".join(blocks)
    return _part_text(part)


def parse_mail(raw: bytes) -> ParsedMail:
    """Everything the channel uses from one raw message."""
    message: EmailMessage = email.message_from_bytes(raw, policy=POLICY)  # type: ignore[assignment]  # the modern policy makes an EmailMessage
    walker = _Walker()
    try:
        walker.visit(message)
    except Exception as error:  # a MIME tree too broken to walk: keep what was read so far
        walker.plain.append("")
        defects: tuple[str, ...] = (f"walk failed: {type(error).__name__}",)
    else:
        defects = ()
    try:
        declared = message.get_content_charset()
    except Exception:
        declared = None
    found = _Headers(message, declared or next(iter(walker.charsets), None))
    headers: dict[str, str] = {}
    for name in ("auto-submitted", "precedence", "list-id", "list-unsubscribe", "x-autoreply", "x-autorespond",
                 "x-auto-response-suppress", "x-loop", "x-failed-recipients", "content-language", "return-path"):
        value = found.first(name)
        if value:
            headers[name] = value
    sender, sender_name = _sender(found)
    message_ids = _message_ids(found.first("message-id"))
    return_path = headers.get("return-path")
    return ParsedMail(
        message_id=message_ids[0] if message_ids else None,
        subject=found.decoded("subject"),
        sender=sender,
        sender_name=sender_name,
        return_path=None if return_path is None else return_path.strip().strip("<>").strip().lower(),
        return_paths=tuple(v.strip().strip("<>").strip().lower() for v in found.all("return-path")),
        recipients=_recipients(found),
        in_reply_to=_message_ids(found.first("in-reply-to")),
        references=_message_ids(found.first("references")),
        headers=headers,
        content_type=_content_type(message),
        text=walker.text,
        attachments=tuple(walker.attachments),
        delivery_status="\n\n".join(walker.delivery_status),
        authentication_results=tuple(found.all("authentication-results")),
        has_report_part=walker.report,
        defects=defects + tuple(type(d).__name__ for d in getattr(message, "defects", [])),
    )
