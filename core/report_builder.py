"""Builds :class:`core.report_figures.ReportFigures` from the database's aggregates: counts are
GROUP BY queries; durations are business hours computed here over the period's time columns only
(one row per case, no other column, no query per case)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from statistics import median

from config.policy import Policy
from core.business_span import BusinessSpans
from core.business_time import BusinessCalendar
from core.ports import Anonymiser, IssueGrouper, UnitOfWork
from core.recurring_issues import recurring_issues
from core.redaction import without_known
from core.report_figures import DIMENSIONS, MEASURES, Backlog, Rated, ReportFigures, SurveyComment, Timing, Volume
from core.status import CaseStatus

LATEST_COMMENTS = 50
# Overdue backlog's age bands in business hours past the due time (a business day is 8 hours by default).
AGE_BANDS = ((8.0, "0-8"), (40.0, "8-40"), (80.0, "40-80"), (float("inf"), "80+"))


def percentile(values: list[float], share: float, *, ordered: bool = False) -> float | None:
    """The nearest-rank percentile (``share`` 0.9 for p90) of ``values`` (already sorted if ``ordered``)."""
    if not values:
        return None
    ordered_values = values if ordered else sorted(values)
    rank = max(1, -(-int(round(share * len(ordered_values) * 1000)) // 1000))  # ceil without float noise
    return ordered_values[min(rank, len(ordered_values)) - 1]


async def build_report(uow: UnitOfWork, policy: Policy, calendar: BusinessCalendar, now: datetime,
                       since: datetime | None, until: datetime | None, *, grouper: IssueGrouper | None = None,
                       anonymiser: Anonymiser | None = None) -> ReportFigures:
    """:param grouper: finds the recurring issues (none are looked for without it)
    :param anonymiser: finds the personal data in survey comments beyond what the case holds"""
    previous_since = since - (until - since) if since is not None and until is not None else None
    counts = await uow.case_counts(since, until, previous_since)
    volumes = {dimension: Volume(counts.get((dimension, True), {}), counts.get((dimension, False), {}))
               for dimension in DIMENSIONS}
    referral = counts.get(("referral", True), {})
    rows = await uow.case_times(since, until)
    open_cases, overdue_rows = await uow.overdue_open(now)
    by_rating = await uow.ratings_by("rating", since, until)
    causes, redress_kinds, redress_totals = await uow.investigation_counts(since, until)
    ratings = {int(k): n for k, (_, n) in by_rating.items()}
    rated = sum(ratings.values())
    events = await uow.event_counts(since, until)
    issues, sample = (await recurring_issues(uow, grouper, since, until, previous_since)
                      if grouper is not None else ((), None))
    return ReportFigures(
        since=since, until=until, previous_since=previous_since,
        received=sum(volumes["status"].current.values()), previous_received=sum(volumes["status"].previous.values()),
        volumes=volumes, by_month=dict(sorted(counts.get(("month", True), {}).items())),
        timings=_timings(rows, policy, calendar, now),
        backlog=_backlog(open_cases, overdue_rows, calendar, now),
        events=events, withdrawn=volumes["status"].current.get(CaseStatus.WITHDRAWN.value, 0),
        handling_complaints=events.get("handling_complained", 0),
        external_offered=referral.get("offered", 0), external_referred=referral.get("referred", 0),
        external_outcomes=counts.get(("outcome", True), {}),
        ratings=dict(sorted(ratings.items())),
        satisfaction_average=sum(k * n for k, n in ratings.items()) / rated if rated else None,
        satisfaction_count=rated,
        satisfaction_by_category=_rated(await uow.ratings_by("category", since, until)),
        satisfaction_by_agent=_rated(await uow.ratings_by("agent", since, until)),
        satisfaction_by_month=dict(sorted(_rated(await uow.ratings_by("month", since, until)).items())),
        survey_comments=tuple(_comment(row, anonymiser) for row in await uow.latest_comments(since, until, LATEST_COMMENTS)),
        by_root_cause={cause: n for cause, (n, _) in causes.items()},
        corrective_actions={cause: acted for cause, (_, acted) in causes.items()},
        by_redress_kind=redress_kinds, redress_totals=redress_totals,
        recurring_issues=issues, issue_sample=sample,
    )


def _comment(row: Any, anonymiser: Anonymiser | None) -> SurveyComment:
    """A survey comment without the personal data its case holds, nor (with an ``anonymiser``) any other found in it."""
    text = without_known(" ".join(row.comment.split()), names=[row.name], emails=[row.email], phones=[row.phone],
                         orders=[row.order_number], references=[row.reference])
    if anonymiser is not None:
        text = anonymiser.anonymise(text, row.language)
    return SurveyComment(row.reference, row.rating, text, row.category, row.agent)


def _rated(rows: dict[str, tuple[float, int]]) -> dict[str, Rated]:
    return {key: Rated(round(avg, 4), n) for key, (avg, n) in rows.items()}


def _spans(calendar: BusinessCalendar, earliest: float, now: datetime) -> BusinessSpans:
    zone = calendar.hours.zone
    first = datetime.fromtimestamp(earliest, zone).date() - timedelta(days=1)
    return BusinessSpans(calendar, first, max(now.astimezone(zone).date(), first) + timedelta(days=1))


def _timings(rows: Sequence[Any], policy: Policy, calendar: BusinessCalendar, now: datetime) -> tuple[Timing, ...]:
    """Business hours from receipt per measure and priority, computed over the time columns only
    (POSIX seconds); a resolution is a case closed as such (neither withdrawn nor referred)."""
    if not rows:
        return ()
    spans = _spans(calendar, min(row.received for row in rows), now)
    seconds, hours_between = spans.seconds, spans.hours
    closed = CaseStatus.CLOSED.value
    # measure -> priority -> ([business hours], how many on time)
    done: dict[str, dict[str, tuple[list[float], list[int]]]] = {measure: {} for measure in MEASURES}
    acknowledge, first_response, resolution = done["acknowledge"], done["first_response"], done["resolution"]
    for priority, status, received, acknowledged, responded, ended, due_ack, due_first, due_end in rows:
        base = seconds(received)
        for bucket, at, due in ((acknowledge, acknowledged, due_ack), (first_response, responded, due_first),
                                (resolution, ended if status == closed else None, due_end)):
            if at is None:
                continue
            end = seconds(at)
            if base is None or end is None:  # outside the table: the calendar's walk
                elapsed = hours_between(received, at)
            else:
                elapsed = (end - base) / 3600 if end > base else 0.0
            found = bucket.get(priority)
            if found is None:
                found = bucket[priority] = ([], [0])
            found[0].append(elapsed)
            if due is None or at <= due:
                found[1][0] += 1
    result = []
    for measure in MEASURES:
        by_priority = done[measure]
        for priority in ["", *policy.priorities_by_rank()]:
            if priority:
                values, timely = by_priority.get(priority, ([], [0]))
                ordered, on_time = sorted(values), timely[0]
            else:
                ordered = sorted(hours for values, _ in by_priority.values() for hours in values)
                on_time = sum(timely[0] for _, timely in by_priority.values())
            targets = policy.priorities.get(priority)
            target = calendar.target_hours(getattr(targets, measure)) if targets else None
            result.append(Timing(measure, priority, len(ordered), _median(ordered), percentile(ordered, 0.9, ordered=True),
                                 target, on_time / len(ordered) if ordered else None))
    return tuple(result)


def _median(ordered: list[float]) -> float | None:
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _backlog(open_cases: int, rows: Sequence[Any], calendar: BusinessCalendar, now: datetime) -> Backlog:
    by_priority: dict[str, int] = {}
    ages: list[float] = []
    if rows:
        spans = _spans(calendar, min(row.due_resolution for row in rows), now)
        moment = now.timestamp()
        for row in rows:
            by_priority[row.priority] = by_priority.get(row.priority, 0) + 1
            ages.append(spans.hours(row.due_resolution, moment))
    bands = {label: 0 for _, label in AGE_BANDS}
    for age in ages:
        bands[next(label for limit, label in AGE_BANDS if age < limit)] += 1
    return Backlog(len(rows), open_cases, by_priority, median(ages) if ages else None, max(ages, default=None), bands)
