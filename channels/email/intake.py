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


def dedup_key(raw: bytes, headers: Message | None = None) -> str:
    """The Message-ID, or the SHA-256 of the bytes when there is none (or it is unusable)."""
    found = headers if headers is not None else _headers(raw)
    value = found.get("Message-ID") if found is not None else None
    text = " ".join(str(value).split()) if value else ""
    if text and len(text) <= _MAX_KEY and text.isascii():
        return text
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def sender_of(headers: Message | None) -> str | None:
    """The From address, lower-cased (the conversation the mail belongs to), if there is one."""
    if headers is None:
        return None
    address = parseaddr(" ".join(str(headers.get("From") or "").split()))[1].strip().lower()
    return address[:320] if address and "@" in address else None


def arrival_of(raw: bytes, received_at: datetime) -> Arrival:
    headers = _headers(raw)
    return Arrival(dedup_key(raw, headers), raw, received_at, sender_of(headers))
