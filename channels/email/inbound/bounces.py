"""What a bounce says: which of our messages failed, to whom, and why."""

from __future__ import annotations

import re

from channels.email.msgids import MessageIdSigner, OurMessageId
from channels.email.inbound.parsing import ParsedMail

_DIAGNOSTIC = re.compile(r"^(?:Diagnostic-Code|Status|Action):\s*(.+)$", re.IGNORECASE | re.MULTILINE)
# The returned message's own Message-ID, as the report quotes its headers (folded or not): only
# that one failed, not the earlier mails its In-Reply-To and References name.
_MESSAGE_ID_LINE = re.compile(r"^Message-ID:[ \t]*(?:\r?\n[ \t]+)?(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)
# Possessive runs and a local part without "@": one way to read a line, whatever it holds
# (a run of spaces, or "a@a@a@...", had every split tried: quadratic).
_RECIPIENT = re.compile(r"^(?:Final|Original)-Recipient:[ \t]*+(?:[^;\r\n]*+;)?[ \t]*+<?([^\s<>;@]+@[^\s<>;]+?)>?[ \t]*\r?$",
                        re.IGNORECASE | re.MULTILINE)
_MAX_REASON = 300


def bounced_messages(raw: bytes, signer: MessageIdSigner) -> list[OurMessageId]:
    """Our signed Message-IDs that the bounce quotes as the returned message's Message-ID (in the
    attached original or its quoted headers)."""
    found: list[OurMessageId] = []
    for message_id in _MESSAGE_ID_LINE.findall(raw.decode("latin-1")):
        ours = signer.verify(message_id)
        if ours is not None and ours not in found:
            found.append(ours)
    return found


def bounced_recipients(mail: ParsedMail) -> frozenset[str]:
    """The recipients the report says failed (Final-/Original-Recipient, X-Failed-Recipients);
    empty when it names none."""
    found = {address.lower() for address in _RECIPIENT.findall(mail.delivery_status)}
    failed = mail.headers.get("x-failed-recipients", "")
    found |= {address.strip().strip("<>").lower() for address in failed.split(",") if "@" in address}
    return frozenset(found)


def bounce_reason(mail: ParsedMail) -> str:
    found = _DIAGNOSTIC.findall(mail.delivery_status)
    if found:
        reason = "; ".join(dict.fromkeys(f.strip() for f in found))
    else:
        lines = [line.strip() for line in mail.text.splitlines() if line.strip()]
        reason = " ".join(lines[:3]) or mail.subject or "the mail was returned undelivered"
    return f"bounced: {reason}"[:_MAX_REASON]
