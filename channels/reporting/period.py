"""The report's period: whole days in the policy's time zone, from midnight to midnight."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def period_of(zone: ZoneInfo, now: datetime, days: int, first: date | None = None,
              last: date | None = None) -> tuple[datetime, datetime]:
    """``(since, until)`` from ``first`` (or ``days`` before the end) to the end of ``last``
    (today in ``zone`` by default): ``until`` is the midnight after the last day."""
    end_day = (last or now.astimezone(zone).date()) + timedelta(days=1)
    start_day = first or end_day - timedelta(days=days)
    return datetime.combine(start_day, time.min, zone), datetime.combine(end_day, time.min, zone)
