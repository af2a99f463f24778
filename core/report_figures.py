"""The figures of a management-review report (ISO 10002 8.2-8.6) over a period: volumes beside the
previous period's, times in business hours against the policy's targets, on-time rates, the
overdue backlog, escalations and referrals, satisfaction, root causes and redress."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

# The volumes the report breaks down, in order (each one GROUP BY in the database).
DIMENSIONS = ("status", "category", "channel", "product", "priority")
# The durations it measures: from receipt to acknowledgement, to the first response, to a
# resolution (a case closed as resolved: neither withdrawn nor referred outside).
MEASURES = ("acknowledge", "first_response", "resolution")


@dataclass(frozen=True, slots=True)
class Volume:
    """Counts of one dimension in the period and in the period before it."""

    current: dict[str, int]
    previous: dict[str, int]


@dataclass(frozen=True, slots=True)
class Timing:
    """One measure for one priority ("" for every priority): business hours."""

    measure: str
    priority: str
    count: int
    median: float | None
    p90: float | None
    target: float | None  # the policy's target in business hours (None for all priorities together)
    on_time: float | None  # share done by the case's due time, of those done


@dataclass(frozen=True, slots=True)
class Backlog:
    """Open cases past their resolution time now, and how long past it (business hours)."""

    overdue: int
    open_cases: int
    by_priority: dict[str, int]
    median_hours_overdue: float | None
    oldest_hours_overdue: float | None
    by_age: dict[str, int]  # "0-8", "8-40", "40-80", "80+" business hours past due


@dataclass(frozen=True, slots=True)
class Rated:
    """Average rating and how many ratings, for one category or agent."""

    average: float
    count: int


@dataclass(frozen=True, slots=True)
class SurveyComment:
    """A survey answer's comment with the personal data taken out (names, addresses, phones,
    order numbers, references: each one found shows as ``[kind]``, see :mod:`core.redaction`)."""

    reference: str
    rating: int
    comment: str
    category: str = ""
    agent: str = ""


@dataclass(frozen=True, slots=True)
class RecurringIssue:
    """A group of the period's complaints that say the same thing (ISO 10002 8.2): the phrases
    that set it apart, its cases, and how many of the previous period's read the same."""

    phrases: tuple[str, ...]
    lang: str
    category: str
    references: tuple[str, ...]  # the period's cases in it, latest first
    previous: int
    products: dict[str, int]  # product ("" for none) -> cases, largest first

    @property
    def count(self) -> int:
        return len(self.references)


@dataclass(frozen=True, slots=True)
class IssueSample:
    """Which complaints the recurring issues were found among: the latest ``read`` of the
    ``received`` in each period (all of them when ``read == received``); erased ones among them
    have no words to group."""

    read: int
    received: int
    previous_read: int
    previous_received: int

    @property
    def complete(self) -> bool:
        return self.read == self.received and self.previous_read == self.previous_received

    def change(self, current: int, previous: int) -> float | None:
        """The change of a count from the previous period, each scaled to its period's complaints."""
        if not previous or not self.read or not self.previous_read:
            return None
        return (current * self.received / self.read) / (previous * self.previous_received / self.previous_read) - 1


@dataclass(frozen=True, slots=True)
class ReportFigures:
    since: datetime | None
    until: datetime | None
    previous_since: datetime | None
    received: int
    previous_received: int
    volumes: dict[str, Volume]  # dimension -> counts
    by_month: dict[str, int]  # "YYYY-MM" -> received
    timings: tuple[Timing, ...]
    backlog: Backlog
    events: dict[str, int]  # in the period, by kind: escalated, escalated_by_time, reopened, decision_accepted, ...
    withdrawn: int
    handling_complaints: int  # complaints about the handling of a case, made in the period
    external_offered: int
    external_referred: int
    external_outcomes: dict[str, int]
    ratings: dict[int, int]  # rating -> count
    satisfaction_average: float | None
    satisfaction_count: int
    satisfaction_by_category: dict[str, Rated]
    satisfaction_by_agent: dict[str, Rated]
    satisfaction_by_month: dict[str, Rated]
    survey_comments: tuple[SurveyComment, ...]
    by_root_cause: dict[str, int] = field(default_factory=dict)
    corrective_actions: dict[str, int] = field(default_factory=dict)  # root cause -> records with a corrective action
    by_redress_kind: dict[str, int] = field(default_factory=dict)
    redress_totals: dict[str, Decimal] = field(default_factory=dict)
    recurring_issues: tuple[RecurringIssue, ...] = ()
    issue_sample: IssueSample | None = None  # None: no grouper was given, the issues were not looked for

    def timing(self, measure: str, priority: str = "") -> Timing | None:
        return next((t for t in self.timings if t.measure == measure and t.priority == priority), None)
