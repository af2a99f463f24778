"""The complainant's answer to the offer of the external dispute-resolution body (ISO 10003),
made when they rejected the decision of the last escalation level: by button or number, or in
words, English or Russian ("yes", "refer it", "take it to the ombudsman", "no, just close it",
«да, передайте», «нет, закройте»). Like a decision, the answer counts only from a proven sender."""

from __future__ import annotations

import re

from bot.commands import is_yes, normalise
from bot.context import Turn
from bot.messages import Choice
from core.errors import AccessDenied, CaseNotFound, InvalidReference, TransitionRefused
from core.notification_text import REFERRAL_ACCEPT, REFERRAL_DECLINE, referral_offer
from core.status import CaseStatus

_ACCEPT_PREFIX, _DECLINE_PREFIX = REFERRAL_ACCEPT.format(reference=""), REFERRAL_DECLINE.format(reference="")
_REFUSALS = (AccessDenied, CaseNotFound, InvalidReference, TransitionRefused)
_MOST_WORDS = 12  # a longer message says more than an answer: it joins the case as a follow-up
_MOST_CHARS = 160  # and a longer text is not read at all (no per-message work on a long story)
# Words that ask for the referral (stems, on normalised text: lower case, "ё" read as "е").
_REFER = re.compile(r"\b(?:refer|referral|ombuds|external|independent|pass it on|send it|take it|go ahead|"
                    r"передай|передат|передава|направ|омбудсм|внешн|независим|peredai|peredat|peredav|naprav|ombudsm)")
# "I don't mind", «не против»: a yes, for all its negation.
_NOT_AGAINST = re.compile(r"\b(?:don t mind|do not mind|dont mind|no objection|не против|не возражаю|ne protiv)\b")
# Declining: closing asked for, or the referral itself negated ("don't refer it", «не передавайте»).
_CLOSE = re.compile(r"\b(?:close|closed|закро|закрыв|закрыт|zakro)")
_NEGATED_REFER = re.compile(r"\b(?:don t|dont|do not|not|never|не|ne)[ ](?:[a-zа-я]{1,12}[ ]){0,2}?"
                            r"(?:refer|pass|send|take|передав|передай|передат|направ|peredav)")
_STRONG_NO = frozenset({"no", "nope", "nah", "нет", "неа", "net", "nea"})


def offer(turn: Turn, reference: str) -> None:
    """Offer the external body (who they are, how to reach them, the time limit) and the choice."""
    rendered = referral_offer(turn.services.catalog, turn.services.policy, reference, turn.lang)
    turn.session.case = reference
    turn.say(rendered.text, choices=tuple(Choice(label, value) for label, value in rendered.choices))


async def on_choice(turn: Turn, value: str) -> bool:
    """Handle a referral button; False when ``value`` is not one."""
    if value.startswith(_ACCEPT_PREFIX):
        await answer(turn, value[len(_ACCEPT_PREFIX):], refer=True)
        return True
    if value.startswith(_DECLINE_PREFIX):
        await answer(turn, value[len(_DECLINE_PREFIX):], refer=False)
        return True
    return False


def wants_referral(text: str) -> bool | None:
    """True when ``text`` asks for the referral, False when it declines it, None when it is neither
    (an unclear answer closes nothing: "not sure" is no "no")."""
    if len(text) > _MOST_CHARS:
        return None
    said = normalise(text)
    words = said.split()
    if not words or len(words) > _MOST_WORDS:
        return None
    if _NOT_AGAINST.search(said):
        return True
    if _CLOSE.search(said) or _NEGATED_REFER.search(said):
        return False
    yes = is_yes(said)
    if yes is not None:
        return yes
    if words[0] in _STRONG_NO:
        return False
    return True if _REFER.search(said) else None


async def answer_in_words(turn: Turn, offered: list[str]) -> bool:
    """The offer answered in words, right after it was made, or later by naming the referral; False
    when the message is no such answer (it then goes on as any other message)."""
    pending = next((value[len(_ACCEPT_PREFIX):] for value in offered if value.startswith(_ACCEPT_PREFIX)), None)
    refer = wants_referral(turn.text)
    if refer is None:
        return False
    if pending is None:
        if not refer or not _REFER.search(normalise(turn.text)):
            return False  # a plain "yes" or "no" with no offer shown answers something else
        pending = await _offered_case(turn)
        if pending is None:
            return False
    await answer(turn, pending, refer=refer)
    return True


async def _offered_case(turn: Turn) -> str | None:
    cases = await turn.services.core.queries.cases_of(turn.identity)
    waiting = sorted((c for c in cases if c.status == CaseStatus.REFERRAL_OFFERED.value),
                     key=lambda c: c.updated_at, reverse=True)
    return waiting[0].reference if waiting else None


async def answer(turn: Turn, reference: str, *, refer: bool) -> None:
    """Record the answer to the offer for ``reference``: referred, or closed."""
    services = turn.services
    if not turn.message.sender_verified:
        rendered = referral_offer(services.catalog, services.policy, reference, turn.lang)
        turn.say(turn.t("unproven.referral", reference=reference),
                 choices=tuple(Choice(label, value) for label, value in rendered.choices))
        return
    try:
        if refer:
            await services.core.service.accept_referral(reference, turn.identity)
        else:
            await services.core.service.decline_referral(reference, turn.identity)
    except _REFUSALS:
        turn.say(turn.t("referral.none_pending"))
        return
    body = services.policy.external_body(turn.lang)
    if refer:
        turn.session.case = None
        turn.say(turn.t("referral.accepted", reference=reference, body=body))
    else:
        turn.session.case = None
        months = services.catalog.plural("units.months", services.policy.dispute.external_time_limit_months, turn.lang)
        turn.say(turn.t("referral.declined", reference=reference, body=body, months=months))
