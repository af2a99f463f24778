"""Cancelling: a draft is put aside, and one word (or the undo button) brings it back exactly;
a pending question (a reason, a comment, a withdrawal) is dropped."""

from __future__ import annotations

from bot import edits, intake
from bot.context import Turn
from bot.messages import Choice
from bot.session_state import Step

UNDO = "undo"


def cancel(turn: Turn) -> None:
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


def undo(turn: Turn) -> None:
    """The cancelled draft is back, and its question asked again."""
    if turn.session.restore_draft():
        turn.say(turn.t("control.undone"))
        intake.prompt(turn)
    else:
        turn.say(turn.t("control.nothing_to_undo"))
