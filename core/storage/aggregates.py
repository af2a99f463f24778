"""The report's aggregates, computed in the database: GROUP BY over one pass of the period's cases,
no query per case. Activity (events, survey answers, investigation records) is counted by when it
happened; volumes and times by when the case was received."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Float, String, and_, case, cast, extract, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from core.status import FINAL_STATUSES, CaseStatus
from core.storage import tables

_C = tables.cases.c
_OPEN = [s.value for s in CaseStatus if s not in FINAL_STATUSES]
CASE_DIMENSIONS = ("status", "category", "channel", "product", "priority", "month")


def _between(column: Any, since: datetime | None, until: datetime | None) -> ColumnElement[bool]:
    conditions = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until)
    return and_(True, *conditions)


def _epoch(column: Any) -> ColumnElement[float]:
    """A UTC timestamp column as POSIX seconds (plain numbers travel and compare fast)."""
    return cast(extract("epoch", column), Float)


# On SQLite, a period holding more than this share of the cases is read by scanning the table: the
# index on received_at would cost one random look-up per case (PostgreSQL's planner decides itself).
SCAN_SHARE = 0.1
# How much of a complaint's description the recurring issues read: what it is about is said first.
TEXT_CHARS = 600


class ReportAggregates:
    session: AsyncSession
    dialect: str

    def _epoch(self, column: Any) -> ColumnElement[float]:
        """A UTC timestamp column as POSIX seconds (plain numbers travel and compare fast); on
        SQLite from julianday(), which reads its text twice as fast as strftime('%s')."""
        if self.dialect == "sqlite":
            return (func.julianday(column) - 2440587.5) * 86400.0
        return _epoch(column)

    async def _received(self, since: datetime | None, until: datetime | None) -> ColumnElement[bool]:
        """The cases received in [since, until), as a condition the engine reads fastest."""
        if self.dialect != "sqlite" or (since is None and until is None):
            return _between(_C.received_at, since, until)
        within = (await self.session.execute(select(func.count()).where(_between(_C.received_at, since, until)))).scalar_one()
        everything = (await self.session.execute(select(func.count()).select_from(tables.cases))).scalar_one()
        if within <= SCAN_SHARE * everything:
            return _between(_C.received_at, since, until)
        return _between(func.coalesce(_C.received_at, _C.received_at), since, until)  # no index on the expression

    def _month(self, column: Any) -> ColumnElement[str]:
        if self.dialect == "postgresql":
            return func.to_char(column, "YYYY-MM")
        return func.substr(column, 1, 7)

    async def case_counts(self, since: datetime | None, until: datetime | None,
                          previous_since: datetime | None = None) -> dict[tuple[str, bool], dict[str, int]]:
        """Cases received by dimension (status, category, channel, product, priority, month) and the
        referral counts (``offered``, ``referred``, ``outcome``): {(dimension, in [since, until)):
        {value: count}}; with ``previous_since`` also the cases of [previous_since, since) (flag
        False). One pass over the cases: the period's narrow rows are a CTE every GROUP BY reads."""
        start = previous_since if previous_since is not None else since
        current = (_C.received_at >= since) if since is not None and previous_since is not None else literal(True)
        period = select(
            case((current, 1), else_=0).label("current"), _C.status.label("status"), _C.category.label("category"),
            func.coalesce(_C.received_via, _C.channel).label("channel"), func.coalesce(_C.product, "").label("product"),
            _C.priority.label("priority"), self._month(_C.received_at).label("month"),
            _C.referral_offered_at.label("offered"), _C.referred_at.label("referred"),
            _C.referral_outcome.label("outcome"),
        ).where(await self._received(start, until)).cte("period")
        parts = [select(literal(name, String), period.c.current, cast(period.c[name], String), func.count())
                 .group_by(period.c.current, period.c[name]) for name in CASE_DIMENSIONS]
        parts.append(select(literal("outcome", String), period.c.current, cast(period.c.outcome, String), func.count())
                     .where(period.c.outcome.is_not(None)).group_by(period.c.current, period.c.outcome))
        for name in ("offered", "referred"):
            parts.append(select(literal("referral", String), period.c.current, literal(name, String), func.count())
                         .where(period.c[name].is_not(None)).group_by(period.c.current))
        found: dict[tuple[str, bool], dict[str, int]] = {}
        for dimension, flag, key, count in await self.session.execute(union_all(*parts)):
            found.setdefault((str(dimension), bool(flag)), {})[str(key)] = int(count)
        return found

    async def event_counts(self, since: datetime | None, until: datetime | None) -> dict[str, int]:
        """Events that happened in [since, until), by kind (escalations, reopenings, decisions, ...)."""
        e = tables.case_events.c
        rows = await self.session.execute(select(e.kind, func.count()).where(_between(e.at, since, until)).group_by(e.kind))
        return {str(k): int(n) for k, n in rows}

    async def case_times(self, since: datetime | None, until: datetime | None) -> list[Any]:
        """The period's cases' times only, as POSIX seconds: priority, status, received,
        acknowledged, first_response, closed, due_acknowledge, due_first_response, due_resolution."""
        epoch = self._epoch
        return list(await self.session.execute(select(
            _C.priority, _C.status, epoch(_C.received_at).label("received"), epoch(_C.acknowledged_at).label("acknowledged"),
            epoch(_C.first_response_at).label("first_response"), epoch(_C.closed_at).label("closed"),
            epoch(_C.due_acknowledge).label("due_acknowledge"), epoch(_C.due_first_response).label("due_first_response"),
            epoch(_C.due_resolution).label("due_resolution")).where(await self._received(since, until))))

    async def overdue_open(self, now: datetime) -> tuple[int, list[Any]]:
        """(open cases now, [(priority, due_resolution as POSIX seconds)] of the open cases past their resolution time)."""
        open_ = _C.status.in_(_OPEN)  # IN, not NOT IN: the index on status finds the open cases
        count = int((await self.session.execute(select(func.count()).where(open_))).scalar_one())
        rows = await self.session.execute(select(_C.priority, self._epoch(_C.due_resolution).label("due_resolution")).where(
            open_, _C.due_resolution < now))
        return count, list(rows)

    async def ratings_by(self, grouping: str, since: datetime | None, until: datetime | None) -> dict[str, tuple[float, int]]:
        """Average rating and count of the survey answers given in [since, until) by ``grouping``:
        rating, category (of the case), agent or month."""
        s = tables.satisfaction.c
        key: Any = {"rating": s.rating, "category": _C.category, "agent": func.coalesce(s.agent_id, ""),
                    "month": self._month(s.at)}[grouping]
        query = select(key.label("key"), func.avg(s.rating), func.count()).where(_between(s.at, since, until)).group_by(key)
        if grouping == "category":
            query = query.select_from(tables.satisfaction.join(tables.cases, s.case_id == _C.id))
        return {str(k): (float(avg), int(n)) for k, avg, n in await self.session.execute(query)}

    async def latest_comments(self, since: datetime | None, until: datetime | None, limit: int) -> list[Any]:
        """reference, rating, comment, category, agent, language, name, email, phone, order_number of
        the latest survey answers given in [since, until) with a comment."""
        s, p = tables.satisfaction.c, tables.complainants.c
        joined = tables.satisfaction.join(tables.cases, s.case_id == _C.id).join(
            tables.complainants, _C.complainant_id == p.id)
        return list(await self.session.execute(
            select(_C.reference, s.rating, s.comment, _C.category, func.coalesce(s.agent_id, "").label("agent"),
                   _C.language, p.name, p.email, p.phone, _C.order_number).select_from(joined)
            .where(_between(s.at, since, until), s.comment.is_not(None), s.comment != "")
            .order_by(s.at.desc(), s.id.desc()).limit(limit)))

    async def complaint_texts(self, since: datetime | None, until: datetime | None, limit: int) -> tuple[int, list[Any]]:
        """(cases received in [since, until), the latest ``limit`` of them: reference, language,
        category, product, text (the description's first TEXT_CHARS characters), erased (its words
        are gone)). The index on received_at counts them alone and reads the latest newest first
        and stops; asking it for the erased ones would cost a look-up per case."""
        within = _between(_C.received_at, since, until)
        total = int((await self.session.execute(select(func.count()).where(within))).scalar_one())
        rows = await self.session.execute(
            select(_C.reference, _C.language, _C.category, func.coalesce(_C.product, "").label("product"),
                   func.substr(_C.description, 1, TEXT_CHARS).label("text"), _C.erased_at.is_not(None).label("erased"))
            .where(within).order_by(_C.received_at.desc(), _C.id.desc()).limit(limit))
        return total, list(rows)

    async def investigation_counts(self, since: datetime | None, until: datetime | None
                                   ) -> tuple[dict[str, tuple[int, int]], dict[str, int], dict[str, Decimal]]:
        """Of the investigation records made in [since, until): root causes ({cause: (records, with a
        corrective action)}), redress kinds, redress totals by currency."""
        i = tables.investigations.c
        made = _between(i.recorded_at, since, until)
        causes = await self.session.execute(select(i.root_cause, func.count(), func.count(i.corrective_action))
                                            .where(made, i.root_cause.is_not(None)).group_by(i.root_cause))
        kinds = await self.session.execute(select(i.redress_kind, func.count())
                                           .where(made, i.redress_kind.is_not(None)).group_by(i.redress_kind))
        totals = await self.session.execute(select(i.redress_currency, i.redress_amount).where(
            made, i.redress_amount.is_not(None), i.redress_currency.is_not(None)))
        money: dict[str, Decimal] = {}
        for currency, amount in totals:  # summed here: exact decimals are stored as text on SQLite
            money[currency] = money.get(currency, Decimal(0)) + amount
        return ({str(k): (int(n), int(acted)) for k, n, acted in causes}, {str(k): int(n) for k, n in kinds}, money)


__all__ = ["CASE_DIMENSIONS", "ReportAggregates"]
