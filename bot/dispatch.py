"""Where a message goes: a choice first; then the question the conversation waits on (a
withdrawal, a referral offer); then a command, or what it means in the person's own words; then
the step the conversation is at. A one-shot channel (email) has no steps to answer: its
message is about a case, or a complaint at once."""

from __future__ import annotations

from bot import (answers, choosing, chosen, commands, controls, edits, followup, handoff, intake, named_case, oneshot,
                 own_words, referral, reopening, safety, status, status_questions, withdrawal)
from bot.commands import Command
from bot.context import Turn
from bot.session_state import Step


async def route(turn: Turn, offered: list[str], offered_labels: list[str], *, fresh: bool) -> None:
    """Handle the turn's message.

    :param offered: the choices offered by the turn before (their values), which a number or
        words may pick
    :param offered_labels: their labels
    :param fresh: the conversation starts with this message
    """
    message, session = turn.message, turn.session
    choice = (message.choice or choosing.numbered(turn.text, offered)
              or choosing.choice_in_words(turn.text, offered, offered_labels))
    if choice:
        await chosen.on_choice(turn, choice)
        return
    if session.step == Step.WITHDRAW:  # "yes", or the withdrawal said again («да, отзываю»)
        yes = commands.is_yes(turn.text)
        if await withdrawal.on_answer(turn, True if yes is None and turn.reads(withdrawal.wants_withdrawal) else yes):
            return
    if session.step == Step.START and await referral.answer_in_words(turn, offered):
        return
    one_shot = message.channel in turn.services.one_shot_channels
    if session.step == Step.COMMENT and _moved_on(turn):  # the comment was never written
        session.step, session.pending, session.rating = Step.START, None, 0
    if one_shot and session.step not in (Step.REASON, Step.COMMENT) and turn.reads(withdrawal.wants_withdrawal):
        await withdrawal.withdraw(turn)  # "I want to withdraw my complaint", by email too
        return
    command = commands.command_in(turn.text)
    asks_for_human = turn.reads(handoff.wants_human)
    # "ok", "no" with nothing going on are no commands: read as said (never a note on the case)
    bare = command is None or (command.name in (commands.YES, commands.NO) and session.step == Step.START)
    if bare and not asks_for_human and not one_shot and await own_words.answer(turn):
        return
    if command is None and turn.text.strip():
        command = _understood_command(turn)
    if command is None and asks_for_human and handoff.is_short(turn.text):
        command = Command(commands.HUMAN)  # the whole message is the request: no story in it
    if command and await controls.on_command(turn, command):
        return
    if asks_for_human:  # the story and the request together: keep the story
        session.needs_human = True
    safety.tell_first(turn)
    # by email too, the answer to "why?" or to "a comment?" is that answer, not a new message on the case
    if one_shot and session.step not in (Step.REASON, Step.COMMENT):
        await oneshot.handle(turn)
        return
    await _at_step(turn, fresh=fresh)


def _moved_on(turn: Turn) -> bool:
    """After a rating, a message that asks for something (to reopen, the status, about a
    reference) is that request, not the comment the survey offered to take ("problem solved,
    thanks" is a comment there, not a withdrawal)."""
    return bool(turn.reads(reopening.asks) or turn.reads(status_questions.asks_status) or status.references_in(turn))


def _understood_command(turn: Turn) -> Command | None:
    """A command NLU reads in the message, unless it is an answer or a request to reopen."""
    session = turn.session
    analysis = turn.understand()  # the safety check after it reads the analysis too
    if not commands.may_be_intended(turn.text):
        return None  # no intent's command in a longer message: its classifier is left unrun
    command = commands.command_in(turn.text, analysis.intent, analysis.intent_confidence)
    if command and command.name == commands.CANCEL and session.step == Step.INTAKE and session.asking not in (
            None, "description"):
        return None  # "cancel it and refund me" answers the question; "cancel" itself is a phrase
    if command and command.name in (commands.CANCEL, commands.RESTART) and turn.reads(reopening.wants_reopen):
        return None  # «откройте заново жалобу» is no "start again"
    return command


async def _at_step(turn: Turn, *, fresh: bool) -> None:
    """The message, read at the step the conversation is at."""
    message, session = turn.message, turn.session
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
    if await named_case.answer(turn):
        return
    if session.step == Step.START and await reopening.without_reference(turn):
        return  # "please reopen my complaint", "unhappy with how my complaint was handled"
    if turn.reads(status_questions.asks_status) and await status.of_own_case(turn):
        return
    if session.step == Step.INTAKE:
        intake.on_answer(turn)
    elif session.step == Step.CONFIRM:
        intake.on_summary_text(turn)
    elif session.step == Step.EDIT:
        intake.show_edit_menu(turn)
    elif session.step == Step.CONSENT:
        intake.on_consent_text(turn)
    else:
        await followup.join_or_begin(turn, fresh=fresh)
