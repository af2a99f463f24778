"""Durable intake: the raw message is stored in the inbound journal before the sender hears 250."""

from __future__ import annotations

import hashlib
from datetime import datetime
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import parseaddr

from channels.inbound.journal import Arrival

CHANNEL = "email"
_MAX_KEY = 900
_HEADERS = BytesHeaderParser(policy=policy.compat32)


def _headers(raw: bytes) -> Message | None:
    try:
        return _HEADERS.parsebytes(raw)
    except Exception:  # a header block the parser cannot read: the bytes still count
        return None


def _sender(headers: Message) -> str:
    """The From address (else the envelope sender we recorded as Return-Path), lower case."""
    for name in ("From", "Return-Path"):
        address = parseaddr(" ".join(str(headers.get(name) or "").split()))[1].strip().lower()
        if address:
            return address
    return ""


def dedup_key(raw: bytes, headers: Message | None = None) -> str:
    """``<Message-ID> sender``: the same message delivered again is a duplicate, while another
    sender's mail that reuses the Message-ID (by accident or to make a complaint vanish as
    "already received") is a message of its own. Without a usable Message-ID (or when the key
    would be too long), the SHA-256 of the bytes."""
    found = headers if headers is not None else _headers(raw)
    value = found.get("Message-ID") if found is not None else None
    sender = _sender(found) if found is not None else ""
    text = " ".join(f"{' '.join(str(value).split())} {sender}".split()) if value else ""
    if text and len(text) <= _MAX_KEY and text.isascii():
        return text
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def arrival_of(raw: bytes, received_at: datetime) -> Arrival:
    """The raw mail as the journal stores it; its conversation is the sender's address."""
    headers = _headers(raw)
    sender = _sender(headers) if headers is not None else ""
    return Arrival(dedup_key(raw, headers), raw, received_at, sender[:320] or None)
