"""Initial assessment (ISO 10002 7.5): severity, complexity, impact, urgency and the possibility
of immediate action give the priority; due times follow from the priority's time targets."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from config.policy import Policy
from core.business_time import BusinessCalendar

LEVELS = (1, 2, 3)


@dataclass(frozen=True, slots=True)
class Assessment:
    category: str
    severity: int
    complexity: int
    impact: int
    urgency: int
    immediate_action: bool
    priority: str
    signals: frozenset[str] = frozenset()

    def with_changes(self, policy: Policy, **changes: object) -> Assessment:
        """A revised assessment (an agent's override); the priority is recomputed unless given."""
        given_priority = changes.pop("priority", None)
        revised = replace(self, **changes)  # type: ignore[arg-type]  # changes are checked against the field names above
        priority = given_priority or priority_for(policy, revised.severity, revised.impact, revised.urgency)
        if priority not in policy.priorities:
            raise ValueError(f"unknown priority {priority!r}; allowed: {', '.join(policy.priorities_by_rank())}")
        return replace(revised, priority=str(priority))


@dataclass(frozen=True, slots=True)
class DueTimes:
    acknowledge: datetime
    first_response: datetime
    resolution: datetime


def _clamp(value: int) -> int:
    return max(LEVELS[0], min(LEVELS[-1], value))


def priority_for(policy: Policy, severity: int, impact: int, urgency: int) -> str:
    """Map the three 1-3 scores to the policy's priorities, most urgent first.

    A score of 3 on urgency or severity alone is enough for the top priority; otherwise the sum
    (3..9) is spread over the remaining priorities.
    """
    ranked = policy.priorities_by_rank()
    if urgency >= 3 or severity >= 3 and impact >= 3:
        return ranked[0]
    score = severity + impact + urgency  # 3..8 here
    rest = ranked[1:] or ranked
    position = round((8 - score) / 5 * (len(rest) - 1))
    return rest[max(0, min(len(rest) - 1, position))]


def assess(policy: Policy, category: str | None, signals: frozenset[str] | set[str] = frozenset(),
           immediate_action: bool = False) -> Assessment:
    """The rule-based initial assessment from the category's defaults and NLU urgency signals.

    Signals that a category declares (``signals`` in the policy: an injury, fire, a hospital)
    select that category whatever the given one was: safety first.
    """
    known = frozenset(s for s in signals if s in policy.assessment.signals)
    chosen = policy.category_for(category, known)
    key = chosen if chosen in policy.categories else "other"
    defaults = policy.categories[key]
    bump = max((policy.assessment.signals[s] for s in known), default=0)
    urgency = _clamp(1 + bump)
    severity = _clamp(defaults.severity + (1 if bump >= 3 else 0))
    impact = _clamp(defaults.impact + (1 if "vulnerable_person" in known else 0))
    return Assessment(
        category=key,
        severity=severity,
        complexity=defaults.complexity,
        impact=impact,
        urgency=urgency,
        immediate_action=immediate_action,
        priority=priority_for(policy, severity, impact, urgency),
        signals=known,
    )


def due_times(policy: Policy, calendar: BusinessCalendar, received_at: datetime, priority: str) -> DueTimes:
    targets = policy.priorities[priority]
    return DueTimes(
        acknowledge=calendar.add(received_at, targets.acknowledge),
        first_response=calendar.add(received_at, targets.first_response),
        resolution=calendar.add(received_at, targets.resolution),
    )
