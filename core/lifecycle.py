"""The case lifecycle of DESIGN.md as one transition table (ISO 10002 clause 7)."""

from __future__ import annotations

from core.actors import ActorKind
from core.errors import TransitionRefused
from core.status import CaseStatus as S

A, C, B, Y = ActorKind.AGENT, ActorKind.COMPLAINANT, ActorKind.BOT, ActorKind.SYSTEM

# (from, to) -> the actor kinds allowed to make that move.
TRANSITIONS: dict[tuple[S, S], frozenset[ActorKind]] = {
    (S.RECEIVED, S.ACKNOWLEDGED): frozenset({B, Y}),
    (S.ACKNOWLEDGED, S.ASSESSED): frozenset({B, Y, A}),
    (S.ASSESSED, S.INVESTIGATING): frozenset({A}),
    (S.ESCALATED, S.INVESTIGATING): frozenset({A}),
    (S.INVESTIGATING, S.AWAITING_COMPLAINANT): frozenset({A}),
    (S.AWAITING_COMPLAINANT, S.INVESTIGATING): frozenset({C, A, B, Y}),
    (S.INVESTIGATING, S.RESPONDED): frozenset({A}),
    (S.ESCALATED, S.RESPONDED): frozenset({A}),
    (S.AWAITING_COMPLAINANT, S.RESPONDED): frozenset({A}),
    (S.RESPONDED, S.CLOSED): frozenset({C, B, A, Y}),
    (S.RESPONDED, S.ESCALATED): frozenset({C, B, A}),
    (S.RESPONDED, S.INVESTIGATING): frozenset({A}),
    (S.ASSESSED, S.ESCALATED): frozenset({A, Y}),
    (S.INVESTIGATING, S.ESCALATED): frozenset({A, Y}),
    (S.AWAITING_COMPLAINANT, S.ESCALATED): frozenset({A, Y}),
    (S.ESCALATED, S.ESCALATED): frozenset({A, Y, C, B}),
    (S.CLOSED, S.ESCALATED): frozenset({A, C, B}),  # reopening is an escalation, not an edit of history
    (S.ESCALATED, S.REFERRED_EXTERNAL): frozenset({A}),
    (S.RESPONDED, S.REFERRED_EXTERNAL): frozenset({A}),
    (S.ASSESSED, S.CLOSED): frozenset({A}),
    (S.INVESTIGATING, S.CLOSED): frozenset({A}),
    (S.AWAITING_COMPLAINANT, S.CLOSED): frozenset({A, Y}),
    (S.ESCALATED, S.CLOSED): frozenset({A}),
    # The dispute path's end (ISO 10003): a rejection at the last level offers the external body;
    # the complainant takes it up or declines it (or stays silent: the timer closes), an agent may
    # propose a new decision instead; the body's outcome, recorded by an agent, closes the case.
    (S.RESPONDED, S.REFERRAL_OFFERED): frozenset({C, B}),
    (S.REFERRAL_OFFERED, S.REFERRED_EXTERNAL): frozenset({C, B, A}),
    (S.REFERRAL_OFFERED, S.CLOSED): frozenset({C, B, A, Y}),
    (S.REFERRAL_OFFERED, S.RESPONDED): frozenset({A}),
    (S.REFERRED_EXTERNAL, S.CLOSED): frozenset({A}),
}
WITHDRAWABLE = frozenset(s for s in S if s.is_open)
# What can still be done to a finished case, said when something else is asked of it.
AFTER_THE_END: dict[S, str] = {
    S.CLOSED: "what can be done now: escalate it, which reopens it at the next level",
    S.REFERRED_EXTERNAL: "it is with the external dispute-resolution body; what can be done now: record the body's "
                         "outcome, which closes it",
    S.WITHDRAWN: "a withdrawal is final: it cannot be escalated, reopened or changed; if the complainant wants it "
                 "looked at again, register a new complaint that names this one",
}


def allowed(current: S, target: S, actor: ActorKind) -> bool:
    if target is S.WITHDRAWN:
        return current in WITHDRAWABLE and actor in {C, B, A}
    return actor in TRANSITIONS.get((current, target), frozenset())


def check_transition(reference: str, current: S, target: S, actor: ActorKind) -> None:
    """Raise TransitionRefused, with the reason, unless ``actor`` may move the case."""
    if allowed(current, target, actor):
        return
    if target is S.WITHDRAWN or (current, target) in TRANSITIONS:
        reason = f"a {actor} may not do this" if current.is_open else f"the case is {current}"
    elif not current.is_open:
        reason = f"the case is {current}; {AFTER_THE_END[current]}"
    else:
        reason = "the lifecycle has no such step"
    raise TransitionRefused(reference, current.value, target.value, reason)


def next_statuses(current: S, actor: ActorKind) -> list[S]:
    return [target for target in S if allowed(current, target, actor)]
