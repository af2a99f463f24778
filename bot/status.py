"""Status by reference on any channel: a typo is caught by the check character ("did you mean
...?", only among the person's own cases); details only for the case's own complainant, and only
when the channel proved the sender (``InboundMessage.sender_verified``). Asked without a
reference, the status of the person's own case."""

from __future__ import annotations

import re
from functools import cache

from bot import edits, followup, intake
from bot.context import Turn
from bot.excerpts import SHORT_CHARS, excerpt
from bot.messages import Choice
from bot.session_state import Step
from core.errors import CaseNotFound, InvalidReference
from core.notification_text import DECISION_ACCEPT, DECISION_REJECT, referral_offer, status_text
from core.results import CaseProgress
from core.status import CaseStatus

STATUS_CHOICE = "status:"
_STATUS_WORDS = 12  # a status question from someone with no open case is no longer than this


def references_in(turn: Turn) -> list[str]:
    """References the message names, as NLU found them (or by their shape, for typed variants)."""
    pattern = _reference_shape(turn.services.policy.references.prefix)
    # "a CD with Ally": the prefix and two words are no reference; one without a dash has a digit
    found = [m.group(0) for m in pattern.finditer(turn.head) if "-" in m.group(0) or any(c.isdigit() for c in m.group(0))]
    if not found and turn.analysis is not None:
        found = list(turn.analysis.entities.references)
    return found


@cache
def _reference_shape(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Z0-9]){prefix}[\s_-]?[0-9A-Z]{{4}}[\s_-]?[0-9A-Z]{{4}}(?![A-Z0-9])", re.I)


async def answer_status(turn: Turn, text: str) -> None:
    services = turn.services
    said = excerpt(turn, text.strip(), SHORT_CHARS)
    try:
        view = await services.core.queries.progress(text, turn.identity)
    except InvalidReference as error:
        if not error.typo:
            turn.say(turn.t("status.invalid", text=said, example=services.example_reference()))
            return
        suggestions = await services.core.queries.suggestions(text, turn.identity)
        if suggestions:
            turn.say(turn.t("status.typo", text=said),
                     turn.t("status.did_you_mean", reference=suggestions[0]),
                     choices=tuple(Choice(ref, STATUS_CHOICE + ref) for ref in suggestions[:3]))
        else:
            turn.say(turn.t("status.typo", text=said), turn.t("status.check_again"))
        return
    except CaseNotFound as error:
        turn.say(turn.t("status.not_found", reference=error.reference))
        return
    if view.own and not turn.message.sender_verified:
        _offer_details(turn, view)
        return
    _say_view(turn, view)


async def of_own_case(turn: Turn) -> bool:
    """Status asked without a reference: that of the person's open case (the one this
    conversation knows, else their latest), else of their latest finished one; with none, they
    are asked for the reference. Then the conversation goes on where it was."""
    session = turn.session
    if session.step in (Step.REASON, Step.COMMENT):
        return False
    if (session.step == Step.INTAKE and session.asking == "description"
            and len(turn.text.split()) > intake.STORY_WORDS):
        return False  # the story, which may ask along the way ("any news would be nice")
    reference = await followup.open_case(turn)
    short = len(turn.text.split()) <= _STATUS_WORDS
    if not reference and short:  # none open: the latest, finished one (closed, withdrawn) is told
        finished = await turn.services.core.queries.cases_of(turn.identity, open_only=False)
        reference = max(finished, key=lambda case: case.received_at).reference if finished else None
    if reference:
        await answer_status(turn, reference)
    elif not short:
        return False  # no case to tell about, and more said than a question: a complaint to take
    else:
        turn.say(turn.t("status.none_open", example=turn.services.example_reference()))
    if session.step in edits.DRAFTING:
        intake.prompt(turn)
    return True


def _offer_details(turn: Turn, view: CaseProgress) -> None:
    """The complainant's identity, but not proven (an email's From): the status without details,
    and a choice that, answered from the address on file, proves it and brings them."""
    status = status_text(turn.services.catalog, turn.services.policy, view.status, turn.lang)
    turn.say(turn.t("unproven.status", reference=view.reference, status=status),
             choices=(Choice(turn.t("unproven.show_details", reference=view.reference), STATUS_CHOICE + view.reference),))


def _say_view(turn: Turn, view: CaseProgress) -> None:
    services = turn.services
    catalog, policy, lang = services.catalog, services.policy, turn.lang
    status = status_text(catalog, policy, view.status, lang)
    if not view.own:
        turn.say(turn.t("status.generic", reference=view.reference, status=status))
        return
    zone = policy.business_hours.zone
    lines = [turn.t("status.detailed", reference=view.reference, status=status),
             turn.t("status.received", when=catalog.format_datetime(view.received_at, lang, zone))]
    is_open = CaseStatus(view.status).is_open
    if view.due_first_response and view.first_response_at is None and is_open:
        lines.append(turn.t("status.reply_due", when=catalog.format_datetime(view.due_first_response, lang, zone)))
    if view.due_resolution and is_open:
        lines.append(turn.t("status.due", when=catalog.format_datetime(view.due_resolution, lang, zone)))
    choices: tuple[Choice, ...] = ()
    if view.status == CaseStatus.RESPONDED.value and view.proposed_decision:
        lines.append(turn.t("status.decision", decision=view.proposed_decision))
        lines.append(catalog.text("notify.decision_question", lang))
        choices = (Choice(catalog.text("notify.choice_accept", lang), DECISION_ACCEPT.format(reference=view.reference)),
                   Choice(catalog.text("notify.choice_reject", lang), DECISION_REJECT.format(reference=view.reference)))
    if view.status == CaseStatus.REFERRAL_OFFERED.value:
        offer = referral_offer(catalog, policy, view.reference, lang)
        lines.append(offer.text)
        choices = tuple(Choice(label, value) for label, value in offer.choices)
    turn.session.case = view.reference if is_open else turn.session.case
    turn.say(*lines, choices=choices)
