"""One survey per closing (ISO 10002 8.3, ISO 10004): a case reopened and closed again is rated
again; the earlier ratings stay for the figures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

from core.model import Case, Satisfaction


def current_rating(ratings: Sequence[Satisfaction], case: Case) -> Satisfaction | None:
    """The rating of the case's latest closing, if it was rated (None while the case is open)."""
    if case.closed_at is None:
        return None
    closed = _utc(case.closed_at)
    return next((r for r in reversed(ratings) if r.closed_at is not None and _utc(r.closed_at) == closed), None)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
