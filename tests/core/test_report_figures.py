"""The report's figures, computed in the database, against a history whose figures are known
(tests/support/report_cases.py), on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest

from config.policy import load_policy
from config.settings import SHIPPED_POLICY
from core.business_span import BusinessSpans
from core.business_time import BusinessCalendar
from core.report_builder import percentile
from core.runtime import Core
from tests.support.report_cases import SINCE, UNTIL, at, insert_known_history


@pytest.fixture
async def history(core: Core) -> Core:
    await insert_known_history(core.engine)
    return core


async def test_volumes_beside_the_previous_period(history: Core) -> None:
    report = await history.queries.report(SINCE, UNTIL)
    assert (report.received, report.previous_received) == (4, 2)
    assert report.volumes["channel"].current == {"web": 2, "email": 1, "phone": 1}
    assert report.volumes["channel"].previous == {"web": 1, "email": 1}
    assert report.volumes["category"].current == {"billing": 2, "delivery": 2}
    assert report.volumes["product"].current == {"Card": 2, "": 2}
    assert report.volumes["priority"].current == {"high": 2, "medium": 2}
    assert report.by_month == {"2026-11": 4}
    assert report.events == {"decision_accepted": 1, "reopened": 1, "escalated_by_time": 1}
    assert (report.withdrawn, report.external_offered, report.external_referred) == (1, 1, 0)


async def test_times_in_business_hours_against_the_targets(history: Core) -> None:
    report = await history.queries.report(SINCE, UNTIL)
    acknowledge = report.timing("acknowledge")
    assert acknowledge is not None and acknowledge.count == 3 and acknowledge.median == pytest.approx(0.5)
    assert acknowledge.on_time == pytest.approx(2 / 3)  # the email was acknowledged after 2 hours
    first = report.timing("first_response")
    assert first is not None and (first.median, first.p90) == (24.0, 24.0)  # 8, 24 (over a night), 24
    high = report.timing("first_response", "high")
    assert high is not None and (high.median, high.target, high.on_time) == (16.0, 8.0, 0.5)
    resolution = report.timing("resolution")  # the withdrawn case is no resolution
    assert resolution is not None and (resolution.count, resolution.median, resolution.p90) == (2, 28.0, 40.0)


async def test_overdue_backlog_and_its_age(history: Core) -> None:
    backlog = (await history.queries.report(SINCE, UNTIL)).backlog
    assert (backlog.open_cases, backlog.overdue, backlog.by_priority) == (1, 1, {"medium": 1})
    assert backlog.median_hours_overdue == 49.0  # from Saturday 16:00 to Tuesday 10:00 a week later
    assert backlog.by_age == {"0-8": 0, "8-40": 0, "40-80": 1, "80+": 0}


async def test_satisfaction_by_agent_and_category_and_the_latest_comments(history: Core) -> None:
    report = await history.queries.report(SINCE, UNTIL)
    assert (report.ratings, report.satisfaction_average, report.satisfaction_count) == ({2: 1, 5: 1}, 3.5, 2)
    assert {k: (r.average, r.count) for k, r in report.satisfaction_by_agent.items()} == {"U1": (5.0, 1), "U2": (2.0, 1)}
    assert {k: r.average for k, r in report.satisfaction_by_category.items()} == {"billing": 3.5}
    assert [(c.reference, c.comment) for c in report.survey_comments] == [
        ("CMP-00000004", "Slow and late"), ("CMP-00000001", "Quick")]


async def test_root_causes_corrective_actions_and_redress_recorded_in_the_period(history: Core) -> None:
    report = await history.queries.report(SINCE, UNTIL)
    assert (report.by_root_cause, report.corrective_actions) == ({"process": 2}, {"process": 1})
    assert (report.by_redress_kind, report.redress_totals) == ({"refund": 1, "apology": 1}, {"GBP": Decimal("20.50")})


async def test_the_headline_figures_come_from_the_same_aggregates(history: Core) -> None:
    figures = await history.queries.figures(SINCE, UNTIL)
    assert (figures.received, figures.open_cases, figures.overdue, figures.median_hours_to_close) == (4, 1, 1, 28.0)


def test_business_spans_agree_with_the_calendar_walk() -> None:
    calendar = BusinessCalendar(load_policy(SHIPPED_POLICY).business_hours)
    pairs = [(at(9, 16), at(12, 16)), (at(13, 16), at(24, 10)), (at(14, 3), at(15, 23)), (at(20, 18), at(20, 8)),
             (at(5, 9, month=1), at(7, 12, month=1)),  # before the table: the calendar's walk
             (at(23, 12, month=3), at(31, 12, month=3))]  # over the change to summer time
    spans = BusinessSpans(calendar, at(1, 0, month=3).date(), at(30, 0).date())
    for start, end in pairs:
        assert spans.hours(start.timestamp(), end.timestamp()) == pytest.approx(calendar.business_hours_between(start, end))


def test_percentile_is_the_nearest_rank() -> None:
    assert percentile([], 0.9) is None
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 0.9) == 9.0
    assert percentile([3.0], 0.9) == 3.0
