"""Cases written straight into the tables with bulk INSERTs: for the report's tests and benchmark,
which need many cases with known times, not the service's path to them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from core.storage import tables


def complainant_row(index: int, at: datetime) -> dict[str, Any]:
    return {"id": f"P{index:011d}", "name": None, "email": None, "phone": None, "language": "en", "created_at": at,
            "erased_at": None}


def case_row(index: int, received_at: datetime, *, complainant: int = 0, status: str = "investigating",
             category: str = "billing", channel: str = "web", product: str | None = None, priority: str = "medium",
             received_via: str | None = None, acknowledged_after: timedelta | None = None,
             first_response_after: timedelta | None = None, closed_after: timedelta | None = None,
             due: tuple[timedelta, timedelta, timedelta] = (timedelta(hours=1), timedelta(days=2), timedelta(days=14)),
             referral_offered: bool = False, referred: bool = False, referral_outcome: str | None = None) -> dict[str, Any]:
    """One case row; times are offsets from ``received_at``; ``due`` the (acknowledge, first
    response, resolution) due times as offsets."""

    def after(offset: timedelta | None) -> datetime | None:
        return None if offset is None else received_at + offset

    return {
        "id": f"C{index:011d}", "reference": f"CMP-{index:08d}", "complainant_id": f"P{complainant:011d}",
        "status": status, "channel": channel, "reply_address": "someone", "reply_thread": None, "language": "en",
        "subject": None, "description": "A complaint.", "category": category, "product": product,
        "order_number": None, "incident_date": None, "desired_outcome": None, "on_behalf_of": None, "location": None,
        "amount": None, "currency": None, "severity": 2, "complexity": 2, "impact": 2, "urgency": 2,
        "immediate_action": False, "priority": priority, "signals": [], "assessment_overridden": False,
        "assignee": None, "escalation_level": 0, "needs_human": False, "proposed_decision": None,
        "complainant_decision": None,
        "referral_offered_at": received_at if referral_offered else None, "referral_body": None,
        "referred_at": received_at if referred else None, "referral_outcome": referral_outcome,
        "referral_outcome_at": received_at if referral_outcome else None,
        "due_acknowledge": received_at + due[0], "due_first_response": received_at + due[1],
        "due_resolution": received_at + due[2], "received_at": received_at,
        "acknowledged_at": after(acknowledged_after), "first_response_at": after(first_response_after),
        "responded_at": None, "closed_at": after(closed_after), "waiting_since": None, "updated_at": received_at,
        "erased_at": None, "received_via": received_via, "audit_seq": 0, "audit_head": "0" * 64, "version": 1,
    }


def event_row(case_index: int, seq: int, kind: str, at: datetime) -> dict[str, Any]:
    return {"case_id": f"C{case_index:011d}", "seq": seq, "kind": kind, "actor_kind": "system", "actor_id": "test",
            "at": at, "from_status": None, "to_status": None, "reason": None, "data": {}, "prev_hash": "0" * 64,
            "hash": f"{case_index:032d}{seq:032d}"}


def rating_row(case_index: int, rating: int, at: datetime, *, comment: str | None = None,
               agent: str | None = None) -> dict[str, Any]:
    return {"case_id": f"C{case_index:011d}", "rating": rating, "comment": comment, "agent_id": agent, "at": at,
            "closed_at": at}


async def insert_rows(engine: AsyncEngine, complainants: Sequence[dict[str, Any]], cases: Sequence[dict[str, Any]],
                      events: Sequence[dict[str, Any]] = (), ratings: Sequence[dict[str, Any]] = (),
                      batch: int = 5000) -> None:
    """Bulk INSERTs (executemany) in batches of ``batch`` rows, one transaction."""
    async with engine.begin() as connection:
        for table, rows in ((tables.complainants, complainants), (tables.cases, cases),
                            (tables.case_events, events), (tables.satisfaction, ratings)):
            for start in range(0, len(rows), batch):
                await connection.execute(insert(table), list(rows[start:start + batch]))


def investigation_row(case_index: int, at: datetime, *, root_cause: str | None, corrective_action: str | None = None,
                      redress_kind: str | None = None, amount: str | None = None, currency: str | None = None) -> dict[str, Any]:
    from decimal import Decimal

    return {"case_id": f"C{case_index:011d}", "findings": None, "root_cause": root_cause,
            "corrective_action": corrective_action, "redress_kind": redress_kind,
            "redress_amount": Decimal(amount) if amount else None, "redress_currency": currency,
            "recorded_by": "U1", "recorded_at": at}


async def insert_investigations(engine: AsyncEngine, rows: Sequence[dict[str, Any]], batch: int = 5000) -> None:
    async with engine.begin() as connection:
        for start in range(0, len(rows), batch):
            await connection.execute(insert(tables.investigations), list(rows[start:start + batch]))
