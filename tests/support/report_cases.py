"""A small history with known figures for the report's tests (see tests/core/test_report_figures.py):
four cases received in the fortnight from Monday 2026-11-09, two in the fortnight before it, one after."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.case_rows import (
    case_row, complainant_row, event_row, insert_investigations, insert_rows, investigation_row, rating_row,
)

SINCE = datetime(2026, 11, 9, tzinfo=timezone.utc)
UNTIL = datetime(2026, 11, 23, tzinfo=timezone.utc)
H, D = timedelta(hours=1), timedelta(days=1)


def at(day: int, hour: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=timezone.utc)  # London is on UTC in November


async def insert_known_history(engine: AsyncEngine) -> None:
    cases = [
        case_row(1, at(9, 9), status="closed", priority="high", product="Card", acknowledged_after=H / 2,
                 first_response_after=D, closed_after=2 * D),
        case_row(2, at(9, 16), status="withdrawn", category="delivery", channel="email", acknowledged_after=2 * H,
                 first_response_after=3 * D, closed_after=4 * D),
        case_row(3, at(13, 16), category="delivery", channel="console", received_via="phone",
                 due=(H, 2 * D, D)),
        case_row(4, at(17, 10), status="closed", priority="high", product="Card", acknowledged_after=H / 6,
                 first_response_after=3 * D, closed_after=7 * D, due=(H, D, 14 * D), referral_offered=True),
        case_row(5, at(27, 10, month=10), status="closed"),
        case_row(6, at(2, 10), status="closed", category="delivery", channel="email"),
        case_row(7, at(23, 10), status="closed"),
    ]
    events = [event_row(1, 1, "decision_accepted", at(11, 9)), event_row(4, 1, "reopened", at(20, 9)),
              event_row(3, 1, "escalated_by_time", at(16, 9)), event_row(7, 1, "reopened", at(23, 11))]
    ratings = [rating_row(1, 5, at(11, 9), comment="Quick", agent="U1"),
               rating_row(4, 2, at(22, 9), comment="Slow\n and  late", agent="U2")]
    await insert_rows(engine, [complainant_row(0, at(1, 9))], cases, events, ratings)
    await insert_investigations(engine, [
        investigation_row(1, at(10, 12), root_cause="process", corrective_action="Checklist changed", redress_kind="refund",
                          amount="20.50", currency="GBP"),
        investigation_row(4, at(18, 12), root_cause="process", redress_kind="apology"),
        investigation_row(5, at(28, 12, month=10), root_cause="staff_error")])  # before the period
