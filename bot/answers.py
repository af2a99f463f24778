"""The complainant's answers the core asks for: accept or reject a proposed decision (with an
optional reason), and a 1-5 satisfaction rating with an optional comment after closing."""

from __future__ import annotations

from bot.context import Turn
from bot.messages import Choice
from bot.session import Step
from core.errors import AccessDenied, CaseNotFound, InvalidReference, TransitionRefused, ValidationFailed
from core.status import CaseStatus

SKIP_CHOICE = "skip"
_REFUSALS = (AccessDenied, CaseNotFound, InvalidReference, TransitionRefused)


async def _latest(turn: Turn, status: CaseStatus, *, unrated: bool = False) -> str | None:
    cases = await turn.services.core.queries.cases_of(turn.identity, open_only=False)
    fitting = [c for c in cases if c.status == status.value and not (unrated and c.satisfaction)]
    fitting.sort(key=lambda c: c.updated_at, reverse=True)
    return fitting[0].reference if fitting else None


async def accept(turn: Turn, reference: str | None) -> None:
    reference = reference or await _latest(turn, CaseStatus.RESPONDED)
    if reference is None:
        turn.say(turn.t("decision.none_pending"))
        return
    try:
        await turn.services.core.service.record_complainant_decision(reference, turn.identity, accept=True)
    except _REFUSALS:
        turn.say(turn.t("decision.none_pending"))
        return
    turn.session.case = None
    turn.say(turn.t("decision.accepted", reference=reference))


async def reject(turn: Turn, reference: str | None, reason: str | None) -> None:
    """Reject now when a reason came with it; otherwise ask for the (optional) reason first."""
    reference = reference or await _latest(turn, CaseStatus.RESPONDED)
    if reference is None:
        turn.say(turn.t("decision.none_pending"))
        return
    if reason is None:
        turn.session.step, turn.session.pending = Step.REASON, reference
        turn.say(turn.t("decision.ask_reason"), choices=(Choice(turn.t("decision.skip"), SKIP_CHOICE),))
        return
    await record_rejection(turn, reference, reason)


async def record_rejection(turn: Turn, reference: str, reason: str) -> None:
    turn.session.step, turn.session.pending = Step.START, None
    try:
        await turn.services.core.service.record_complainant_decision(reference, turn.identity, accept=False,
                                                                     reason=reason or None)
    except (*_REFUSALS, ValidationFailed):
        turn.say(turn.t("decision.none_pending"))
        return
    turn.session.case = reference
    turn.say(turn.t("decision.rejected", reference=reference))


async def rate(turn: Turn, reference: str | None, rating: int) -> None:
    reference = reference or await _latest(turn, CaseStatus.CLOSED, unrated=True)
    if reference is None:
        turn.say(turn.t("survey.none_pending"))
        return
    try:
        await turn.services.core.service.record_satisfaction(reference, turn.identity, rating)
    except ValidationFailed:
        turn.say(turn.t("survey.invalid"))
        return
    except _REFUSALS:
        turn.say(turn.t("survey.none_pending"))
        return
    turn.session.step, turn.session.pending, turn.session.rating = Step.COMMENT, reference, rating
    turn.say(turn.t("survey.thanks"), turn.t("survey.ask_comment"),
             choices=(Choice(turn.t("decision.skip"), SKIP_CHOICE),))


async def comment(turn: Turn, text: str | None) -> None:
    session = turn.session
    reference, rating = session.pending, session.rating
    session.step, session.pending, session.rating = Step.START, None, 0
    if not text or reference is None:
        turn.say(turn.t("survey.comment_thanks") if text else turn.t("survey.thanks"))
        return
    try:
        await turn.services.core.service.record_satisfaction(reference, turn.identity, rating, text)
    except (*_REFUSALS, ValidationFailed):
        turn.say(turn.t("survey.none_pending"))
        return
    turn.say(turn.t("survey.comment_thanks"))


async def on_choice(turn: Turn, value: str) -> bool:
    """Handle a decision or survey button; False when ``value`` is neither."""
    parts = value.split(":")
    if len(parts) == 3 and parts[0] == "decision" and parts[1] in ("accept", "reject"):
        if parts[1] == "accept":
            await accept(turn, parts[2])
        else:
            await reject(turn, parts[2], None)
        return True
    if len(parts) == 3 and parts[0] == "survey" and parts[2].isdigit():
        await rate(turn, parts[1], int(parts[2]))
        return True
    return False
