"""The time targets of a case as its status moves: the clock pausing while the case waits for the
complainant, and the targets of an escalation level (ISO 10002 4.15, 7.6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from config.policy import Policy
from core.business_time import BusinessCalendar
from core.model import Case
from core.status import CaseStatus as S

FIRST_RESPONSE = "first_response"
RESOLUTION = "resolution"


@dataclass(frozen=True, slots=True)
class Target:
    """One running time target of a case: which one and when it falls due."""

    name: str
    due: datetime


def start_waiting(case: Case, now: datetime) -> None:
    """The case begins waiting for the complainant."""
    case.waiting_since = now


def stop_waiting(case: Case, now: datetime, policy: Policy, calendar: BusinessCalendar) -> None:
    """The wait is over: when the policy pauses the clock meanwhile, the due times move on by the
    business hours the case waited."""
    since, case.waiting_since = case.waiting_since, None
    if since is None or not policy.timers.pause_while_awaiting_complainant:
        return
    paused = calendar.business_hours_between(since, now)
    if paused <= 0:
        return
    if case.due_first_response and case.first_response_at is None:
        case.due_first_response = calendar.add_hours(case.due_first_response, paused)
    if case.due_resolution:
        case.due_resolution = calendar.add_hours(case.due_resolution, paused)


def enter_level(case: Case, now: datetime, policy: Policy, calendar: BusinessCalendar) -> None:
    """The case reached escalation level ``case.escalation_level``: its targets run from ``now``,
    the level's own where the policy gives them, else the priority's."""
    level = policy.escalation.at(case.escalation_level)
    targets = policy.priorities.get(case.priority)
    resolution = (level.resolution if level else None) or (targets.resolution if targets else None)
    first = (level.first_response if level else None) or (targets.first_response if targets else None)
    if resolution is not None:
        case.due_resolution = calendar.add(now, resolution)
    if first is not None and case.first_response_at is None:
        case.due_first_response = calendar.add(now, first)


def running_targets(case: Case, policy: Policy) -> list[Target]:
    """The targets whose clock runs now, earliest first: none for a finished case, a case waiting
    for the complainant's answer to a decision, or (when the policy pauses the clock) for
    information from them."""
    state = case.state
    if not state.is_open or state is S.RESPONDED:
        return []
    if state is S.AWAITING_COMPLAINANT and policy.timers.pause_while_awaiting_complainant:
        return []
    found = []
    if case.due_first_response and case.first_response_at is None:
        found.append(Target(FIRST_RESPONSE, case.due_first_response))
    if case.due_resolution:
        found.append(Target(RESOLUTION, case.due_resolution))
    return sorted(found, key=lambda target: target.due)
