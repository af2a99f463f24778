"""Durable intake: the raw message is stored in one transaction before the sender hears 250."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import parseaddr

from sqlalchemy.exc import IntegrityError

from core.model import InboundRecord
from core.runtime import Core

CHANNEL = "email"
_MAX_KEY = 900
_HEADERS = BytesHeaderParser(policy=policy.compat32)


def _sender(headers: Message) -> str:
    """The From address (else the envelope sender we recorded as Return-Path), lower case."""
    for name in ("From", "Return-Path"):
        address = parseaddr(str(headers.get(name) or ""))[1].strip().lower()
        if address:
            return address
    return ""


def dedup_key(raw: bytes) -> str:
    """``<Message-ID> sender``: the same message delivered again is a duplicate, while another
    sender's mail that reuses the Message-ID (by accident or to make a complaint vanish as
    "already received") is a message of its own. Without a usable Message-ID (or when the key
    would be too long), the SHA-256 of the bytes."""
    try:
        headers = _HEADERS.parsebytes(raw)
        value = headers.get("Message-ID")
        sender = _sender(headers)
    except Exception:
        value, sender = None, ""
    text = " ".join(f"{' '.join(str(value).split())} {sender}".split()) if value else ""
    if text and len(text) <= _MAX_KEY and text.isascii():
        return text
    return "sha256:" + hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True, slots=True)
class Stored:
    record: InboundRecord | None  # the new row (None for a duplicate)
    duplicate: bool


async def store_raw(core: Core, raw: bytes, received_at: datetime) -> Stored:
    """Store ``raw``; a message stored before is reported as a duplicate. Storage errors propagate
    (the SMTP handler turns them into 451)."""
    key = dedup_key(raw)
    record = InboundRecord(channel=CHANNEL, dedup_key=key, payload=raw, received_at=received_at)
    async with core.uow(urgent=True) as uow:  # the sending server is waiting for our answer
        try:
            record.id = await uow.insert_inbound(record)
            await uow.commit()
        except IntegrityError:
            return Stored(None, duplicate=True)
    return Stored(record, duplicate=False)
