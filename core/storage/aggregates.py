"""The report's aggregates, computed in the database: one GROUP BY per breakdown, no query per case."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.status import FINAL_STATUSES
from core.storage import tables

_C = tables.cases.c
_FINAL = [s.value for s in FINAL_STATUSES]


def _period(since: datetime | None, until: datetime | None) -> ColumnElement[bool]:
    conditions = []
    if since is not None:
        conditions.append(_C.received_at >= since)
    if until is not None:
        conditions.append(_C.received_at < until)
    return and_(True, *conditions)


class ReportAggregates:
    session: AsyncSession
    dialect: str

    def _month(self, column: Any) -> ColumnElement[str]:
        if self.dialect == "postgresql":
            return func.to_char(column, "YYYY-MM")
        return func.substr(column, 1, 7)

    def _dimension(self, name: str) -> ColumnElement[Any]:
        if name == "channel":
            return func.coalesce(_C.received_via, _C.channel)
        if name == "month":
            return self._month(_C.received_at)
        return func.coalesce(getattr(_C, name), "")

    async def case_counts(self, dimension: str, since: datetime | None, until: datetime | None) -> dict[str, int]:
        """Cases received in [since, until) by ``dimension`` (status, category, channel, product,
        priority, month); a case without a product counts under ""."""
        key = self._dimension(dimension).label("key")
        rows = await self.session.execute(select(key, func.count()).where(_period(since, until)).group_by(key))
        return {str(k): int(n) for k, n in rows}

    async def event_counts(self, since: datetime | None, until: datetime | None) -> dict[str, int]:
        """Events of the period's cases by kind (escalations, reopenings, decisions, ...)."""
        e = tables.case_events.c
        rows = await self.session.execute(
            select(e.kind, func.count()).select_from(tables.case_events.join(tables.cases, e.case_id == _C.id))
            .where(_period(since, until)).group_by(e.kind))
        return {str(k): int(n) for k, n in rows}

    async def referral_counts(self, since: datetime | None, until: datetime | None) -> tuple[int, int, dict[str, int]]:
        """(offered the external body, referred to it, outcomes by outcome)."""
        totals = (await self.session.execute(select(
            func.count(_C.referral_offered_at), func.count(_C.referred_at)).where(_period(since, until)))).one()
        rows = await self.session.execute(select(_C.referral_outcome, func.count()).where(
            _period(since, until), _C.referral_outcome.is_not(None)).group_by(_C.referral_outcome))
        return int(totals[0]), int(totals[1]), {str(k): int(n) for k, n in rows}

    async def case_times(self, since: datetime | None, until: datetime | None) -> list[Any]:
        """The period's cases' times only (no other column): priority, status, received_at,
        acknowledged_at, first_response_at, closed_at, due_acknowledge, due_first_response,
        due_resolution."""
        return list(await self.session.execute(select(
            _C.priority, _C.status, _C.received_at, _C.acknowledged_at, _C.first_response_at, _C.closed_at,
            _C.due_acknowledge, _C.due_first_response, _C.due_resolution).where(_period(since, until))))

    async def overdue_open(self, now: datetime) -> tuple[int, list[Any]]:
        """(open cases now, [(priority, due_resolution)] of the open cases past their resolution time)."""
        open_ = _C.status.not_in(_FINAL)
        count = int((await self.session.execute(select(func.count()).where(open_))).scalar_one())
        rows = await self.session.execute(select(_C.priority, _C.due_resolution).where(
            open_, _C.due_resolution < now))
        return count, list(rows)

    def _rated(self, since: datetime | None, until: datetime | None, key: Any) -> Select[Any]:
        s = tables.satisfaction.c
        return (select(key.label("key"), func.avg(s.rating), func.count())
                .select_from(tables.satisfaction.join(tables.cases, s.case_id == _C.id))
                .where(_period(since, until)).group_by(key))

    async def ratings_by(self, grouping: str, since: datetime | None, until: datetime | None) -> dict[str, tuple[float, int]]:
        """Average rating and count of the period's cases' survey answers by ``grouping``:
        rating, category, agent or month (of the answer)."""
        s = tables.satisfaction.c
        key: Any = {"rating": s.rating, "category": _C.category, "agent": func.coalesce(s.agent_id, ""),
                    "month": self._month(s.at)}[grouping]
        rows = await self.session.execute(self._rated(since, until, key))
        return {str(k): (float(avg), int(n)) for k, avg, n in rows}

    async def latest_comments(self, since: datetime | None, until: datetime | None, limit: int) -> list[Any]:
        """(reference, rating, comment) of the latest survey answers with a comment."""
        s = tables.satisfaction.c
        return list(await self.session.execute(
            select(_C.reference, s.rating, s.comment).select_from(tables.satisfaction.join(tables.cases, s.case_id == _C.id))
            .where(_period(since, until), s.comment.is_not(None), s.comment != "")
            .order_by(s.at.desc(), s.id.desc()).limit(limit)))

    async def investigation_counts(self, since: datetime | None, until: datetime | None
                                   ) -> tuple[dict[str, int], dict[str, int], dict[str, Decimal]]:
        """(root causes, redress kinds, redress totals by currency) of the period's investigation records."""
        i = tables.investigations.c
        joined = tables.investigations.join(tables.cases, i.case_id == _C.id)

        async def counts(column: Any) -> dict[str, int]:
            rows = await self.session.execute(select(column, func.count()).select_from(joined).where(
                _period(since, until), column.is_not(None)).group_by(column))
            return {str(k): int(n) for k, n in rows}

        totals = await self.session.execute(select(i.redress_currency, i.redress_amount).select_from(joined).where(
            _period(since, until), i.redress_amount.is_not(None), i.redress_currency.is_not(None)))
        money: dict[str, Decimal] = {}
        for currency, amount in totals:  # summed here: the amounts are exact decimals stored as text on SQLite
            money[currency] = money.get(currency, Decimal(0)) + amount
        return await counts(i.root_cause), await counts(i.redress_kind), money


__all__ = ["ReportAggregates"]
