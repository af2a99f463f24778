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
from core.ports import UnitOfWork
from core.report_figures import DIMENSIONS, MEASURES, Backlog, Rated, ReportFigures, SurveyComment, Timing, Volume
from core.status import CaseStatus

LATEST_COMMENTS = 50
# Overdue backlog's age bands in business hours past the due time (a business day is 8 hours by default).
AGE_BANDS = ((8.0, "0-8"), (40.0, "8-40"), (80.0, "40-80"), (float("inf"), "80+"))


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (``share`` 0.9 for p90)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-int(round(share * len(ordered) * 1000)) // 1000))  # ceil without float noise
    return ordered[min(rank, len(ordered)) - 1]


async def build_report(uow: UnitOfWork, policy: Policy, calendar: BusinessCalendar, now: datetime,
                       since: datetime | None, until: datetime | None) -> ReportFigures:
    previous_since = since - (until - since) if since is not None and until is not None else None
    volumes: dict[str, Volume] = {}
    for dimension in DIMENSIONS:
        current = await uow.case_counts(dimension, since, until)
        previous = await uow.case_counts(dimension, previous_since, since) if previous_since is not None else {}
        volumes[dimension] = Volume(current, previous)
    rows = await uow.case_times(since, until)
    open_cases, overdue_rows = await uow.overdue_open(now)
    offered, referred, outcomes = await uow.referral_counts(since, until)
    by_rating = await uow.ratings_by("rating", since, until)
    root_causes, redress_kinds, redress_totals = await uow.investigation_counts(since, until)
    ratings = {int(k): n for k, (_, n) in by_rating.items()}
    rated = sum(ratings.values())
    events = await uow.event_counts(since, until)
    return ReportFigures(
        since=since, until=until, previous_since=previous_since,
        received=sum(volumes["status"].current.values()), previous_received=sum(volumes["status"].previous.values()),
        volumes=volumes, by_month=dict(sorted((await uow.case_counts("month", since, until)).items())),
        timings=_timings(rows, policy, calendar, now),
        backlog=_backlog(open_cases, overdue_rows, calendar, now),
        events=events, withdrawn=volumes["status"].current.get(CaseStatus.WITHDRAWN.value, 0),
        handling_complaints=events.get("handling_complained", 0),
        external_offered=offered, external_referred=referred, external_outcomes=outcomes,
        ratings=dict(sorted(ratings.items())),
        satisfaction_average=sum(k * n for k, n in ratings.items()) / rated if rated else None,
        satisfaction_count=rated,
        satisfaction_by_category=_rated(await uow.ratings_by("category", since, until)),
        satisfaction_by_agent=_rated(await uow.ratings_by("agent", since, until)),
        satisfaction_by_month=dict(sorted(_rated(await uow.ratings_by("month", since, until)).items())),
        survey_comments=tuple(SurveyComment(ref, rating, " ".join(comment.split()))
                              for ref, rating, comment in await uow.latest_comments(since, until, LATEST_COMMENTS)),
        by_root_cause=root_causes, by_redress_kind=redress_kinds, redress_totals=redress_totals,
    )


def _rated(rows: dict[str, tuple[float, int]]) -> dict[str, Rated]:
    return {key: Rated(round(avg, 4), n) for key, (avg, n) in rows.items()}


def _timings(rows: Sequence[Any], policy: Policy, calendar: BusinessCalendar, now: datetime) -> tuple[Timing, ...]:
    if not rows:
        return ()
    first = min(row.received_at for row in rows).astimezone(calendar.hours.zone).date() - timedelta(days=1)
    spans = BusinessSpans(calendar, first, now.astimezone(calendar.hours.zone).date() + timedelta(days=1))
    hours: dict[tuple[str, str], list[float]] = {}
    on_time: dict[tuple[str, str], int] = {}
    for row in rows:
        done = {"acknowledge": (row.acknowledged_at, row.due_acknowledge),
                "first_response": (row.first_response_at, row.due_first_response),
                "resolution": (row.closed_at if row.status == CaseStatus.CLOSED.value else None, row.due_resolution)}
        for measure, (at, due) in done.items():
            if at is None:
                continue
            elapsed = spans.hours(row.received_at, at)
            for priority in (row.priority, ""):
                hours.setdefault((measure, priority), []).append(elapsed)
                on_time[(measure, priority)] = on_time.get((measure, priority), 0) + (due is None or at <= due)
    result = []
    for measure in MEASURES:
        for priority in ["", *policy.priorities_by_rank()]:
            values = hours.get((measure, priority), [])
            targets = policy.priorities.get(priority)
            target = calendar.target_hours(getattr(targets, measure)) if targets else None
            result.append(Timing(measure, priority, len(values), median(values) if values else None,
                                 percentile(values, 0.9), target,
                                 on_time.get((measure, priority), 0) / len(values) if values else None))
    return tuple(result)


def _backlog(open_cases: int, rows: Sequence[Any], calendar: BusinessCalendar, now: datetime) -> Backlog:
    by_priority: dict[str, int] = {}
    ages: list[float] = []
    if rows:
        first = min(row.due_resolution for row in rows).astimezone(calendar.hours.zone).date() - timedelta(days=1)
        spans = BusinessSpans(calendar, first, now.astimezone(calendar.hours.zone).date() + timedelta(days=1))
        for row in rows:
            by_priority[row.priority] = by_priority.get(row.priority, 0) + 1
            ages.append(spans.hours(row.due_resolution, now))
    bands = {label: 0 for _, label in AGE_BANDS}
    for age in ages:
        bands[next(label for limit, label in AGE_BANDS if age < limit)] += 1
    return Backlog(len(rows), open_cases, by_priority, median(ages) if ages else None, max(ages, default=None), bands)
