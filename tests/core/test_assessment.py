from __future__ import annotations

from datetime import datetime, timezone

import pytest

from config.policy import load_policy
from config.settings import SHIPPED_POLICY
from core.assessment import assess, due_times, priority_for
from core.business_time import BusinessCalendar

POLICY = load_policy(SHIPPED_POLICY)


def test_category_defaults_drive_priority() -> None:
    assert assess(POLICY, "fraud_security").priority == "critical"
    assert assess(POLICY, "billing").priority == "medium"
    assert assess(POLICY, "delivery").priority == "low"


def test_unknown_category_is_other() -> None:
    assert assess(POLICY, "no-such").category == "other"
    assert assess(POLICY, None).category == "other"


@pytest.mark.parametrize("signal", ["safety", "health"])
def test_safety_and_health_make_it_critical(signal: str) -> None:
    result = assess(POLICY, "delivery", {signal})
    assert result.priority == "critical" and result.urgency == 3 and signal in result.signals


@pytest.mark.parametrize("given", ["delivery", "product_quality", "billing", None, "no-such"])
@pytest.mark.parametrize("signal", ["safety", "health"])
def test_safety_signals_select_health_and_safety_whatever_the_category(given: str | None, signal: str) -> None:
    result = assess(POLICY, given, {signal, "strong_anger"})
    assert result.category == "health_safety" and result.priority == "critical"
    assert (result.severity, result.impact) == (3, 3)


def test_signals_that_select_no_category_keep_it() -> None:
    assert assess(POLICY, "billing", {"legal_threat", "vulnerable_person"}).category == "billing"


def test_vulnerable_person_raises_impact_and_unknown_signals_are_ignored() -> None:
    result = assess(POLICY, "service", {"vulnerable_person", "made-up"})
    assert result.impact == 2 and result.signals == frozenset({"vulnerable_person"})


def test_override_recomputes_priority_unless_given() -> None:
    base = assess(POLICY, "delivery")
    assert base.with_changes(POLICY, severity=3, impact=3).priority == "critical"
    assert base.with_changes(POLICY, priority="high").priority == "high"
    with pytest.raises(ValueError, match="unknown priority"):
        base.with_changes(POLICY, priority="urgent!!")


def test_priority_is_monotonic_in_the_scores() -> None:
    ranks = {name: POLICY.priorities[name].rank for name in POLICY.priorities}
    previous = 99
    for total in range(3, 9):
        severity, impact, urgency = 1, 1, 1
        extra = total - 3
        while extra:
            if severity < 3:
                severity += 1
            elif impact < 3:
                impact += 1
            else:
                urgency += 1
            extra -= 1
        rank = ranks[priority_for(POLICY, severity, impact, urgency)]
        assert rank <= previous
        previous = rank


def test_due_times_follow_priority_targets() -> None:
    start = datetime(2026, 11, 24, 10, tzinfo=timezone.utc)
    due = due_times(POLICY, BusinessCalendar(POLICY.business_hours), start, "critical")
    assert due.acknowledge < due.first_response < due.resolution
