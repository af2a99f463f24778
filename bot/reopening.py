"""After a complaint is finished (ISO 10002 7.9, 8.3): what the person says about it is kept on
the case and reaches the team; they can reopen a closed case within the policy's window, or make
a complaint about how it was handled (its own case, one level up). Asking in words works in
English and Russian: "please reopen CD-...", "I am unhappy with how my complaint was handled",
«прошу возобновить жалобу», «недоволен тем, как рассмотрели мою жалобу»."""

from __future__ import annotations

from bot.commands import normalise
from bot.context import Turn
from bot.messages import Choice
from core.actors import Actor
from core.commands import NewAttachment
from core.errors import AccessDenied, CaseNotFound, InvalidReference, TransitionRefused, ValidationFailed
from core.handling import reopen_until
from core.status import CaseStatus

REOPEN_CHOICE = "reopen:"
HANDLING_CHOICE = "handling:"
_REFUSALS = (AccessDenied, CaseNotFound, InvalidReference, TransitionRefused)
_AGAIN = frozenset({"again", "снова", "заново", "повторно", "опять"})
_REOPEN_STEMS = ("reopen", "re-open", "переоткр", "возобнов")
_OPEN_STEMS = ("open", "откр")  # with a word for "again"
_HANDLING_STEMS = ("handled", "handling", "dealt", "рассмотр", "рассматрив", "обработ", "разбира", "разобра")
_COMPLAINT_STEMS = ("complaint", "case", "жалоб", "обращени", "претензи")
_MAX_WORDS = 400  # only the head of a long message is read for the request
_REQUEST_WORDS = 25  # a request about an earlier complaint that names none is no longer than this


def _words(text: str) -> list[str]:
    return normalise(text).split()[:_MAX_WORDS]


def wants_reopen(text: str) -> bool:
    """The message asks to reopen a complaint ("reopen", "open it again", «возобновить», «открыть заново»)."""
    words = _words(text)
    if any(word.startswith(_REOPEN_STEMS) for word in words):
        return True
    return any(word.startswith(_OPEN_STEMS) for word in words) and not _AGAIN.isdisjoint(words)


def about_handling(text: str) -> bool:
    """The message is about how a complaint was handled ("how my complaint was handled",
    «как рассмотрели мою жалобу»), not about the original problem."""
    words = _words(text)
    return (any(word.startswith(_HANDLING_STEMS) for word in words)
            and any(word.startswith(_COMPLAINT_STEMS) for word in words))


def asks(text: str) -> bool:
    return wants_reopen(text) or about_handling(text)


def _names_a_complaint(text: str) -> bool:
    return any(word.startswith(_COMPLAINT_STEMS) for word in _words(text))


async def without_reference(turn: Turn) -> bool:
    """A short request about "my complaint" that names no reference: the person's latest finished
    one. False when the message asks for neither step, is long (a story, likely a new complaint)
    or they have no finished complaint."""
    text = turn.text
    if not text.strip() or len(text.split()) > _REQUEST_WORDS or not _names_a_complaint(text) or not turn.reads(asks):
        return False
    cases = await turn.services.core.queries.cases_of(turn.identity, open_only=False)
    finished = sorted((c for c in cases if not CaseStatus(c.status).is_open), key=lambda c: c.closed_at or c.updated_at)
    return bool(finished) and await after_closing(turn, finished[-1].reference)


async def after_closing(turn: Turn, reference: str) -> bool:
    """The message about the finished case ``reference`` is kept on it (the team is told); a request
    to reopen it is carried out, otherwise the person is offered the steps open to them. False
    when the case is not theirs or not finished."""
    message = turn.message
    try:
        await turn.services.core.service.record_after_closing(
            reference, turn.identity, message.text or "",
            attachments=tuple(NewAttachment(a.filename, a.content_type, a.data) for a in message.attachments),
            platform_message_id=message.platform_message_id, sender_verified=message.sender_verified)
    except _REFUSALS:
        return False
    if turn.session.case == reference:
        turn.session.case = None
    if turn.reads(wants_reopen) and message.sender_verified:
        await reopen(turn, reference)
        return True
    await _offer(turn, reference, turn.t("reopening.recorded", reference=reference))
    return True


async def reopen(turn: Turn, reference: str) -> None:
    try:
        await turn.services.core.service.reopen(reference, Actor.complainant(turn.identity.address), turn.text.strip(),
                                                identity=turn.identity)
    except TransitionRefused as refusal:
        if refusal.current == CaseStatus.CLOSED.value:  # past the window
            days = turn.services.policy.reopening.window_days
            await _offer(turn, reference, turn.t("reopening.window_passed", reference=reference,
                                                 days=turn.plural("reopening.days", days)))
        else:
            turn.say(turn.t("reopening.not_closed", reference=reference))
        return
    except (AccessDenied, CaseNotFound, InvalidReference):
        turn.say(turn.t("reopening.not_yours", reference=reference))
        return
    turn.session.case = reference
    turn.say(turn.t("reopening.reopened", reference=reference))


async def complain(turn: Turn, reference: str) -> None:
    """The person's latest words about ``reference`` become a complaint about its handling."""
    try:
        submitted = await turn.services.core.service.complain_about_handling(reference, turn.identity)
    except (*_REFUSALS, ValidationFailed):
        turn.say(turn.t("reopening.not_yours", reference=reference))
        return
    turn.session.case = submitted.reference
    if submitted.duplicate:
        turn.say(turn.t("reopening.handling_exists", reference=submitted.reference, original=reference))
        return
    turn.say(turn.t("reopening.handling_registered", reference=submitted.reference, original=reference),
             submitted.acknowledgement)


async def _offer(turn: Turn, reference: str, said: str) -> None:
    """``said``, then the steps open to the person: reopening (a closed case, within the window)
    and a complaint about the handling."""
    details = next((c for c in await turn.services.core.queries.cases_of(turn.identity, open_only=False)
                    if c.reference == reference), None)
    choices = []
    until = reopen_until(turn.services.policy, details.closed_at) if details else None
    if details and details.status == CaseStatus.CLOSED.value and until and turn.message.received_at <= until:
        choices.append(Choice(turn.t("reopening.choice_reopen"), REOPEN_CHOICE + reference))
    choices.append(Choice(turn.t("reopening.choice_handling"), HANDLING_CHOICE + reference))
    choices.append(Choice(turn.t("control.new_complaint"), "new"))  # it was about something else
    question = "reopening.ask_handling" if about_handling(turn.text) else "reopening.ask_next"
    turn.say(said, turn.t(question, reference=reference), choices=tuple(choices))


async def on_choice(turn: Turn, value: str) -> bool:
    """Handle a reopen or handling-complaint button; False when ``value`` is neither."""
    if value.startswith(REOPEN_CHOICE):
        await reopen(turn, value[len(REOPEN_CHOICE):])
        return True
    if value.startswith(HANDLING_CHOICE):
        await complain(turn, value[len(HANDLING_CHOICE):])
        return True
    return False
