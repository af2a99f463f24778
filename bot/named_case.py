"""A message that names a case by its reference: a status question, unless it says more than
that (or asks to reopen): then its words are about the person's own case, added to it while it is
open, kept on it once it is finished."""

from __future__ import annotations

from bot import followup, intake, reopening
from bot.context import Turn
from bot.session_state import Step
from bot.status import answer_status, references_in
from core.errors import DomainError

_QUESTION_WORDS = 5  # a status question that names a reference is no longer than this


async def about_case(turn: Turn, reference: str) -> bool:
    """The message joins the person's case ``reference``: added to it while open, kept on it (with
    reopening offered) once finished. False when the case is not theirs."""
    return await followup.add_to_case(turn, reference) or await reopening.after_closing(turn, reference)


async def says_more(turn: Turn, found: str) -> bool:
    """The message says more than a question about the reference ``found`` (or asks to reopen):
    it joins that case. False when it does not, or the case is not theirs."""
    if not (len(turn.text.split()) > _QUESTION_WORDS or turn.reads(reopening.asks)):
        return False
    try:
        canonical = turn.services.core.service.parse_reference(found)
    except DomainError:
        return False
    return bool(canonical) and await about_case(turn, canonical)


async def answer(turn: Turn) -> bool:
    """A reference in the message: its status (or a follow-up to the person's own case); then the
    conversation goes on where it was. False when the message names none, or a reference is the
    answer to the question asked."""
    found = references_in(turn)
    if not found:
        return False
    session = turn.session
    if session.step == Step.INTAKE and session.asking == "order_number":
        return False
    if session.step == Step.START and await says_more(turn, found[0]):
        return True
    await answer_status(turn, found[0])
    intake.prompt(turn)
    return True
