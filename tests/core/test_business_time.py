from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from config.policy import BusinessDuration, BusinessHours
from core.business_time import BusinessCalendar

LONDON = ZoneInfo("Europe/London")


def calendar(**overrides: object) -> BusinessCalendar:
    values: dict[str, object] = {"timezone": "Europe/London", "working_days": ["mon", "tue", "wed", "thu", "fri"],
                                 "start": "09:00", "end": "17:00", "holidays_country": "GB", "holidays": []}
    values.update(overrides)
    return BusinessCalendar(BusinessHours.model_validate(values))


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)  # type: ignore[misc]


def test_hours_within_a_day() -> None:
    assert calendar().add(at(2026, 11, 24, 10), BusinessDuration.parse("4h")) == at(2026, 11, 24, 14)


def test_after_hours_starts_next_morning_and_skips_the_weekend() -> None:
    assert calendar().add(at(2026, 11, 27, 16), BusinessDuration.parse("2h")) == at(2026, 11, 30, 10)  # Fri -> Mon
    assert calendar().add(at(2026, 11, 28, 12), BusinessDuration.parse("1h")) == at(2026, 11, 30, 10)  # Sat


def test_business_days_skip_public_and_extra_holidays() -> None:
    # 24 Dec 2026 (Thu) 16:00 + 1 business day: Christmas, Boxing Day (Sat, substitute Mon 28) are closed
    assert calendar().add(at(2026, 12, 24, 16), BusinessDuration.parse("1d")) == at(2026, 12, 29, 16)
    extra = calendar(holidays=[date(2026, 11, 25)])
    assert extra.add(at(2026, 11, 24, 16), BusinessDuration.parse("2h")) == at(2026, 11, 26, 10)


def test_time_zone_is_the_policy_s_not_the_caller_s() -> None:
    utc_start = datetime(2026, 7, 1, 7, 30, tzinfo=timezone.utc)  # 08:30 in London (BST)
    due = calendar().add(utc_start, BusinessDuration.parse("1h"))
    assert due == datetime(2026, 7, 1, 9, 0, tzinfo=timezone.utc) and due.tzinfo is timezone.utc


def test_elapsed_business_hours() -> None:
    cal = calendar()
    assert cal.business_hours_between(at(2026, 11, 27, 16), at(2026, 11, 30, 10)) == 2.0
    assert cal.business_hours_between(at(2026, 11, 30, 10), at(2026, 11, 27, 16)) == 0.0
