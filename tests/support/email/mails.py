"""Mails as complainants write them: plain text, threaded by In-Reply-To when they answer ours."""

from __future__ import annotations

from tests.support.email.smtp_client import COMPLAINTS

ALICE = "alice@example.org"
COMPLAINT = ("My parcel for order 12345 never arrived. It was due on 2 November and the courier says it was "
             "delivered, but it was not. I want a refund.")


def mail(message_id: str, body: str, *, subject: str = "Lost parcel", sender: str = ALICE,
         in_reply_to: str | None = None, headers: str = "") -> bytes:
    thread = f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n" if in_reply_to else ""
    return (f"From: Alice Smith <{sender}>\r\nTo: {COMPLAINTS}\r\nSubject: {subject}\r\nMessage-ID: {message_id}\r\n"
            f"{thread}{headers}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").encode()
