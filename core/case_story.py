"""A case as its complainant follows it (ISO 10002 7.3, issue 18): what happened, in plain steps
with their dates, the time targets still running, and what they can do next, derived from the
audit trail, the transcript and the lifecycle. Agents' internal notes, assessments' inner scores
and the product's own bookkeeping are left out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from config.policy import Policy
from core.actors import ActorKind
from core.handling import reopen_until
from core.lifecycle import allowed
from core.model import Case, CaseEvent, Message
from core.status import CaseStatus as S

# What the complainant can do next (each is one service command, as in the chat).
ACCEPT, REJECT = "accept", "reject"  # the proposed decision: record_complainant_decision
REFER, DECLINE_REFERRAL = "refer", "decline_referral"  # the external body offered: accept_referral / decline_referral
ANSWER, REPLY = "answer", "reply"  # to the agents' question / about the open case: add_complainant_message
REVIEW = "review"  # a closed case looked at again one level up, within the policy's window: reopen
SURVEY = "survey"  # how the complaint was handled, 1 to 5: record_satisfaction
WITHDRAW = "withdraw"  # withdraw

# event kind -> the step the complainant reads (events not named here are not theirs to read)
STEP_OF_EVENT: dict[str, str] = {
    "received": "received", "acknowledged": "acknowledged", "assessed": "assessed", "reassessed": "reassessed",
    "assigned": "investigating", "information_requested": "question", "information_provided": "answer",
    "complainant_message": "your_message", "message_after_closing": "your_message", "agent_message": "our_message",
    "human_requested": "human_requested", "decision_proposed": "decision_proposed",
    "decision_accepted": "decision_accepted", "decision_rejected": "decision_rejected", "escalated": "escalated",
    "escalated_by_time": "escalated_by_time", "reopened": "reopened", "referral_accepted": "referred",
    "referred_external": "referred", "referral_declined": "referral_declined", "referral_lapsed": "referral_lapsed",
    "referral_outcome": "referral_outcome", "closed": "closed", "withdrawn": "withdrawn",
    "satisfaction_recorded": "survey",
}
# steps whose words are the complainant's or the agents' own, read from the transcript (by the
# event's message id) or from the event's reason
WORDS_FROM_MESSAGE = frozenset({"received", "answer", "your_message", "our_message"})
WORDS_FROM_REASON = frozenset({"question", "decision_proposed", "decision_rejected"})


@dataclass(frozen=True, slots=True)
class StoryStep:
    """One thing that happened. ``words``: what was written (their message, our question, the
    decision, the reason they gave); ``facts``: what the step's sentence names (a priority, a level,
    a rating, an outcome, who closed it)."""

    at: datetime
    kind: str
    words: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CaseStory:
    reference: str
    status: str
    language: str
    received_at: datetime
    steps: tuple[StoryStep, ...]
    next_steps: tuple[str, ...]
    priority: str
    escalation_level: int
    due_first_response: datetime | None = None  # still running: no first answer yet
    due_resolution: datetime | None = None  # still running: the case is open
    question: str | None = None  # the agents' question waiting for an answer
    proposed_decision: str | None = None  # waiting for acceptance or rejection
    answer_by: datetime | None = None  # when silence about the decision closes the case
    review_until: datetime | None = None  # until when a closed case can be looked at again
    rating: int | None = None  # the survey answer for the latest closing


def next_steps(case: Case, *, rated: bool, policy: Policy, now: datetime) -> tuple[str, ...]:
    """What the complainant can do with ``case`` now, by its status (:mod:`core.lifecycle`)."""
    state, steps = case.state, []
    if state is S.RESPONDED:
        steps += [ACCEPT, REJECT]
    if state is S.REFERRAL_OFFERED:
        steps += [REFER, DECLINE_REFERRAL]
    if state is S.AWAITING_COMPLAINANT:
        steps.append(ANSWER)
    elif state.is_open:
        steps.append(REPLY)
    if state is S.CLOSED:
        until = reopen_until(policy, case.closed_at)
        if until is not None and now <= until:
            steps.append(REVIEW)
    if not state.is_open and case.closed_at is not None and policy.closing.survey and not rated:
        steps.append(SURVEY)
    if allowed(state, S.WITHDRAWN, ActorKind.COMPLAINANT):
        steps.append(WITHDRAW)
    return tuple(steps)


def story_steps(events: Sequence[CaseEvent], messages: Sequence[Message]) -> tuple[StoryStep, ...]:
    """The complainant's steps from the audit trail in order; words from the transcript."""
    bodies = {message.id: message.body for message in messages if message.direction != "note"}
    steps = []
    for event in events:
        kind = STEP_OF_EVENT.get(event.kind)
        if kind is None:
            continue
        words = None
        if kind in WORDS_FROM_MESSAGE:
            words = bodies.get(str(event.data.get("message_id")))
        elif kind in WORDS_FROM_REASON:
            words = event.reason or None
        steps.append(StoryStep(event.at, kind, words, _facts(kind, event)))
    return tuple(steps)


def _facts(kind: str, event: CaseEvent) -> dict[str, Any]:
    data = event.data
    if kind in ("assessed", "reassessed"):
        return {"priority": data.get("priority", "")}
    if kind in ("escalated", "escalated_by_time", "reopened"):
        return {"level": data.get("level")}
    if kind == "decision_rejected":
        return {"final": bool(data.get("final")), "level": data.get("level")}
    if kind == "survey":
        return {"rating": data.get("rating")}
    if kind == "referral_outcome":
        return {"outcome": data.get("outcome", "")}
    if kind == "closed":
        return {"by": event.actor_kind}
    return {}


def build_story(case: Case, events: Sequence[CaseEvent], messages: Sequence[Message], *, rating: int | None,
                policy: Policy, now: datetime, answer_by: datetime | None) -> CaseStory:
    state = case.state
    steps = story_steps(events, messages)
    question = next((step.words for step in reversed(steps) if step.kind == "question"), None)
    until = reopen_until(policy, case.closed_at) if state is S.CLOSED else None
    return CaseStory(
        reference=case.reference, status=case.status, language=case.language,
        received_at=case.received_at or case.updated_at or now, steps=steps,
        next_steps=next_steps(case, rated=rating is not None, policy=policy, now=now),
        priority=case.priority, escalation_level=case.escalation_level,
        due_first_response=case.due_first_response if state.is_open and case.first_response_at is None else None,
        due_resolution=case.due_resolution if state.is_open else None,
        question=question if state is S.AWAITING_COMPLAINANT else None,
        proposed_decision=case.proposed_decision if state is S.RESPONDED else None,
        answer_by=answer_by if state is S.RESPONDED else None,
        review_until=until if until is not None and now <= until else None, rating=rating,
    )
