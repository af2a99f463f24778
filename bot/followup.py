"""After submission: what the person says about an open case is added to it (and reaches the
agents), unless they clearly start a new complaint."""

from __future__ import annotations

from bot import intake, language
from bot.context import Turn
from bot.intake import say_rejected
from core.commands import NewAttachment
from core.errors import AccessDenied, CaseNotFound, InvalidReference, TransitionRefused


async def open_case(turn: Turn) -> str | None:
    """The person's current open case: the one this conversation knows, else their latest."""
    if turn.session.case:
        return turn.session.case
    if turn.no_open_case:  # asked already in this turn; a case opened since is the session's
        return None
    latest = await turn.services.core.queries.latest_open_case(turn.identity)
    turn.session.case = latest
    turn.no_open_case = latest is None
    return latest


async def add_to_case(turn: Turn, reference: str, *, said: str = "followup.added") -> bool:
    """Add the message to ``reference``; False when the case is finished or not theirs.

    :param said: the catalog key of the confirmation the person gets
    """
    message = turn.message
    try:
        added = await turn.services.core.service.add_complainant_message(
            reference, turn.identity, message.text or "",
            attachments=tuple(NewAttachment(a.filename, a.content_type, a.data) for a in message.attachments),
            platform_message_id=message.platform_message_id, sender_verified=message.sender_verified)
    except TransitionRefused:
        if turn.session.case == reference:
            turn.session.case = None
        return False
    except (AccessDenied, CaseNotFound, InvalidReference):
        return False
    turn.session.case = added.reference
    turn.say(turn.t(said, reference=added.reference))
    for refusal in added.rejected_attachments:
        say_rejected(turn, refusal.filename)
    return True


async def join_or_begin(turn: Turn, *, fresh: bool) -> None:
    """Nothing in progress: a message about an open case joins it; anything else starts intake."""
    if fresh and turn.text.strip():
        language.detect(turn)
    # Only an explicit "new complaint" (a command, handled before) starts a new one: a follow-up
    # naturally reads like a complaint, so NLU's intent cannot tell the two apart.
    if turn.session.consent or turn.session.case or fresh:
        reference = await open_case(turn)
        if reference and await add_to_case(turn, reference):
            return
    intake.begin(turn, turn.text)
