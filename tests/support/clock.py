from __future__ import annotations

from datetime import datetime, timedelta, timezone


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)  # a Tuesday, office hours

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current
