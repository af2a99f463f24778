"""Telegram messages and button presses as the one inbound shape the dialogue understands."""

from __future__ import annotations

from datetime import datetime, timezone

from aiogram.types import CallbackQuery, Message, User

from bot.messages import InboundAttachment, InboundMessage
from config.catalog import MessageCatalog

CHANNEL = "telegram"


def language_of(user: User | None) -> str | None:
    """The person's Telegram interface language (``ru``, ``en``, ...), without the region."""
    if user is None or not user.language_code:
        return None
    return user.language_code.split("-")[0].lower()


def message_id_of(message: Message, *, edited: bool = False) -> str:
    """``<chat>:<message>``; an edit gets its own id (``...:edited:<edit time>``) so that each
    version reaches the case transcript while a redelivered one is still recognised."""
    base = f"{message.chat.id}:{message.message_id}"
    if not edited:
        return base
    when = message.edit_date or message.date
    stamp = int(when.timestamp()) if isinstance(when, datetime) else int(when)
    return f"{base}:edited:{stamp}"


def shared_place(message: Message, catalog: MessageCatalog, lang: str) -> str | None:
    """A shared venue or location written out as the person's words, so it lands in the slot
    (and the transcript) like any other answer."""
    if message.venue is not None:
        venue = message.venue
        return catalog.text("telegram.venue_shared", lang, title=venue.title, address=venue.address,
                            latitude=f"{venue.location.latitude:.6f}", longitude=f"{venue.location.longitude:.6f}")
    if message.location is not None:
        return catalog.text("telegram.location_shared", lang, latitude=f"{message.location.latitude:.6f}",
                            longitude=f"{message.location.longitude:.6f}")
    return None


def from_message(message: Message, *, text: str, attachments: tuple[InboundAttachment, ...] = (),
                 edited: bool = False, location: str | None = None) -> InboundMessage:
    """A private-chat message (or its edit) from a person."""
    user = message.from_user
    assert user is not None
    contact = message.contact
    when = message.edit_date if edited and message.edit_date else message.date
    return InboundMessage(
        channel=CHANNEL,
        conversation=str(message.chat.id),
        sender=str(user.id),
        text=text,
        received_at=_aware(when),
        platform_message_id=message_id_of(message, edited=edited),
        attachments=attachments,
        sender_name=user.full_name or None,
        language_hint=language_of(user),
        edited=edited,
        edit_of=message_id_of(message) if edited else None,
        location=location,
        contact_phone=contact.phone_number if contact is not None else None,
    )


def from_callback(query: CallbackQuery, received_at: datetime) -> InboundMessage:
    """A button press: the button's value arrives as ``choice``."""
    message = query.message
    conversation = message.chat.id if message is not None else query.from_user.id
    return InboundMessage(
        channel=CHANNEL,
        conversation=str(conversation),
        sender=str(query.from_user.id),
        text="",
        received_at=received_at,
        platform_message_id=f"callback:{query.id}",
        sender_name=query.from_user.full_name or None,
        language_hint=language_of(query.from_user),
        choice=query.data,
    )


def _aware(value: datetime | int) -> datetime:
    if isinstance(value, int):
        return datetime.fromtimestamp(value, timezone.utc)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
