"""Time targets in business hours: working days, opening hours, public and extra holidays."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cached_property

import holidays as holiday_calendars

from config.policy import WEEKDAYS, BusinessDuration, BusinessHours


class BusinessCalendar:
    """Adds business hours to an instant, in the policy's time zone."""

    def __init__(self, hours: BusinessHours) -> None:
        self._hours = hours
        self._zone = hours.zone
        self._working = {WEEKDAYS.index(day) for day in hours.working_days}
        self._extra = set(hours.holidays)

    @cached_property
    def _public(self) -> holiday_calendars.HolidayBase | None:
        if not self._hours.holidays_country:
            return None
        return holiday_calendars.country_holidays(self._hours.holidays_country,
                                                  subdiv=self._hours.holidays_subdivision or None)

    @property
    def hours(self) -> BusinessHours:
        return self._hours

    def target_hours(self, duration: BusinessDuration) -> float:
        """A time target in business hours (a business day is one opening day)."""
        return duration.amount if duration.unit == "h" else duration.amount * self.day_length.total_seconds() / 3600

    @property
    def day_length(self) -> timedelta:
        return _at(date.min, self._hours.end) - _at(date.min, self._hours.start)

    def is_working_day(self, day: date) -> bool:
        if day.weekday() not in self._working or day in self._extra:
            return False
        return self._public is None or day not in self._public

    def add(self, start: datetime, duration: BusinessDuration) -> datetime:
        """The instant ``duration`` of business time after ``start`` (aware datetimes)."""
        return self.add_hours(start, self.target_hours(duration))

    def add_hours(self, start: datetime, hours: float) -> datetime:
        remaining = timedelta(hours=hours)
        local = start.astimezone(self._zone)
        day = local.date()
        cursor = local.replace(tzinfo=None)
        for _ in range(3660):  # ten years of days: a policy with no working day at all is refused earlier
            if self.is_working_day(day):
                opens, closes = _at(day, self._hours.start), _at(day, self._hours.end)
                begin = max(cursor, opens)
                if begin < closes:
                    available = closes - begin
                    if remaining <= available:
                        return (begin + remaining).replace(tzinfo=self._zone).astimezone(start.tzinfo)
                    remaining -= available
            day += timedelta(days=1)
            cursor = _at(day, time.min)
        raise ValueError("no working time found within ten years: check business_hours in the policy")

    def business_hours_between(self, start: datetime, end: datetime) -> float:
        """Business hours elapsed from ``start`` to ``end`` (0 if end is earlier)."""
        if end <= start:
            return 0.0
        total = timedelta()
        local_start, local_end = start.astimezone(self._zone).replace(tzinfo=None), end.astimezone(self._zone).replace(tzinfo=None)
        day = local_start.date()
        while day <= local_end.date():
            if self.is_working_day(day):
                begin = max(local_start, _at(day, self._hours.start))
                finish = min(local_end, _at(day, self._hours.end))
                if finish > begin:
                    total += finish - begin
            day += timedelta(days=1)
        return total.total_seconds() / 3600


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment)
