"""Outgoing mail: multipart/alternative (text and HTML), threaded, with no way for user text to
reach a header other than as a header value."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime

_LINE_BREAKS = re.compile(r"[\r\n\t\x00-\x1f\x7f]+")
_REPLY_PREFIX = re.compile(r"^\s*(re|ответ|aw|sv)\s*:\s*", re.IGNORECASE)
MAX_REFERENCES = 20


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


def build_message(out: Outgoing) -> EmailMessage:
    """Raises ValueError (from the header registry) when an address cannot be written safely."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = Address(display_name=one_line(out.from_name), addr_spec=out.from_address)
    message["To"] = Address(addr_spec=one_line(out.to_address))
    message["Subject"] = one_line(out.subject)
    message["Date"] = format_datetime(out.sent_at)
    message["Message-ID"] = out.message_id
    if out.in_reply_to:
        message["In-Reply-To"] = one_line(out.in_reply_to)
    references = [one_line(r) for r in out.references if r][-MAX_REFERENCES:]
    if references:
        message["References"] = " ".join(references)
    if out.auto_submitted:
        message["Auto-Submitted"] = out.auto_submitted
        message["X-Auto-Response-Suppress"] = "All"
    message["Content-Language"] = out.lang
    message.set_content(out.text)
    message.add_alternative(out.html, subtype="html")
    return message
