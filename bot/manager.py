"""The dialogue manager: one conversation logic for every channel. It sees ``InboundMessage``
and returns ``Reply`` objects; sessions are locked, then loaded; a redelivered message gets the
replies it got the first time. Where a message goes is :mod:`bot.dispatch`."""

from __future__ import annotations

import hashlib
import logging
from time import perf_counter

from bot import dispatch, edits, language
from bot.cancelling import UNDO
from bot.context import Services, Turn, Understanding
from bot.keys import KeyBuilder
from bot.kv import KeyValue
from bot.messages import InboundMessage, Reply
from bot.session_state import Session
from bot.session_stores import ConversationBusy, SessionStore
from bot.withdrawal import WITHDRAW_NO, WITHDRAW_YES
from config.catalog import MessageCatalog
from core.errors import DomainError
from core.runtime import Core

__all__ = ["ONE_SHOT_CHANNELS", "UNDO", "WITHDRAW_NO", "WITHDRAW_YES", "DialogueManager"]

log = logging.getLogger(__name__)
ONE_SHOT_CHANNELS = frozenset({"email"})


class DialogueManager:
    """Runs every conversation: consent, intake, status checks, decisions, survey answers,
    language switch, follow-ups to open cases; one-shot mode for channels such as email."""

    def __init__(self, core: Core, nlu: Understanding, sessions: SessionStore, kv: KeyValue, keys: KeyBuilder, *,
                 catalog: MessageCatalog | None = None, one_shot_channels: frozenset[str] = ONE_SHOT_CHANNELS) -> None:
        self.core = core
        self.sessions = sessions
        self.kv = kv
        self.keys = keys
        self.services = Services(core, nlu, catalog or core.catalog, one_shot_channels)

    async def handle(self, message: InboundMessage) -> list[Reply]:
        """Handle one message. A message handled before (same platform message id, delivered
        again after a crash or by the platform's retry) gets the replies it got then, and changes
        nothing: a turn's effects and its replies are one outcome, saved with the session.

        :param message: what the person sent, as the channel delivered it
        :returns: the replies to send back, in order
        :raises ConversationBusy: the conversation stayed locked (by a turn elsewhere, or by a
            process that died in one) for a message with a platform id: its channel keeps it and
            tries again later. A message without one is answered that the bot is busy.
        """
        metrics, started = self.core.metrics, perf_counter()
        metrics.message_received(message.channel)
        try:
            replies = await self._locked(message)
            metrics.turn_finished(message.channel, perf_counter() - started)
            return replies
        except ConversationBusy:
            if message.platform_message_id:
                raise
            lang = (message.language_hint or "").split("-")[0]
            return [Reply(self.services.catalog.text("bot.control.busy", lang))]

    async def _locked(self, message: InboundMessage) -> list[Reply]:
        key = message.key
        async with self.sessions.lock(key):
            session = await self.sessions.load(key)
            handled = self._handled_key(message)
            if handled and session is not None and (replies := session.replies_to(handled)) is not None:
                return replies
            turn = Turn(message, session or Session(lang=language.of_message(self.services, message)), self.services)
            turn.session.offered, offered = [], turn.session.offered
            turn.session.offered_labels, offered_labels = [], turn.session.offered_labels
            before, asked = dict(turn.session.slots), turn.session.asking
            await self._turn(turn, offered, offered_labels, fresh=session is None)
            edits.remember(turn, before, asked)
            if handled:
                turn.session.remember_replies(handled, turn.replies)
            await self.sessions.save(key, turn.session)
        return turn.replies

    @staticmethod
    def _handled_key(message: InboundMessage) -> str | None:
        """The message's identity for redeliveries; an edit is a new message per new text."""
        if not message.platform_message_id:
            return None
        suffix = f":edit:{hashlib.sha1(message.text.encode()).hexdigest()[:12]}" if message.edited else ""
        return f"{message.platform_message_id}{suffix}"

    @staticmethod
    async def _turn(turn: Turn, offered: list[str], offered_labels: list[str], *, fresh: bool) -> None:
        try:
            await dispatch.route(turn, offered, offered_labels, fresh=fresh)
        except DomainError as error:  # a refusal the person can do nothing about here
            # the refusal's words may name the person (an address): the log names the kind only
            log.warning("%s turn refused by the core: %s", turn.message.channel, type(error).__name__)
            turn.say(turn.t("control.unsupported"))
