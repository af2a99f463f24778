"""The aiogram router: private messages, edits and button presses go to the dialogue manager;
groups are asked to write privately; everything else is left alone. Every handler returns the
outcome recorded on the stored update, and hands its replies to ``outgoing``: they are settled
with the update and sent once (see channels.telegram.intake)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiogram import Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message

from bot.messages import Choice, Reply
from channels.telegram import convert
from channels.telegram.attachments import AttachmentFetcher, Refused
from channels.telegram.commands import LANGUAGE_CHOICE, dialogue_language, dialogue_text, parse_command
from channels.inbound.replies import ReplyCollector
from config.catalog import LANGUAGES, MessageCatalog
from core.ports import Clock

if TYPE_CHECKING:
    from bot.manager import DialogueManager

log = logging.getLogger(__name__)
PRIVATE = ChatType.PRIVATE
GROUPS = {ChatType.GROUP, ChatType.SUPERGROUP}


# The routes' filters are coroutines: aiogram runs a plain callable filter, magic filters (``F``)
# included, in a thread of its own for every update (a thread hop per filter, per update).
async def _from_person_in_private(event: Message) -> bool:
    return event.chat.type == PRIVATE and event.from_user is not None


async def _in_private(event: ChatMemberUpdated) -> bool:
    return event.chat.type == PRIVATE


async def _in_group(event: Message) -> bool:
    return event.chat.type in GROUPS
GROUP_NOTICES_PER_HOUR = 3


@dataclass
class BotIdentity:
    """Who the bot is on Telegram (from getMe): to notice being addressed in a group."""

    id: int
    username: str | None = None


class TelegramHandlers:
    def __init__(self, dialogue: DialogueManager, fetcher: AttachmentFetcher, catalog: MessageCatalog, clock: Clock,
                 me: BotIdentity) -> None:
        self.dialogue = dialogue
        self.fetcher = fetcher
        self.catalog = catalog
        self.clock = clock
        self.me = me

    def router(self) -> Router:
        router = Router(name="complaintdesk-telegram")
        router.message.register(self.on_private_message, _from_person_in_private)
        router.edited_message.register(self.on_private_edit, _from_person_in_private)
        router.callback_query.register(self.on_button)
        router.message.register(self.on_group_message, _in_group)
        router.my_chat_member.register(self.on_membership, _in_private)
        return router

    # -- private chats ---------------------------------------------------------------------------

    async def on_private_message(self, message: Message, outgoing: ReplyCollector) -> str:
        return await self._from_person(message, outgoing, edited=False)

    async def on_private_edit(self, edited_message: Message, outgoing: ReplyCollector) -> str:
        return await self._from_person(edited_message, outgoing, edited=True)

    async def _from_person(self, message: Message, outgoing: ReplyCollector, *, edited: bool) -> str:
        lang = convert.language_of(message.from_user) or "en"
        command = parse_command(message.text or "")
        if command is not None and command.name == "language" and not dialogue_language(command.args):
            outgoing.add(str(message.chat.id), [self._language_menu(lang)], key=convert.message_id_of(message), lang=lang)
            return "processed command: /language offered the languages"
        attachments, refused = await self.fetcher.fetch(message)
        notices = [self._refusal(item, lang) for item in refused]
        text = self._text(message, lang)
        place = None if message.text or message.caption else convert.shared_place(message, self.catalog, lang)
        inbound = convert.from_message(message, text=text, attachments=tuple(attachments), edited=edited,
                                       location=place)
        if not (text or attachments or inbound.contact_phone):
            if not notices:
                return "ignored: a private message with nothing the dialogue can use"
            outgoing.add(str(message.chat.id), notices, key=convert.message_id_of(message), lang=lang)
            return f"refused {len(refused)} file(s): {', '.join(r.reason for r in refused)}"
        replies = await self.dialogue.handle(inbound)
        key = convert.message_id_of(message, edited=edited)
        outgoing.add(str(message.chat.id), [*notices, *replies], key=key, lang=lang)
        kind = "edit" if edited else "message"
        return (f"processed {kind}: {len(replies)} repl{'y' if len(replies) == 1 else 'ies'}, "
                f"{len(attachments)} attachment(s), {len(refused)} refused")

    def _text(self, message: Message, lang: str) -> str:
        text = message.text or message.caption or ""
        command = parse_command(text) if message.text else None
        if command is not None:
            return dialogue_text(command)
        if not text and message.contact is not None:
            return message.contact.phone_number  # answers the contact question like a typed number
        return text or convert.shared_place(message, self.catalog, lang) or ""

    def _language_menu(self, lang: str) -> Reply:
        return Reply(self.catalog.text("telegram.language_prompt", lang), tuple(
            Choice(self.catalog.text(f"telegram.language_{code}", lang), f"{LANGUAGE_CHOICE}{code}")
            for code in LANGUAGES))

    def _refusal(self, item: Refused, lang: str) -> Reply:
        limit_mb = max(1, round(self.fetcher.max_bytes / (1024 * 1024)))
        key = {"too_big": "telegram.attachment_too_big", "type": "telegram.attachment_type"}.get(
            item.reason, "telegram.attachment_unavailable")
        return Reply(self.catalog.text(key, lang, filename=item.filename, limit=limit_mb, content_type=item.content_type))

    # -- buttons -----------------------------------------------------------------------------------

    async def on_button(self, callback_query: CallbackQuery, outgoing: ReplyCollector) -> str:
        query = callback_query
        try:
            await query.answer()
        except TelegramAPIError as error:  # too old to answer: the press still counts
            log.info("telegram callback %s could not be answered: %s", query.id, error)
        if not query.data:
            return "ignored: a button press without data"
        message = query.message
        if message is not None and message.chat.type != PRIVATE:
            return "ignored: a button press outside a private chat"
        inbound = convert.from_callback(query, self.clock.now())
        replies = await self.dialogue.handle(inbound)
        if isinstance(message, Message) and message.reply_markup is not None:
            try:
                await query.bot.edit_message_reply_markup(  # type: ignore[union-attr]  # aiogram sets bot on the updates it dispatches
                    chat_id=message.chat.id, message_id=message.message_id, reply_markup=None)
            except TelegramAPIError as error:
                log.info("telegram keyboard of message %s not removed: %s", message.message_id, error)
        outgoing.add(inbound.conversation, replies, key=inbound.platform_message_id or query.id,
                     lang=inbound.language_hint or "en")
        return f"processed button press: {len(replies)} repl{'y' if len(replies) == 1 else 'ies'}"

    # -- groups and membership ------------------------------------------------------------------

    async def on_group_message(self, message: Message, outgoing: ReplyCollector) -> str:
        if not self._addressed(message):
            return "ignored: a group message not meant for the bot"
        key = self.dialogue.keys.rate("telegram-group", str(message.chat.id))
        if await self.dialogue.kv.hit(key, 3600) > GROUP_NOTICES_PER_HOUR:
            return "ignored: group already asked to write privately this hour"
        lang = convert.language_of(message.from_user) or "en"
        if self.me.username:
            text = self.catalog.text("telegram.private_only", lang, link=f"https://t.me/{self.me.username}")
        else:
            text = self.catalog.text("telegram.private_only_no_link", lang)
        outgoing.add(str(message.chat.id), [Reply(text)], key=convert.message_id_of(message), lang=lang)
        return "refused: complaints are taken in private chats only; asked to write privately"

    def _addressed(self, message: Message) -> bool:
        if any(member.id == self.me.id for member in message.new_chat_members or ()):
            return True
        text = message.text or message.caption or ""
        command = parse_command(text) if message.text else None
        if command is not None:
            return command.addressee is None or (self.me.username or "").lower() == command.addressee.lower()
        if self.me.username and f"@{self.me.username.lower()}" in text.lower():
            return True
        replied = message.reply_to_message
        return bool(replied and replied.from_user and replied.from_user.id == self.me.id)

    async def on_membership(self, my_chat_member: ChatMemberUpdated) -> str:
        status = my_chat_member.new_chat_member.status
        if status == "kicked":
            log.info("telegram: a person blocked the bot")
            return "ignored: the person blocked the bot (later deliveries will mark the contact unreachable)"
        return f"ignored: membership changed to {status}"
