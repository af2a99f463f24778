"""The SMTP replies the intake gives, as named constants (RFC 5321, RFC 3463 enhanced codes)."""

from __future__ import annotations

OK = "250 2.0.0 OK: queued"
DUPLICATE = "250 2.0.0 OK: already received"
RECIPIENT_OK = "250 2.1.5 OK"
SENDER_OK = "250 2.1.0 OK"
NO_SUCH_MAILBOX = "550 5.1.1 No such mailbox here; this server accepts complaints only"
SENDER_RATE_LIMITED = "450 4.7.1 Too many messages from this sender; try again later"
IP_RATE_LIMITED = "421 4.7.0 Too many messages from your address; closing connection"
STORAGE_UNAVAILABLE = "451 4.3.0 Temporary storage failure; please try again later"
