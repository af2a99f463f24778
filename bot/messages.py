"""The one inbound shape every channel produces and the one reply shape every channel renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ConversationKey:
    """Who the bot is talking with, on which channel: ``telegram:<chat>``, ``email:<address>``."""

    channel: str
    conversation: str

    def __str__(self) -> str:
        return f"{self.channel}:{self.conversation}"


@dataclass(frozen=True, slots=True)
class InboundAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """A person's message as any channel delivers it.

    :param channel: ``telegram``, ``slack``, ``email`` or ``console``
    :param conversation: the conversation on that channel (chat id, DM channel, address)
    :param sender: the sender's durable address on the channel (Telegram user id, Slack user id,
        email address); it identifies the complainant
    :param thread_hint: a platform thread to answer in (an email Message-ID), if any
    :param sender_verified: whether the channel proved that ``sender`` sent it. Telegram, Slack and
        the console authenticate their users; an email's From can be written by anyone, so it
        counts only as a reply to our own mail or when our MTA vouches for it. An unproven
        message decides no case and gets no case details (``bot.answers``, ``bot.status``)
    """

    channel: str
    conversation: str
    sender: str
    text: str
    received_at: datetime
    platform_message_id: str | None = None
    attachments: tuple[InboundAttachment, ...] = ()
    thread_hint: str | None = None
    sender_name: str | None = None
    language_hint: str | None = None
    choice: str | None = None  # the value of a button the person pressed, if any
    edited: bool = False
    edit_of: str | None = None  # an edit: the platform id of the message it changes
    location: str | None = None  # a place the person shared (written out), for the location slot
    contact_email: str | None = None
    contact_phone: str | None = None
    sender_verified: bool = True

    @property
    def key(self) -> ConversationKey:
        return ConversationKey(self.channel, self.conversation)


@dataclass(frozen=True, slots=True)
class Choice:
    """A button: ``label`` is shown, ``value`` comes back as ``InboundMessage.choice``."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot says. A channel without buttons renders ``choices`` as numbered text."""

    text: str
    choices: tuple[Choice, ...] = field(default_factory=tuple)


def choices_as_text(reply: Reply) -> str:
    """Render a reply for a channel without buttons: choices become a numbered list."""
    if not reply.choices:
        return reply.text
    lines = [reply.text, ""]
    lines += [f"{number}. {choice.label}" for number, choice in enumerate(reply.choices, start=1)]
    return "\n".join(lines)
