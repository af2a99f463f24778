from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
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


NEW_YORK = ZoneInfo("America/New_York")
MOSCOW = ZoneInfo("Europe/Moscow")


def test_a_weekend_start_counts_from_monday_morning() -> None:
    cal = calendar()
    assert cal.add(at(2026, 11, 28, 23, 30), BusinessDuration.parse("1d")) == at(2026, 11, 30, 17)  # Sat night
    assert cal.business_hours_between(at(2026, 11, 28, 10), at(2026, 11, 29, 22)) == 0.0  # Sat to Sun night
    assert cal.business_hours_between(at(2026, 11, 27, 12), at(2026, 12, 1, 12)) == 5 + 8 + 3  # Fri noon to Tue noon


def test_easter_is_closed_in_england_and_only_good_friday_in_the_whole_kingdom() -> None:
    assert not calendar().is_working_day(date(2026, 4, 3)) and calendar().is_working_day(date(2026, 4, 6))
    cal = calendar(holidays_subdivision="ENG")  # Good Friday 3 April, Easter Monday 6 April 2026
    assert not cal.is_working_day(date(2026, 4, 3)) and not cal.is_working_day(date(2026, 4, 6))
    assert cal.add(at(2026, 4, 2, 16), BusinessDuration.parse("2h")) == at(2026, 4, 7, 10)
    assert cal.business_hours_between(at(2026, 4, 2, 9), at(2026, 4, 7, 17)) == 16.0


def test_no_public_holidays_when_the_policy_names_no_country() -> None:
    assert calendar(holidays_country="").add(at(2026, 12, 24, 16), BusinessDuration.parse("1d")) == at(2026, 12, 25, 16)


def test_spring_forward_keeps_office_hours_local() -> None:
    # London moves to summer time on Sunday 29 March 2026: 09:00 on Monday is 08:00 UTC
    due = calendar().add(datetime(2026, 3, 27, 16, 0, tzinfo=timezone.utc), BusinessDuration.parse("2h"))
    assert due == datetime(2026, 3, 30, 9, 0, tzinfo=timezone.utc) == at(2026, 3, 30, 10)
    assert calendar().business_hours_between(at(2026, 3, 27, 16), at(2026, 3, 30, 10)) == 2.0


def test_fall_back_keeps_office_hours_local() -> None:
    # back to GMT on Sunday 25 October 2026: a 24-hour wall-clock weekend day has 25 hours, none of them working
    due = calendar().add(at(2026, 10, 23, 15), BusinessDuration.parse("1d"))
    assert due == at(2026, 10, 26, 15) and due.utcoffset() == timedelta(0)
    assert calendar().business_hours_between(at(2026, 10, 23, 15), at(2026, 10, 26, 15)) == 8.0


def test_another_time_zone_with_its_own_holidays_and_clock_change() -> None:
    cal = calendar(timezone="America/New_York", holidays_country="US")
    # Thanksgiving, Thursday 26 November 2026, is closed; the Friday after is not
    assert cal.add(datetime(2026, 11, 25, 16, 0, tzinfo=NEW_YORK), BusinessDuration.parse("2h")) == \
        datetime(2026, 11, 27, 10, 0, tzinfo=NEW_YORK)
    # New York falls back a week after London: 1 November 2026
    due = cal.add(datetime(2026, 10, 30, 21, 0, tzinfo=timezone.utc), BusinessDuration.parse("1h"))  # Fri 17:00 EDT
    assert due == datetime(2026, 11, 2, 15, 0, tzinfo=timezone.utc)  # Mon 10:00 EST


def test_russian_new_year_holidays_and_no_clock_change() -> None:
    cal = calendar(timezone="Europe/Moscow", holidays_country="RU")
    assert cal.add(datetime(2026, 12, 31, 17, 0, tzinfo=MOSCOW), BusinessDuration.parse("2h")) == \
        datetime(2027, 1, 11, 11, 0, tzinfo=MOSCOW)  # 1 to 8 January and the weekend after are closed


def test_an_instant_is_read_in_the_policy_s_zone_whatever_the_caller_s() -> None:
    tokyo = datetime(2026, 11, 25, 1, 0, tzinfo=ZoneInfo("Asia/Tokyo"))  # Tue 16:00 in London
    due = calendar().add(tokyo, BusinessDuration.parse("2h"))
    assert due == at(2026, 11, 25, 10) and due.tzinfo == ZoneInfo("Asia/Tokyo")


def test_elapsed_time_undoes_added_time_across_a_clock_change() -> None:
    cal = calendar()
    start = at(2026, 3, 25, 9)
    for quarter in range(0, 4 * 8 * 6):
        moment = start + timedelta(minutes=15 * quarter * 7)
        for hours in (0.5, 3.0, 8.0, 21.25):
            assert cal.business_hours_between(moment, cal.add_hours(moment, hours)) == hours


def test_extra_closed_days_and_other_working_days() -> None:
    cal = calendar(working_days=["sun", "mon", "tue", "wed", "thu"], holidays_country="", holidays=[date(2026, 11, 29)])
    assert cal.add(at(2026, 11, 26, 16), BusinessDuration.parse("2h")) == at(2026, 11, 30, 10)  # Fri, Sat off; Sun closed
