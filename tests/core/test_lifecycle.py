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


def test_final_states_only_reopen_by_escalation() -> None:
    for final in FINAL_STATUSES:
        exits = {target for (source, target) in TRANSITIONS if source is final}
        assert exits <= {S.ESCALATED}


def test_complainant_cannot_decide_for_the_agent() -> None:
    assert not allowed(S.INVESTIGATING, S.RESPONDED, ActorKind.COMPLAINANT)
    assert allowed(S.RESPONDED, S.CLOSED, ActorKind.COMPLAINANT)
    assert S.WITHDRAWN in next_statuses(S.INVESTIGATING, ActorKind.COMPLAINANT)


def test_refusals_say_why() -> None:
    with pytest.raises(TransitionRefused, match="a complainant may not do this"):
        check_transition("CD-X", S.INVESTIGATING, S.AWAITING_COMPLAINANT, ActorKind.COMPLAINANT)
    with pytest.raises(TransitionRefused, match="only an escalation can reopen"):
        check_transition("CD-X", S.CLOSED, S.INVESTIGATING, ActorKind.AGENT)
    with pytest.raises(TransitionRefused, match="no such step"):
        check_transition("CD-X", S.RECEIVED, S.RESPONDED, ActorKind.AGENT)
    with pytest.raises(TransitionRefused, match="the case is withdrawn"):
        check_transition("CD-X", S.WITHDRAWN, S.WITHDRAWN, ActorKind.COMPLAINANT)
