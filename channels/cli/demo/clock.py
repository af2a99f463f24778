"""The demo's clock: the core, the dialogue and the timers read it; the seeder moves it forward
through the months of history, never back."""

from __future__ import annotations

from datetime import datetime, timedelta


class DemoClock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def move_to(self, moment: datetime) -> None:
        """Forward to ``moment``; an earlier one leaves the clock where it is."""
        self.current = max(self.current, moment)

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)
