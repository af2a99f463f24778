"""Email has no buttons: a reply with the number of a choice we offered counts as pressing it.
The choices are read back from the notification the reply answers (its signed Message-ID)."""

from __future__ import annotations

import re

from channels.email.msgids import MessageIdSigner
from channels.email.inbound.parsing import ParsedMail
from core.notification_text import render
from core.runtime import Core

_NUMBER = re.compile(r"^\s*+(\d{1,2})\s*+(?:[.)]\s*+)?$")  # possessive: no splitting a run of spaces


async def chosen_value(core: Core, signer: MessageIdSigner, mail: ParsedMail, body: str, sender: str) -> str | None:
    """The value of the choice ``body`` picks by number, if it answers one of our messages to ``sender``."""
    first_line = next((line for line in body.splitlines() if line.strip()), "")
    number = _NUMBER.match(first_line)
    if number is None:
        return None
    for message_id in reversed(mail.in_reply_to or mail.references[-1:]):
        ours = signer.verify(message_id)
        if ours is None or ours.notification_id is None:
            continue
        notification = await core.queries.notification(ours.notification_id)
        if notification is None or notification.address.lower() != sender:
            continue
        choices = render(notification, core.catalog, core.policy).choices
        index = int(number.group(1))
        if 1 <= index <= len(choices):
            return choices[index - 1][1]
    return None
