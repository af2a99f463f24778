"""What a message means beyond the commands, said in any words: a status question, taking back a
cancel, withdrawing, thanks, a greeting, abuse, nonsense. Each is answered, and the conversation
goes on where it was."""

from __future__ import annotations

from bot import abuse, cancelling, courtesy, edits, intake, status, status_questions, substance, withdrawal
from bot.context import Turn
from bot.session_state import Step


async def answer(turn: Turn) -> bool:
    """True when the message was one of these, and answered."""
    session, text = turn.session, turn.text
    if not text.strip() or session.step in (Step.REASON, Step.COMMENT):
        return False
    drafting = session.step in edits.DRAFTING
    thanks = turn.reads(courtesy.is_thanks)  # "thank you for the update" thanks; a question after thanks asks
    if turn.reads(status_questions.asks_status) and not thanks:
        found = status.references_in(turn)
        if found:
            await status.answer_status(turn, found[0])
            intake.prompt(turn)
            return True
        if await status.of_own_case(turn):
            return True
    if session.step == Step.START and turn.reads(withdrawal.wants_undo):
        cancelling.undo(turn)
        return True
    if turn.reads(withdrawal.wants_withdrawal):
        await withdrawal.withdraw(turn)
        return True
    if thanks or (drafting and turn.reads(courtesy.is_greeting)):
        turn.say(turn.t("courtesy.welcome" if thanks else "courtesy.hello_again"))
        intake.prompt(turn)  # the conversation goes on where it was
        return True
    if turn.reads(courtesy.is_greeting):
        courtesy.greet(turn)
        return True
    if session.step == Step.START and turn.reads(courtesy.is_acknowledgement):
        turn.say(turn.t("courtesy.noted"))
        return True
    if turn.reads(abuse.only_abuse):
        turn.say(turn.t("abuse.calm"))
        intake.prompt(turn)
        return True
    if abuse.STRONG_ANGER not in session.signals and turn.reads(abuse.swearing):
        session.signals = sorted({*session.signals, abuse.STRONG_ANGER})  # anger, not abuse: the complaint goes on
    if _nonsense(turn):
        turn.say(turn.t("nonsense.ask"))
        intake.prompt(turn)
        return True
    return False


def _nonsense(turn: Turn) -> bool:
    """Where a story is wanted, a message with nothing of one in it (no words with meaning, no
    file, no place, no reference)."""
    session, message = turn.session, turn.message
    story_expected = session.step in (Step.START, Step.DECLINED) or (
        session.step == Step.INTAKE and session.asking == "description")
    return (story_expected and not message.attachments and not message.location
            and not status.references_in(turn) and not substance.has_substance(turn.text))
