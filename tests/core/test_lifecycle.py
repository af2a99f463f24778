from __future__ import annotations

import pytest

from core.actors import ActorKind
from core.errors import TransitionRefused
from core.lifecycle import TRANSITIONS, allowed, check_transition, next_statuses
from core.status import FINAL_STATUSES, CaseStatus as S


def test_every_status_is_reachable_from_received() -> None:
    reachable, frontier = {S.RECEIVED}, [S.RECEIVED]
    while frontier:
        current = frontier.pop()
        for target in S:
            if target not in reachable and any(allowed(current, target, kind) for kind in ActorKind):
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(S)


def test_final_states_only_reopen_by_escalation_or_close_on_the_external_outcome() -> None:
    for final in FINAL_STATUSES:
        exits = {target for (source, target) in TRANSITIONS if source is final}
        assert exits <= ({S.CLOSED} if final is S.REFERRED_EXTERNAL else {S.ESCALATED})
    assert TRANSITIONS[(S.REFERRED_EXTERNAL, S.CLOSED)] == {ActorKind.AGENT}, "only an agent records the outcome"


def test_a_rejection_at_the_last_level_offers_the_external_body() -> None:
    assert allowed(S.RESPONDED, S.REFERRAL_OFFERED, ActorKind.COMPLAINANT)
    assert not allowed(S.RESPONDED, S.REFERRAL_OFFERED, ActorKind.AGENT), "the complainant rejects, not an agent"
    assert {S.REFERRED_EXTERNAL, S.CLOSED, S.WITHDRAWN} <= set(next_statuses(S.REFERRAL_OFFERED, ActorKind.COMPLAINANT))
    assert S.RESPONDED in next_statuses(S.REFERRAL_OFFERED, ActorKind.AGENT), "an agent may propose a new decision"
    assert S.REFERRAL_OFFERED.is_open


def test_complainant_cannot_decide_for_the_agent() -> None:
    assert not allowed(S.INVESTIGATING, S.RESPONDED, ActorKind.COMPLAINANT)
    assert allowed(S.RESPONDED, S.CLOSED, ActorKind.COMPLAINANT)
    assert S.WITHDRAWN in next_statuses(S.INVESTIGATING, ActorKind.COMPLAINANT)


def test_refusals_say_why() -> None:
    with pytest.raises(TransitionRefused, match="a complainant may not do this"):
        check_transition("CD-X", S.INVESTIGATING, S.AWAITING_COMPLAINANT, ActorKind.COMPLAINANT)
    with pytest.raises(TransitionRefused, match="what can be done now: escalate it, which reopens it"):
        check_transition("CD-X", S.CLOSED, S.INVESTIGATING, ActorKind.AGENT)
    with pytest.raises(TransitionRefused, match="no such step"):
        check_transition("CD-X", S.RECEIVED, S.RESPONDED, ActorKind.AGENT)
    with pytest.raises(TransitionRefused, match="the case is withdrawn"):
        check_transition("CD-X", S.WITHDRAWN, S.WITHDRAWN, ActorKind.COMPLAINANT)


def test_a_withdrawn_case_refuses_an_escalation_and_says_what_can_be_done() -> None:
    with pytest.raises(TransitionRefused) as refusal:
        check_transition("CD-X", S.WITHDRAWN, S.ESCALATED, ActorKind.AGENT)
    said = str(refusal.value)
    assert "a withdrawal is final" in said and "register a new complaint" in said
    assert "only an escalation can reopen" not in said, "an escalation cannot reopen a withdrawn case"
    with pytest.raises(TransitionRefused, match="record the body's outcome"):
        check_transition("CD-X", S.REFERRED_EXTERNAL, S.ESCALATED, ActorKind.AGENT)
