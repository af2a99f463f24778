"""What a bounce says: which of our messages failed, and why."""

from __future__ import annotations

import re

from channels.email.msgids import MessageIdSigner, OurMessageId
from channels.email.parsing import ParsedMail

_DIAGNOSTIC = re.compile(r"^(?:Diagnostic-Code|Status|Action):\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_MAX_REASON = 300


def bounced_messages(raw: bytes, signer: MessageIdSigner) -> list[OurMessageId]:
    """Our signed Message-IDs quoted anywhere in the bounce (attached original, quoted headers)."""
    return signer.find_all(raw.decode("latin-1"))


def bounce_reason(mail: ParsedMail) -> str:
    found = _DIAGNOSTIC.findall(mail.delivery_status)
    if found:
        reason = "; ".join(dict.fromkeys(f.strip() for f in found))
    else:
        lines = [line.strip() for line in mail.text.splitlines() if line.strip()]
        reason = " ".join(lines[:3]) or mail.subject or "the mail was returned undelivered"
    return f"bounced: {reason}"[:_MAX_REASON]
