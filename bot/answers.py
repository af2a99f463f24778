"""The complainant's answers the core asks for: accept or reject a proposed decision (with an
optional reason), and a 1-5 satisfaction rating with an optional comment after closing. A decision
counts only from a proven sender (``InboundMessage.sender_verified``): otherwise its words join the
case and the person on file is asked to confirm by answering our message."""

from __future__ import annotations

from bot import referral
from bot.context import Turn
from bot.messages import Choice
from bot.session_state import Step
from core.commands import NewAttachment
from core.errors import AccessDenied, CaseNotFound, InvalidReference, TransitionRefused, ValidationFailed
from core.notification_text import DECISION_ACCEPT, DECISION_REJECT
from core.status import CaseStatus

SKIP_CHOICE = "skip"
_REFUSALS = (AccessDenied, CaseNotFound, InvalidReference, TransitionRefused)
_RATED_AFTER = frozenset({CaseStatus.CLOSED.value, CaseStatus.REFERRED_EXTERNAL.value, CaseStatus.WITHDRAWN.value})


async def _latest(turn: Turn, status: CaseStatus, *, unrated: bool = False) -> str | None:
    cases = await turn.services.core.queries.cases_of(turn.identity, open_only=False)
    fitting = [c for c in cases if c.status == status.value and not (unrated and c.satisfaction)]
    fitting.sort(key=lambda c: c.updated_at, reverse=True)
    return fitting[0].reference if fitting else None


async def confirm_first(turn: Turn, reference: str) -> None:
    """An unproven sender decides nothing: what they wrote is kept on the case (marked unproven, so
    neither the audit trail nor the agents take it for the complainant's decision), and the answer,
    which goes to the address on file, offers the choices again: a reply to it proves the sender."""
    message, added = turn.message, None
    if turn.text.strip() or message.attachments:
        try:
            await turn.services.core.service.add_complainant_message(
                reference, turn.identity, turn.text,
                attachments=tuple(NewAttachment(a.filename, a.content_type, a.data) for a in message.attachments),
                platform_message_id=message.platform_message_id, sender_verified=False)
        except _REFUSALS:
            turn.say(turn.t("decision.none_pending"))
            return
        added = turn.t("followup.added", reference=reference)
    catalog, lang = turn.services.catalog, turn.lang
    turn.say(added, turn.t("unproven.decision", reference=reference), choices=(
        Choice(catalog.text("notify.choice_accept", lang), DECISION_ACCEPT.format(reference=reference)),
        Choice(catalog.text("notify.choice_reject", lang), DECISION_REJECT.format(reference=reference))))


async def accept(turn: Turn, reference: str | None) -> None:
    reference = reference or await _latest(turn, CaseStatus.RESPONDED)
    if reference is None:
        turn.say(turn.t("decision.none_pending"))
        return
    if not turn.message.sender_verified:
        await confirm_first(turn, reference)
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
    if not turn.message.sender_verified:
        await confirm_first(turn, reference)
        return
    if reason is None:
        turn.session.step, turn.session.pending = Step.REASON, reference
        turn.say(turn.t("decision.ask_reason"), choices=(Choice(turn.t("decision.skip"), SKIP_CHOICE),))
        return
    await record_rejection(turn, reference, reason)


async def record_rejection(turn: Turn, reference: str, reason: str) -> None:
    if not turn.message.sender_verified:
        await confirm_first(turn, reference)
        return
    turn.session.step, turn.session.pending = Step.START, None
    try:
        status = await turn.services.core.service.record_complainant_decision(reference, turn.identity, accept=False,
                                                                              reason=reason or None)
    except (*_REFUSALS, ValidationFailed):
        turn.say(turn.t("decision.none_pending"))
        return
    if status == CaseStatus.REFERRAL_OFFERED:  # rejected at the last level: the external body is next
        referral.offer(turn, reference)
        return
    turn.session.case = reference
    turn.say(turn.t("decision.rejected", reference=reference))


async def _latest_unrated(turn: Turn) -> str | None:
    """The person's latest finished case whose latest closing (or withdrawal) is not rated yet."""
    cases = await turn.services.core.queries.cases_of(turn.identity, open_only=False)
    fitting = [c for c in cases if c.status in _RATED_AFTER and not c.satisfaction]
    fitting.sort(key=lambda c: c.updated_at, reverse=True)
    return fitting[0].reference if fitting else None


async def rate(turn: Turn, reference: str | None, rating: int) -> None:
    reference = reference or await _latest_unrated(turn)
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


async def skip(turn: Turn) -> None:
    """No reason for the rejection, or no comment on the rating."""
    if turn.session.step == Step.REASON:
        await record_rejection(turn, turn.session.pending or "", "")
    else:
        await comment(turn, None)


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
