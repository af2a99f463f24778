"""The dialogue manager: one conversation logic for every channel. It sees ``InboundMessage``
and returns ``Reply`` objects; sessions are locked, then loaded; a redelivered message gets the
replies it got the first time."""

from __future__ import annotations

import hashlib
import logging
from time import perf_counter

from bot import (abuse, answers, choosing, commands, courtesy, edits, followup, handoff, intake, oneshot, referral,
                 reopening, status_questions, substance, withdrawal)
from bot.commands import Command
from bot.context import Services, Turn, Understanding
from bot.keys import KeyBuilder
from bot.kv import KeyValue
from bot.messages import Choice, InboundMessage, Reply
from bot.session_state import Session, Step
from bot.session_stores import ConversationBusy, SessionStore
from bot.status import STATUS_CHOICE, answer_status, references_in
from config.catalog import LANGUAGES, MessageCatalog
from core.actors import Actor
from core.errors import DomainError
from core.runtime import Core

log = logging.getLogger(__name__)
ONE_SHOT_CHANNELS = frozenset({"email"})
UNDO = "undo"
WITHDRAW_YES, WITHDRAW_NO = "withdraw:yes", "withdraw:no"
_NUMBER_DIGITS = 9  # a number answering a numbered list has no more digits than this
_STORY_WORDS = 6  # at the consent question, a message this long goes on with the story
_STATUS_WORDS = 12  # a status question from someone with no open case is no longer than this


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
            turn = Turn(message, session or self._new_session(message), self.services)
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

    def _new_session(self, message: InboundMessage) -> Session:
        return Session(lang=self._language(message))

    def _language(self, message: InboundMessage) -> str:
        """The conversation's language: the one the channel gave (a client's language, ``--lang``)
        unless the message is clearly in another; else the message's own, else the default.
        Latin-script Russian ("zakaz ne prishel") is Russian; "ok", "Bosch" or "yes, согласен"
        change nothing."""
        nlu, text = self.services.nlu, message.text
        hint = (message.language_hint or "").split("-")[0].lower()
        if hint in LANGUAGES:
            clear = nlu.clear_language(text) if text else None
            return clear if clear in LANGUAGES else hint
        detected = nlu.detect_language(text) if text else None
        return next((c for c in (detected, self.services.policy.languages.default) if c in LANGUAGES), "en")

    async def _turn(self, turn: Turn, offered: list[str], offered_labels: list[str], *, fresh: bool) -> None:
        try:
            await self._dispatch(turn, offered, offered_labels, fresh=fresh)
        except DomainError as error:  # a refusal the person can do nothing about here
            # the refusal's words may name the person (an address): the log names the kind only
            log.warning("%s turn refused by the core: %s", turn.message.channel, type(error).__name__)
            turn.say(turn.t("control.unsupported"))

    async def _dispatch(self, turn: Turn, offered: list[str], offered_labels: list[str], *, fresh: bool) -> None:
        message, session = turn.message, turn.session
        choice = (message.choice or _numbered(turn.text, offered)
                  or choosing.choice_in_words(turn.text, offered, offered_labels))
        if choice:
            await self._on_choice(turn, choice)
            return
        if session.step == Step.WITHDRAW:  # "yes", or the withdrawal said again («да, отзываю»)
            yes = commands.is_yes(turn.text)
            if await self._withdraw_answer(turn, True if yes is None and withdrawal.wants_withdrawal(turn.text) else yes):
                return
        if session.step == Step.START and await referral.answer_in_words(turn, offered):
            return
        one_shot = message.channel in self.services.one_shot_channels
        if session.step == Step.COMMENT and self._moved_on(turn):  # the comment was never written
            session.step, session.pending, session.rating = Step.START, None, 0
        if one_shot and session.step not in (Step.REASON, Step.COMMENT) and withdrawal.wants_withdrawal(turn.text):
            await self._withdraw(turn)  # "I want to withdraw my complaint", by email too
            return
        command = commands.command_in(turn.text)
        asks_for_human = handoff.wants_human(turn.text)
        # "ok", "no" with nothing going on are no commands: read as said (never a note on the case)
        bare = command is None or (command.name in (commands.YES, commands.NO) and session.step == Step.START)
        if bare and not asks_for_human and not one_shot and await self._in_own_words(turn):
            return
        if command is None and turn.text.strip():
            analysis = turn.understand()
            command = commands.command_in(turn.text, analysis.intent, analysis.intent_confidence)
            if command and command.name == commands.CANCEL and session.step == Step.INTAKE and session.asking not in (
                    None, "description"):
                command = None  # "cancel it and refund me" answers the question; "cancel" itself is a phrase
            if command and command.name in (commands.CANCEL, commands.RESTART) and reopening.wants_reopen(turn.text):
                command = None  # «откройте заново жалобу» is no "start again"
        if command is None and asks_for_human and handoff.is_short(turn.text):
            command = Command(commands.HUMAN)  # the whole message is the request: no story in it
        if command and await self._on_command(turn, command):
            return
        if asks_for_human:  # the story and the request together: keep the story
            session.needs_human = True
        self._safety_first(turn)
        # by email too, the answer to "why?" or to "a comment?" is that answer, not a new message on the case
        if one_shot and session.step not in (Step.REASON, Step.COMMENT):
            await self._one_shot(turn)
            return
        if message.edit_of and await edits.on_edit(turn):
            return
        if message.location and session.step in edits.DRAFTING:
            intake.on_location(turn)
            return
        if session.step == Step.REASON:
            await answers.record_rejection(turn, session.pending or "", turn.text.strip())
            return
        if session.step == Step.COMMENT:
            await answers.comment(turn, turn.text.strip())
            return
        if await self._references(turn):
            return
        if session.step == Step.START and await reopening.without_reference(turn):
            return  # "please reopen my complaint", "unhappy with how my complaint was handled"
        if status_questions.asks_status(turn.text) and await self._status_of_own_case(turn):
            return
        if session.step == Step.INTAKE:
            intake.on_answer(turn)
        elif session.step == Step.CONFIRM:
            intake.on_summary_text(turn)
        elif session.step == Step.EDIT:
            intake.show_edit_menu(turn)
        elif session.step == Step.CONSENT:
            # More of the story is kept for after consent; an unclear answer is only asked again.
            if len(turn.text.split()) >= _STORY_WORDS:
                session.held = "\n".join(filter(None, (session.held, turn.text.strip())))
            turn.say(turn.t("consent.reask"), choices=(
                Choice(turn.t("consent.yes"), intake.CONSENT_YES), Choice(turn.t("consent.no"), intake.CONSENT_NO)))
        else:
            await self._idle(turn, fresh=fresh)

    @staticmethod
    def _moved_on(turn: Turn) -> bool:
        """After a rating, a message that asks for something (to reopen, the status, about a
        reference) is that request, not the comment the survey offered to take ("problem solved,
        thanks" is a comment there, not a withdrawal)."""
        text = turn.text
        return bool(reopening.asks(text) or status_questions.asks_status(text) or references_in(turn))

    async def _in_own_words(self, turn: Turn) -> bool:
        """What a message means beyond the commands, said in any words: a status question, taking
        back a cancel, withdrawing, thanks, a greeting, abuse, nonsense. True when answered."""
        session, text = turn.session, turn.text
        if not text.strip() or session.step in (Step.REASON, Step.COMMENT):
            return False
        drafting = session.step in edits.DRAFTING
        thanks = courtesy.is_thanks(text)  # "thank you for the update" thanks; a question after thanks asks
        if status_questions.asks_status(text) and not thanks:
            found = references_in(turn)
            if found:
                await answer_status(turn, found[0])
                intake.prompt(turn)
                return True
            if await self._status_of_own_case(turn):
                return True
        if session.step == Step.START and withdrawal.wants_undo(text):
            if session.restore_draft():
                turn.say(turn.t("control.undone"))
                intake.prompt(turn)
            else:
                turn.say(turn.t("control.nothing_to_undo"))
            return True
        if withdrawal.wants_withdrawal(text):
            await self._withdraw(turn)
            return True
        if thanks or (drafting and courtesy.is_greeting(text)):
            turn.say(turn.t("courtesy.welcome" if thanks else "courtesy.hello_again"))
            intake.prompt(turn)  # the conversation goes on where it was
            return True
        if courtesy.is_greeting(text):
            self._greet(turn)
            return True
        if session.step == Step.START and courtesy.is_acknowledgement(text):
            turn.say(turn.t("courtesy.noted"))
            return True
        if abuse.only_abuse(text):
            turn.say(turn.t("abuse.calm"))
            intake.prompt(turn)
            return True
        if abuse.swearing(text) and abuse.STRONG_ANGER not in session.signals:
            session.signals = sorted({*session.signals, abuse.STRONG_ANGER})  # anger, not abuse: the complaint goes on
        story_expected = session.step in (Step.START, Step.DECLINED) or (
            session.step == Step.INTAKE and session.asking == "description")
        if (story_expected and not turn.message.attachments and not turn.message.location
                and not references_in(turn) and not substance.has_substance(text)):
            turn.say(turn.t("nonsense.ask"))
            intake.prompt(turn)
            return True
        return False

    def _greet(self, turn: Turn) -> None:
        turn.say(turn.t("greeting.hello"), choices=(Choice(turn.t("control.new_complaint"), "new"),
                                                    Choice(turn.t("control.check_status"), "status")))

    async def _withdraw(self, turn: Turn) -> None:
        """The person takes back their complaint: a draft is cancelled (and may be undone); an open
        case is withdrawn once they confirm."""
        session = turn.session
        if session.step in edits.DRAFTING:
            self._cancel(turn)
            return
        reference = await followup.open_case(turn)
        if not reference:
            turn.say(turn.t("withdraw.none"))
            return
        session.step, session.pending = Step.WITHDRAW, reference
        turn.say(turn.t("withdraw.confirm", reference=reference),
                 choices=(Choice(turn.t("withdraw.yes"), WITHDRAW_YES), Choice(turn.t("withdraw.no"), WITHDRAW_NO)))

    async def _withdraw_answer(self, turn: Turn, yes: bool | None) -> bool:
        """The answer to "do you want to withdraw?"; anything but yes or no lets the question lapse
        (False: the message is then read as it would be otherwise)."""
        session = turn.session
        reference, session.pending, session.step = session.pending or "", None, Step.START
        if yes is None or not reference:
            return False
        if yes and not turn.message.sender_verified:  # an email's From alone withdraws nothing
            session.step, session.pending = Step.WITHDRAW, reference
            turn.say(turn.t("unproven.withdrawal", reference=reference), choices=(
                Choice(turn.t("withdraw.yes"), WITHDRAW_YES), Choice(turn.t("withdraw.no"), WITHDRAW_NO)))
            return True
        if yes:
            identity = turn.identity
            await self.services.core.service.withdraw(reference, Actor.complainant(f"{identity.channel}:{identity.address}"),
                                                      identity=identity, reason=turn.text.strip()[:200])
            session.case = None
            turn.say(turn.t("withdraw.done", reference=reference))
        else:
            turn.say(turn.t("withdraw.kept", reference=reference))
        return True

    async def _idle(self, turn: Turn, *, fresh: bool) -> None:
        """Nothing in progress: a message about an open case joins it; anything else starts intake."""
        if fresh and turn.text.strip():
            self._detect_language(turn)
        # Only an explicit "new complaint" (a command, handled before) starts a new one: a follow-up
        # naturally reads like a complaint, so NLU's intent cannot tell the two apart.
        if turn.session.consent or turn.session.case or fresh:
            reference = await followup.open_case(turn)
            if reference and await followup.add_to_case(turn, reference):
                return
        intake.begin(turn, turn.text)

    def _detect_language(self, turn: Turn) -> None:
        if not turn.session.lang_fixed:
            turn.session.lang = self._language(turn.message)

    async def _references(self, turn: Turn) -> bool:
        """A reference in the message: a status question (or a follow-up to the person's own case)."""
        found = references_in(turn)
        if not found:
            return False
        session = turn.session
        asking_order = session.step == Step.INTAKE and session.asking == "order_number"
        if asking_order:
            return False
        words = len(turn.text.split())
        if session.step == Step.START and (words > 5 or reopening.asks(turn.text)):
            try:
                canonical = self.services.core.service.parse_reference(found[0])
            except DomainError:
                canonical = None
            if canonical and (await followup.add_to_case(turn, canonical)
                              or await reopening.after_closing(turn, canonical)):
                return True
        await answer_status(turn, found[0])
        intake.prompt(turn)
        return True

    @staticmethod
    def _safety_first(turn: Turn) -> None:
        """Danger in the message (fire, a shock, gas, an injury, a hospital: the signals that select a
        category in the policy): before anything else, a first line of care and what to do now, once
        per conversation; the complaint is flagged for a person."""
        session = turn.session
        if session.safety_told or turn.analysis is None:
            return
        if turn.services.policy.signalled_category(turn.analysis.urgency_signals) is None:
            return
        session.safety_told = session.needs_human = True
        turn.say(turn.t("safety.first"))

    async def _status_of_own_case(self, turn: Turn) -> bool:
        """Status asked without a reference: that of the person's open case (the one this
        conversation knows, else their latest), else of their latest finished one; with none, they
        are asked for the reference. Then the conversation goes on where it was."""
        session = turn.session
        if session.step in (Step.REASON, Step.COMMENT):
            return False
        if session.step == Step.INTAKE and session.asking == "description" and len(turn.text.split()) > _STORY_WORDS:
            return False  # the story, which may ask along the way ("any news would be nice")
        reference = await followup.open_case(turn)
        short = len(turn.text.split()) <= _STATUS_WORDS
        if not reference and short:  # none open: the latest, finished one (closed, withdrawn) is told
            finished = await self.services.core.queries.cases_of(turn.identity, open_only=False)
            reference = max(finished, key=lambda case: case.received_at).reference if finished else None
        if reference:
            await answer_status(turn, reference)
        elif not short:
            return False  # no case to tell about, and more said than a question: a complaint to take
        else:
            turn.say(turn.t("status.none_open", example=self.services.example_reference()))
        if session.step in edits.DRAFTING:
            intake.prompt(turn)
        return True

    async def _one_shot(self, turn: Turn) -> None:
        hint = turn.message.thread_hint
        if hint and not references_in(turn) and status_questions.asks_status(turn.text):
            await answer_status(turn, hint)
            return
        if hint and (await followup.add_to_case(turn, hint) or await reopening.after_closing(turn, hint)):
            return
        for found in references_in(turn):
            try:
                canonical = self.services.core.service.parse_reference(found)
            except DomainError:
                canonical = None
            if canonical and (len(turn.text.split()) > 5 or reopening.asks(turn.text)) and (
                    await followup.add_to_case(turn, canonical) or await reopening.after_closing(turn, canonical)):
                return
            await answer_status(turn, found)
            return
        await oneshot.submit_at_once(turn)

    async def _on_command(self, turn: Turn, command: Command) -> bool:
        """Handle a command; False when it means nothing at this step (the text is then an answer)."""
        session = turn.session
        name = command.name
        if name == "language":
            session.lang, session.lang_fixed = command.argument, True
            turn.say(turn.t("control.language"))
            intake.prompt(turn)
        elif name == commands.HELP:
            turn.say(turn.t("control.help"))
            intake.prompt(turn)
        elif name == commands.CANCEL:
            self._cancel(turn)
        elif name == commands.RESTART:
            session.reset_draft()
            turn.say(turn.t("control.restarted"))
            intake.begin(turn, "")
        elif name == commands.HUMAN:
            await self._human(turn)
        elif name == commands.NEW:
            session.reset_draft()
            session.case = None
            intake.begin(turn, "")
        elif name == commands.STATUS and not references_in(turn):
            await self._status_of_own_case(turn)
        elif session.step in (Step.CONSENT, Step.CONFIRM) and commands.is_yes(turn.text) is not None:
            await self._yes_no(turn, bool(commands.is_yes(turn.text)))
        elif session.step in (Step.REASON, Step.COMMENT) and name in (commands.SKIP, commands.NO):
            await self._skip(turn)
        elif name == commands.GREETING and session.step in edits.DRAFTING and courtesy.is_greeting(turn.text):
            turn.say(turn.t("courtesy.hello_again"))
            intake.prompt(turn)  # a greeting is no answer: the question is asked again
        elif name == commands.GREETING:
            self._greet(turn)
        elif session.step in edits.DRAFTING or session.step in (Step.REASON, Step.COMMENT):
            return False
        elif name == commands.ACCEPT:
            await answers.accept(turn, None)
        elif name == commands.REJECT:
            await answers.reject(turn, None, command.argument or None)
        elif name == "rating":
            await answers.rate(turn, None, int(command.argument))
        else:
            return False
        return True

    async def _yes_no(self, turn: Turn, yes: bool) -> None:
        if turn.session.step == Step.CONSENT:
            intake.on_consent(turn, yes)
        elif yes:
            await intake.submit(turn)
        else:
            intake.show_edit_menu(turn)

    async def _skip(self, turn: Turn) -> None:
        if turn.session.step == Step.REASON:
            await answers.record_rejection(turn, turn.session.pending or "", "")
        else:
            await answers.comment(turn, None)

    def _cancel(self, turn: Turn) -> None:
        session = turn.session
        if session.step in edits.DRAFTING:
            session.put_draft_aside()
            turn.say(turn.t("control.cancelled_undo"), choices=(Choice(turn.t("control.undo"), UNDO),))
        elif session.step in (Step.REASON, Step.COMMENT, Step.WITHDRAW):
            session.reset_draft()
            session.step = Step.START
            turn.say(turn.t("control.cancelled"))
        else:
            turn.say(turn.t("control.nothing_to_cancel"))

    async def _human(self, turn: Turn) -> None:
        session = turn.session
        if session.step in edits.DRAFTING and session.slots.get("description"):
            session.needs_human = True
            await intake.submit(turn, turn.t("control.human_draft"))
            return
        reference = None if session.step in edits.DRAFTING else await followup.open_case(turn)
        if reference:
            try:
                await self.services.core.service.flag_for_human(reference, turn.identity)
            except DomainError:
                session.case = None
            else:
                turn.say(turn.t("control.human_case", reference=reference))
                return
        session.needs_human = True
        turn.say(turn.t("control.human_need_description"))
        if session.consent:
            intake.ask_slot(turn, "description")
        else:
            intake.ask_consent(turn)

    async def _on_choice(self, turn: Turn, value: str) -> None:
        session = turn.session
        if (await answers.on_choice(turn, value) or await referral.on_choice(turn, value)
                or await reopening.on_choice(turn, value)):
            return
        if value in (intake.CONSENT_YES, intake.CONSENT_NO):
            intake.on_consent(turn, value == intake.CONSENT_YES)
        elif value == intake.SUBMIT and session.step == Step.CONFIRM:
            await intake.submit(turn)
        elif value == intake.EDIT:
            intake.show_edit_menu(turn)
        elif value.startswith(intake.EDIT_SLOT):
            intake.on_edit(turn, value[len(intake.EDIT_SLOT):])
        elif value == intake.CANCEL:
            self._cancel(turn)
        elif value == UNDO and session.cancelled and session.step == Step.START:
            session.restore_draft()
            turn.say(turn.t("control.undone"))
            intake.prompt(turn)
        elif value in (WITHDRAW_YES, WITHDRAW_NO):
            if not await self._withdraw_answer(turn, value == WITHDRAW_YES):
                turn.say(turn.t("control.unsupported"))
        elif value == "new":
            await self._on_command(turn, Command(commands.NEW))
        elif value == "status":
            turn.say(turn.t("status.ask", example=self.services.example_reference()))
        elif value.startswith(STATUS_CHOICE):
            await answer_status(turn, value[len(STATUS_CHOICE):])
        elif value.startswith("lang:") and value[5:] in LANGUAGES:
            await self._on_command(turn, Command("language", value[5:]))
        elif value == answers.SKIP_CHOICE and session.step in (Step.REASON, Step.COMMENT):
            await self._skip(turn)
        else:
            intake.prompt(turn) if session.step != Step.START else turn.say(turn.t("control.unsupported"))


def _numbered(text: str, offered: list[str]) -> str | None:
    """A text-only channel answers a numbered list with the number."""
    said = text.strip().rstrip(".)")
    # int() refuses "²" (a digit, not a decimal) and more than 4,300 digits: neither may end the turn
    if offered and said.isdecimal() and len(said) <= _NUMBER_DIGITS and 1 <= int(said) <= len(offered):
        return offered[int(said) - 1]
    return None
