"""The hash-chained audit trail: each case's events form a chain, every event carrying the hash
of the one before. Free text (reasons) is covered by its digest only, so erasing personal data
blanks the text and leaves the chain intact."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from core.actors import Actor
from core.model import Case, CaseEvent

if TYPE_CHECKING:
    from core.ports import UnitOfWork

GENESIS = "0" * 64


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_hash(event: CaseEvent) -> str:
    body = {
        "case": event.case_id,
        "seq": event.seq,
        "kind": event.kind,
        "actor": [event.actor_kind, event.actor_id],
        "at": event.at.isoformat(),
        "from": event.from_status,
        "to": event.to_status,
        "data": event.data,
        "prev": event.prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def append(case: Case, kind: str, actor: Actor, at: datetime, *, from_status: str | None = None,
           to_status: str | None = None, reason: str | None = None, data: dict[str, Any] | None = None) -> CaseEvent:
    """The next event of ``case``'s chain; advances the case's chain head."""
    payload = dict(data or {})
    if reason is not None:
        payload["reason_sha256"] = digest(reason)
    event = CaseEvent(
        case_id=case.id, seq=case.audit_seq + 1, kind=kind, actor_kind=actor.kind.value, actor_id=actor.id,
        at=at.astimezone(timezone.utc), data=payload, prev_hash=case.audit_head or GENESIS, hash="",
        from_status=from_status, to_status=to_status, reason=reason,
    )
    event.hash = event_hash(event)
    case.audit_seq, case.audit_head = event.seq, event.hash
    return event


@dataclass(frozen=True, slots=True)
class Breach:
    case_id: str
    seq: int
    event_id: int | None
    problem: str


def verify_chain(events: list[CaseEvent]) -> Breach | None:
    """Walk one case's events in ``seq`` order; the first one that does not fit, or None."""
    previous = GENESIS
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            return Breach(event.case_id, event.seq, event.id, f"expected event #{expected_seq}, found #{event.seq} (an event is missing)")
        if event.prev_hash != previous:
            return Breach(event.case_id, event.seq, event.id, "its previous-hash does not match the event before it")
        if event_hash(event) != event.hash:
            return Breach(event.case_id, event.seq, event.id, "its content does not match its hash (it was altered)")
        if event.reason is not None and event.data.get("reason_sha256") != digest(event.reason):
            return Breach(event.case_id, event.seq, event.id, "its reason text does not match its digest (it was altered)")
        previous = event.hash
    return None


async def verify_all(uow: UnitOfWork) -> tuple[int, Breach | None]:
    """Walk every case's chain; (events checked, first breach or None). The chain head kept on
    the case also catches events removed from the end; the case's description and the message
    bodies the events name are checked against their recorded digests (:mod:`core.audit_texts`)."""
    checked = 0
    for case_id, seq, head in await uow.audit_heads():
        events = await uow.events(case_id)
        checked += len(events)
        breach = verify_chain(events)
        if breach is None and (case := await uow.case_by_id(case_id)) is not None:
            from core.audit_texts import text_breach  # the texts module reads this one's digests

            breach = text_breach(case, events, await uow.messages(case_id))
        if breach:
            return checked, breach
        last = events[-1] if events else None
        if (last.seq if last else 0) != seq or (last.hash if last else "") != head:
            return checked, Breach(case_id, seq, last.id if last else None,
                                   "the case's chain head does not match its last event (events were removed)")
    orphan = await uow.case_of_orphan_event()
    if orphan is not None:
        return checked, Breach(orphan, 0, None, "events exist for a case that is gone")
    return checked, None
