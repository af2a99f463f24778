"""Queries the service layer needs, grouped by record. Everything runs in the unit of work's session."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Select, Table, and_, bindparam, delete, func, insert, inspect, literal, null, or_, select, union_all, update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from core.model import (
    Attachment, Case, CaseEvent, CaseLink, ChannelIdentity, Complainant, InboundRecord, Message, Notification,
    Investigation, Satisfaction,
)
from core.case_filter import CaseFilter
from core.ports import Row
from core.model import DELIVERED
from core.status import FINAL_STATUSES, InboundStatus, NotificationStatus
from core.storage import tables


class Repositories:
    session: AsyncSession
    dialect: str

    # complainants and identities
    async def identity(self, channel: str, address: str) -> ChannelIdentity | None:
        return (await self.session.execute(
            select(ChannelIdentity).where(tables.identities.c.channel == channel, tables.identities.c.address == address)
        )).scalar_one_or_none()

    async def contact_of(self, channel: str, address: str) -> Row | None:
        """The complainant behind an identity as a plain row (``id``, ``name``, ``email``,
        ``phone``, ``language``), in one round trip and without loading records: intake's hot path."""
        return (await self.session.execute(_CONTACT, {"channel": channel, "address": address})).first()

    async def update_contact(self, complainant_id: str, changes: dict[str, object]) -> None:
        await self.session.execute(
            update(tables.complainants).where(tables.complainants.c.id == complainant_id).values(**changes))

    async def identities_of(self, complainant_id: str) -> list[ChannelIdentity]:
        return list((await self.session.execute(
            select(ChannelIdentity).where(tables.identities.c.complainant_id == complainant_id)
        )).scalars())

    async def complainant(self, complainant_id: str) -> Complainant | None:
        return await self.session.get(Complainant, complainant_id)

    # cases
    async def case_by_reference(self, reference: str, *, for_update: bool = False) -> Case | None:
        query = select(Case).where(tables.cases.c.reference == reference)
        if for_update and self.dialect == "postgresql":
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def case_by_id(self, case_id: str) -> Case | None:
        return await self.session.get(Case, case_id)

    async def case_brief_with_message(self, channel: str, address: str, platform_message_id: str) -> Row | None:
        """The case of this identity's owner that holds the message ``platform_message_id``, as a
        row of ``id``, ``reference`` and ``language`` (the latest, should there be several)."""
        return (await self.session.execute(_CASE_BRIEF_WITH_MESSAGE, {
            "channel": channel, "address": address, "message": platform_message_id})).first()

    async def case_brief_and_links_with_message(self, channel: str, address: str,
                                                platform_message_id: str) -> tuple[Row, set[tuple[str, str]]] | None:
        """:meth:`case_brief_with_message` and that case's :meth:`link_values`, in one round trip
        (the email worker's settlement of every new mail)."""
        rows = (await self.session.execute(_CASE_BRIEF_AND_LINKS, {
            "channel": channel, "address": address, "message": platform_message_id})).all()
        if not rows:
            return None
        return rows[0], {(row.kind, row.value) for row in rows if row.kind is not None}

    async def case_thread(self, case_id: str, channel: str) -> tuple[str, str | None, list[tuple[str, str]]] | None:
        """What an outgoing message needs of its case's thread: (reference, subject, [(kind,
        value)] in time order), read without loading the case. The list holds the case's links and,
        as kind ``DELIVERED``, the platform reference of every notification delivered on ``channel``."""
        rows = (await self.session.execute(_CASE_THREAD, {"case_id": case_id, "channel": channel})).all()
        head = {row.kind: row.value for row in rows if row.kind in _HEAD_KINDS}
        if _HEAD_REFERENCE not in head:
            return None
        return (head[_HEAD_REFERENCE], head.get(_HEAD_SUBJECT),
                [(row.kind, row.value) for row in rows if row.kind not in _HEAD_KINDS])

    async def case_id_of(self, reference: str) -> str | None:
        return (await self.session.execute(_CASE_ID, {"reference": reference})).scalar_one_or_none()

    async def existing_references(self, references: Sequence[str]) -> list[Case]:
        if not references:
            return []
        return list((await self.session.execute(select(Case).where(tables.cases.c.reference.in_(list(references))))).scalars())

    async def cases(self, flt: CaseFilter) -> list[Case]:
        return list((await self.session.execute(self._filtered(flt))).scalars())

    async def count_cases(self, flt: CaseFilter) -> int:
        query = self._filtered(flt).order_by(None).limit(None).offset(None)
        return int((await self.session.execute(select(func.count()).select_from(query.subquery()))).scalar_one())

    def _filtered(self, flt: CaseFilter) -> Select[Any]:
        query = select(Case)
        if flt.status:
            query = query.where(tables.cases.c.status.in_(list(flt.status)))
        if flt.open_only:
            query = query.where(tables.cases.c.status.not_in([s.value for s in FINAL_STATUSES]))
        if flt.priority:
            query = query.where(tables.cases.c.priority.in_(list(flt.priority)))
        if flt.assignee:
            query = query.where(tables.cases.c.assignee == flt.assignee)
        if flt.unassigned:
            query = query.where(tables.cases.c.assignee.is_(None))
        if flt.channel:
            query = query.where(tables.cases.c.channel == flt.channel)
        if flt.category:
            query = query.where(tables.cases.c.category == flt.category)
        if flt.complainant_id:
            query = query.where(tables.cases.c.complainant_id == flt.complainant_id)
        if flt.received_from:
            query = query.where(tables.cases.c.received_at >= flt.received_from)
        if flt.received_to:
            query = query.where(tables.cases.c.received_at < flt.received_to)
        if flt.overdue_at:
            query = query.where(
                tables.cases.c.status.not_in([s.value for s in FINAL_STATUSES]),
                or_(tables.cases.c.due_resolution < flt.overdue_at,
                    and_(tables.cases.c.first_response_at.is_(None), tables.cases.c.due_first_response < flt.overdue_at)),
            )
        return query.order_by(tables.cases.c.received_at.desc(), tables.cases.c.id).limit(flt.limit).offset(flt.offset)

    async def latest_open_reference(self, channel: str, address: str) -> str | None:
        """The reference of the open case the owner of this identity touched last, in one query."""
        return (await self.session.execute(_LATEST_OPEN, {"channel": channel, "address": address})).scalar_one_or_none()

    async def case_progress(self, reference: str, channel: str, address: str) -> Row | None:
        return (await self.session.execute(
            _CASE_PROGRESS, {"reference": reference, "channel": channel, "address": address})).first()

    async def open_cases_of(self, complainant_id: str) -> list[Case]:
        return await self.cases(CaseFilter(complainant_id=complainant_id, open_only=True))

    # audit
    async def events(self, case_id: str) -> list[CaseEvent]:
        return list((await self.session.execute(
            select(CaseEvent).where(tables.case_events.c.case_id == case_id).order_by(tables.case_events.c.seq)
        )).scalars())

    async def audit_heads(self) -> list[tuple[str, int, str]]:
        """(case id, last sequence number, chain head) of every case, oldest first."""
        rows = await self.session.execute(_AUDIT_HEADS)
        return [(row.id, row.audit_seq, row.audit_head) for row in rows]

    async def case_of_orphan_event(self) -> str | None:
        """The case id of an audit event whose case is gone, if there is one."""
        return (await self.session.execute(_ORPHAN_EVENT)).scalar()

    # transcript
    async def messages(self, case_id: str) -> list[Message]:
        return list((await self.session.execute(
            select(Message).where(tables.messages.c.case_id == case_id).order_by(tables.messages.c.created_at, tables.messages.c.id)
        )).scalars())

    async def message(self, message_id: str) -> Message | None:
        return await self.session.get(Message, message_id)

    async def message_by_platform_id(self, case_id: str, platform_message_id: str) -> Message | None:
        return (await self.session.execute(select(Message).where(
            tables.messages.c.case_id == case_id, tables.messages.c.platform_message_id == platform_message_id
        ))).scalars().first()

    async def attachments(self, case_id: str) -> list[Attachment]:
        return list((await self.session.execute(
            select(Attachment).where(tables.attachments.c.case_id == case_id).order_by(tables.attachments.c.created_at)
        )).scalars())

    # links
    async def case_by_link(self, kind: str, value: str) -> Case | None:
        return (await self.session.execute(
            select(Case).join(CaseLink, tables.case_links.c.case_id == tables.cases.c.id).where(tables.case_links.c.kind == kind, tables.case_links.c.value == value)
        )).scalars().first()

    async def add_links(self, case_id: str, links: Sequence[tuple[str, str]], now: datetime) -> None:
        if links:
            await self.session.execute(insert(tables.case_links), [
                {"case_id": case_id, "kind": kind, "value": value, "created_at": now} for kind, value in links])

    async def link_values(self, case_id: str) -> set[tuple[str, str]]:
        """The case's links as (kind, value) pairs, read without loading records."""
        return {(row.kind, row.value) for row in await self.session.execute(_LINK_VALUES, {"case_id": case_id})}

    async def links(self, case_id: str, kind: str | None = None) -> list[CaseLink]:
        query = select(CaseLink).where(tables.case_links.c.case_id == case_id)
        if kind:
            query = query.where(tables.case_links.c.kind == kind)
        return list((await self.session.execute(query.order_by(tables.case_links.c.id))).scalars())

    async def link_values_by_reference(self, reference: str, kind: str) -> list[str]:
        return list((await self.session.execute(_LINK_VALUES_BY_REFERENCE, {"reference": reference, "kind": kind})).scalars())

    # satisfaction
    async def satisfaction(self, case_id: str) -> Satisfaction | None:
        """The rating of the case's latest closing, if there is one."""
        ratings = await self.ratings(case_id)
        return ratings[-1] if ratings else None

    async def ratings(self, case_id: str) -> list[Satisfaction]:
        """Every survey answer of the case, one per closing, oldest first."""
        s = tables.satisfaction
        return list((await self.session.execute(
            select(Satisfaction).where(s.c.case_id == case_id).order_by(s.c.at, s.c.id))).scalars())

    async def event_moves(self, since: datetime | None, until: datetime | None) -> dict[tuple[str, str | None], int]:
        """How many events of each (kind, status moved to) the cases received in [since, until) have."""
        e, c = tables.case_events, tables.cases
        query = select(e.c.kind, e.c.to_status, func.count()).join(c, c.c.id == e.c.case_id)
        if since is not None:
            query = query.where(c.c.received_at >= since)
        if until is not None:
            query = query.where(c.c.received_at < until)
        rows = await self.session.execute(query.group_by(e.c.kind, e.c.to_status))
        return {(row[0], row[1]): int(row[2]) for row in rows}

    # investigation
    async def investigation(self, case_id: str) -> Investigation | None:
        return (await self.session.execute(select(Investigation).where(
            tables.investigations.c.case_id == case_id))).scalar_one_or_none()

    # outbox
    async def notification(self, notification_id: int) -> Notification | None:
        return await self.session.get(Notification, notification_id)

    async def queue(self, notifications: Sequence[Notification]) -> int:
        """INSERT outbox rows, skipping any whose idempotency key was queued before; returns how
        many are new. The transaction stays usable either way."""
        statement = _QUEUE[self.dialect]
        new = 0
        for notification in notifications:
            result = await self.session.execute(statement, {c: getattr(notification, c) for c in _NOTIFICATION_COLUMNS})
            new += max(result.rowcount, 0)  # type: ignore[attr-defined]  # rowcount is on CursorResult; the stub says Result
        return new

    async def notifications(self, *, case_id: str | None = None, status: Sequence[str] = (), limit: int = 200) -> list[Notification]:
        query = select(Notification)
        if case_id:
            query = query.where(tables.notifications.c.case_id == case_id)
        if status:
            query = query.where(tables.notifications.c.status.in_(list(status)))
        return list((await self.session.execute(query.order_by(tables.notifications.c.id).limit(limit))).scalars())

    async def claim_due_notifications(self, now: datetime, lease_until: datetime, limit: int, *,
                                      claimer: str | None = None, earlier_self: str | None = None) -> list[Notification]:
        """Take up to ``limit`` due rows for this dispatcher in one statement (``FOR UPDATE SKIP
        LOCKED`` on PostgreSQL, so concurrent dispatchers never take the same row), leased to
        ``claimer`` until ``lease_until``; returns them detached, oldest due first. Rows held by a
        claimer whose name starts with ``earlier_self`` (this instance before a restart) are
        taken at once, without waiting for their lease."""
        table = tables.notifications
        sending = table.c.locked_until < now
        if claimer is not None and earlier_self is not None:
            sending = or_(sending, and_(table.c.claimed_by.startswith(earlier_self, autoescape=True),
                                        table.c.claimed_by != claimer))
        due = or_(
            and_(table.c.status == NotificationStatus.PENDING, table.c.next_attempt_at <= now),
            and_(table.c.status == NotificationStatus.SENDING, sending),
        )
        chosen = select(table.c.id).where(due).order_by(table.c.next_attempt_at, table.c.id).limit(limit)
        if self.dialect == "postgresql":
            chosen = chosen.with_for_update(skip_locked=True)
        rows = (await self.session.execute(
            update(table).where(table.c.id.in_(chosen.scalar_subquery()))
            .values(status=NotificationStatus.SENDING, locked_until=lease_until, claimed_by=claimer).returning(*table.c)
        )).all()
        claimed = [Notification(**row._mapping) for row in rows]
        claimed.sort(key=lambda n: (n.next_attempt_at, n.id))
        return claimed

    async def notification_statuses(self, ids: Sequence[int]) -> dict[int, str]:
        if not ids:
            return {}
        return {row.id: row.status for row in await self.session.execute(_NOTIFICATION_STATUSES, {"ids": list(ids)})}

    async def notification_counts(self) -> dict[tuple[str, str], int]:
        return {(row.channel, str(row.status)): int(row.rows) for row in await self.session.execute(_NOTIFICATION_COUNTS)}

    async def pending_inbound_counts(self) -> dict[str, int]:
        return {row.channel: int(row.rows) for row in await self.session.execute(_PENDING_INBOUND_COUNTS)}

    async def save_outcomes(self, notifications: Sequence[Notification]) -> None:
        """Write what the dispatcher decided for claimed rows (status, attempts, retry time,
        delivery reference, error) in one statement; a row no longer ``sending`` is left alone."""
        if notifications:
            await self.session.execute(_SAVE_OUTCOME, [{
                "n_id": n.id, "n_status": n.status, "n_attempts": n.attempts, "n_next": n.next_attempt_at,
                "n_sent_at": n.sent_at, "n_ref": n.delivered_ref, "n_error": n.last_error,
            } for n in notifications])

    # inbound records
    async def inbound(self, channel: str, dedup_key: str) -> InboundRecord | None:
        return (await self.session.execute(select(InboundRecord).where(
            tables.inbound.c.channel == channel, tables.inbound.c.dedup_key == dedup_key
        ))).scalar_one_or_none()

    async def inbound_keys(self, channel: str, dedup_keys: Sequence[str]) -> set[str]:
        """Which of ``dedup_keys`` are already recorded for ``channel`` (keys only: no records)."""
        if not dedup_keys:
            return set()
        return set((await self.session.execute(_INBOUND_KEYS, {"channel": channel, "keys": list(dedup_keys)})).scalars())

    async def record_inbound(self, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
        """INSERT inbound rows (dicts of the table's columns but ``id``) in one statement; returns
        each new row's id by its dedup key. A key stored before raises IntegrityError."""
        if not rows:
            return {}
        result = await self.session.execute(_RECORD_INBOUND, list(rows))
        return {row.dedup_key: row.id for row in result}

    async def settle_inbound(self, channel: str, changes: Sequence[dict[str, Any]]) -> None:
        """Set ``status`` and ``outcome`` of recorded inbound rows, given as dicts with ``key``,
        ``status``, ``outcome`` and optionally ``about`` (a case reference), in the order given;
        their claims end."""
        if changes:
            rows = [{"in_channel": channel, "about": None, **change} for change in changes]
            await self.session.execute(_SETTLE_INBOUND, rows[0] if len(rows) == 1 else rows)

    async def claim_inbound(self, channel: str, owner: str, now: datetime, lease_until: datetime, limit: int, *,
                            take_own: bool = False, exclude: Sequence[int] = ()) -> list[InboundRecord]:
        """Claim up to ``limit`` pending rows of ``channel`` that nobody holds (never claimed, or
        their claim expired), oldest first, for ``owner`` until ``lease_until``; each claim counts
        one more attempt. ``take_own``: also rows ``owner`` claimed before (an instance that
        restarts takes its own leftovers at once). ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
        concurrent claimers never take the same row."""
        table = tables.inbound
        free = or_(table.c.claimed_until.is_(None), table.c.claimed_until < now)
        if take_own:
            free = or_(free, table.c.claimed_by == owner)
        chosen = select(table.c.id).where(table.c.channel == channel, table.c.status == InboundStatus.PENDING, free)
        if exclude:
            chosen = chosen.where(table.c.id.not_in(list(exclude)))
        chosen = chosen.order_by(table.c.id).limit(limit)
        if self.dialect == "postgresql":
            chosen = chosen.with_for_update(skip_locked=True)
        rows = (await self.session.execute(
            update(table).where(table.c.id.in_(chosen.scalar_subquery()))
            .values(attempts=table.c.attempts + 1, claimed_by=owner, claimed_until=lease_until)
            .returning(*table.c)
        )).all()
        return sorted((InboundRecord(**row._mapping) for row in rows), key=lambda record: record.id or 0)

    async def release_inbound(self, channel: str, key: str, owner: str, not_before: datetime, *,
                              refund: bool = False) -> None:
        """Give a claimed row back: any process may take it again from ``not_before``; with
        ``refund`` its attempt does not count."""
        table = tables.inbound
        attempts = func.max(table.c.attempts - 1, 0) if self.dialect == "sqlite" else func.greatest(table.c.attempts - 1, 0)
        await self.session.execute(update(table).where(
            table.c.channel == channel, table.c.dedup_key == key, table.c.claimed_by == owner,
            table.c.status == InboundStatus.PENDING,
        ).values(claimed_by=None, claimed_until=not_before, **({"attempts": attempts} if refund else {})))

    async def inbound_by_id(self, record_id: int) -> InboundRecord | None:
        return await self.session.get(InboundRecord, record_id)

    async def earlier_inbound_in_hand(self, channel: str, conversation: str, before_id: int, now: datetime, *,
                                      exclude: Sequence[int] = ()) -> bool:
        table = tables.inbound
        query = select(table.c.id).where(
            table.c.channel == channel, table.c.conversation == conversation, table.c.id < before_id,
            table.c.status == InboundStatus.PENDING,
            or_(table.c.claimed_by.is_not(None), table.c.claimed_until.is_(None), table.c.claimed_until <= now))
        if exclude:
            query = query.where(table.c.id.not_in(list(exclude)))
        return (await self.session.execute(query.limit(1))).first() is not None

    async def inbound_rows(self, *, channel: str | None = None, status: Sequence[str] = (),
                           limit: int = 100) -> list[InboundRecord]:
        query = select(InboundRecord)
        if channel:
            query = query.where(tables.inbound.c.channel == channel)
        if status:
            query = query.where(tables.inbound.c.status.in_(list(status)))
        return list((await self.session.execute(query.order_by(tables.inbound.c.id.desc()).limit(limit))).scalars())

    async def queue_returning(self, notifications: Sequence[Notification]) -> list[Notification]:
        """INSERT outbox rows in one statement, skipping any whose idempotency key was queued
        before; returns the new ones with their ids (in the order given)."""
        if not notifications:
            return []
        rows = (await self.session.execute(_QUEUE_RETURNING[self.dialect], [
            {c: getattr(notification, c) for c in _NOTIFICATION_COLUMNS} for notification in notifications])).all()
        ids = {row.idempotency_key: row.id for row in rows}
        new = []
        for notification in notifications:
            if notification.idempotency_key in ids:
                notification.id = ids.pop(notification.idempotency_key)
                new.append(notification)
        return new

    # dialogue sessions kept in the database (deployments without Redis)
    async def conversation_state(self, key: str, now: datetime) -> bytes | None:
        return (await self.session.execute(_STATE, {"key": key, "now": now})).scalar_one_or_none()

    async def save_conversation_states(self, rows: Sequence[dict[str, Any]]) -> None:
        """Upsert states given as dicts of ``key``, ``data`` and ``expires_at``."""
        if rows:
            await self.session.execute(_SAVE_STATE[self.dialect], list(rows))

    async def delete_conversation_state(self, keys: Sequence[str]) -> None:
        if keys:
            await self.session.execute(
                delete(tables.conversation_state).where(tables.conversation_state.c.key.in_(list(keys))))

    async def purge_conversation_state(self, now: datetime) -> int:
        result = await self.session.execute(
            delete(tables.conversation_state).where(tables.conversation_state.c.expires_at <= now))
        return max(result.rowcount, 0)  # type: ignore[attr-defined,no-any-return]  # rowcount: on CursorResult, not on Result's stub

    def add(self, *records: object) -> None:
        self.session.add_all(records)

    async def insert(self, *records: object) -> None:
        """INSERT new records directly (no unit-of-work bookkeeping): the intake's fast path.
        Records are written in the order given, one statement per run of the same table; the
        objects stay transient (not tracked by the session)."""
        runs: list[tuple[Table, list[dict[str, Any]]]] = []
        for record in records:
            table = _table_of(cast(Hashable, type(record)))
            if not runs or runs[-1][0] is not table:
                runs.append((table, []))
            runs[-1][1].append(_row(record, table))

        def write(session: Session) -> None:  # every statement in one hop into SQLAlchemy's greenlet
            for table, rows in runs:
                session.execute(_insert_into(table), rows)

        if runs:
            await self.session.run_sync(write)


@functools.cache
def _table_of(record_type: Hashable) -> Table:
    return cast(Table, inspect(record_type).local_table)


@functools.cache
def _insert_into(table: Table) -> Insert:
    """One INSERT statement per table, built once (building one, and its cache key, per call
    cost more than running it)."""
    return insert(table)


def _row(record: object, table: Table) -> dict[str, Any]:
    # The records are dataclasses whose __init__ sets every field: their values are read from the
    # instance's __dict__, past the mapper's instrumented attributes (a field never set is read
    # through them, as before).
    values = record.__dict__
    row = {}
    for key, generated in _columns_of(table):
        value = values[key] if key in values else getattr(record, key)
        if value is None and generated:
            continue
        row[key] = value
    return row


@functools.cache
def _columns_of(table: Table) -> tuple[tuple[str, bool], ...]:
    """Each column's key, and whether the database generates it when it is left out."""
    return tuple((column.key, column.primary_key and column.autoincrement in (True, "auto")) for column in table.columns)


# Hot statements built once, as Core (no ORM entity loading): the intake paths run them per message.
_LATEST_OPEN = (
    select(tables.cases.c.reference)
    .join(tables.identities, tables.identities.c.complainant_id == tables.cases.c.complainant_id)
    .where(tables.identities.c.channel == bindparam("channel"), tables.identities.c.address == bindparam("address"),
           tables.cases.c.status.not_in([s.value for s in FINAL_STATUSES]))
    .order_by(tables.cases.c.updated_at.desc(), tables.cases.c.id).limit(1)
)
_INBOUND_KEYS = select(tables.inbound.c.dedup_key).where(
    tables.inbound.c.channel == bindparam("channel"), tables.inbound.c.dedup_key.in_(bindparam("keys", expanding=True)))
_AUDIT_HEADS = select(tables.cases.c.id, tables.cases.c.audit_seq, tables.cases.c.audit_head).order_by(
    tables.cases.c.received_at, tables.cases.c.id)
_ORPHAN_EVENT = select(tables.case_events.c.case_id).where(
    tables.case_events.c.case_id.not_in(select(tables.cases.c.id))).limit(1)
_RECORD_INBOUND = insert(tables.inbound).returning(tables.inbound.c.id, tables.inbound.c.dedup_key)
_NOTIFICATION_STATUSES = select(tables.notifications.c.id, tables.notifications.c.status).where(
    tables.notifications.c.id.in_(bindparam("ids", expanding=True)))
_NOTIFICATION_COUNTS = (
    select(tables.notifications.c.channel, tables.notifications.c.status, func.count().label("rows"))
    .where(tables.notifications.c.status.in_([NotificationStatus.PENDING, NotificationStatus.SENDING,
                                               NotificationStatus.DEAD]))
    .group_by(tables.notifications.c.channel, tables.notifications.c.status))
_PENDING_INBOUND_COUNTS = (
    select(tables.inbound.c.channel, func.count().label("rows"))
    .where(tables.inbound.c.status == InboundStatus.PENDING).group_by(tables.inbound.c.channel))
_SAVE_OUTCOME = (
    update(tables.notifications)
    .where(tables.notifications.c.id == bindparam("n_id"), tables.notifications.c.status == NotificationStatus.SENDING)
    .values(status=bindparam("n_status"), attempts=bindparam("n_attempts"), locked_until=None,
            next_attempt_at=bindparam("n_next"), sent_at=bindparam("n_sent_at"), delivered_ref=bindparam("n_ref"),
            last_error=bindparam("n_error"))
)
_SETTLE_INBOUND = (update(tables.inbound)
                   .where(tables.inbound.c.channel == bindparam("in_channel"), tables.inbound.c.dedup_key == bindparam("key"))
                   .values(status=bindparam("status"), outcome=bindparam("outcome"), claimed_until=None,
                           case_reference=func.coalesce(bindparam("about", type_=tables.inbound.c.case_reference.type),
                                                        tables.inbound.c.case_reference)))
_NOTIFICATION_COLUMNS = tuple(c.name for c in tables.notifications.c if c.name != "id")
_LINK_VALUES = (select(tables.case_links.c.kind, tables.case_links.c.value)
                .where(tables.case_links.c.case_id == bindparam("case_id")))
_CASE_BRIEF_WITH_MESSAGE = (
    select(tables.cases.c.id, tables.cases.c.reference, tables.cases.c.language)
    .join(tables.messages, tables.messages.c.case_id == tables.cases.c.id)
    .join(tables.identities, tables.identities.c.complainant_id == tables.cases.c.complainant_id)
    .where(tables.identities.c.channel == bindparam("channel"), tables.identities.c.address == bindparam("address"),
           tables.messages.c.platform_message_id == bindparam("message"))
    .order_by(tables.cases.c.received_at.desc()).limit(1)
)

_BRIEF = _CASE_BRIEF_WITH_MESSAGE.subquery()
_CASE_BRIEF_AND_LINKS = (
    select(_BRIEF.c.id, _BRIEF.c.reference, _BRIEF.c.language, tables.case_links.c.kind, tables.case_links.c.value)
    .outerjoin(tables.case_links, tables.case_links.c.case_id == _BRIEF.c.id)
)


_QUEUE: dict[str, Insert] = {  # by dialect: an outbox row whose idempotency key exists is skipped
    "postgresql": postgresql_insert(tables.notifications).on_conflict_do_nothing(index_elements=["idempotency_key"]),
    "sqlite": sqlite_insert(tables.notifications).on_conflict_do_nothing(index_elements=["idempotency_key"]),
}
_QUEUE_RETURNING = {dialect: statement.returning(tables.notifications.c.id, tables.notifications.c.idempotency_key)
                    for dialect, statement in _QUEUE.items()}
_STATE = select(tables.conversation_state.c.data).where(
    tables.conversation_state.c.key == bindparam("key"), tables.conversation_state.c.expires_at > bindparam("now"))


def _upsert_state(dialect_insert: Callable[[Table], Any]) -> Insert:
    statement = dialect_insert(tables.conversation_state)
    return statement.on_conflict_do_update(  # type: ignore[no-any-return]  # the dialect insert stubs return Any
        index_elements=["key"], set_={"data": statement.excluded.data, "expires_at": statement.excluded.expires_at})


_SAVE_STATE = {"postgresql": _upsert_state(postgresql_insert), "sqlite": _upsert_state(sqlite_insert)}


# The case's thread in one round trip: its links and delivered references in time order, and two
# rows of the case itself (kinds no link has: a link's kind is a word) for its reference and subject.
_HEAD_REFERENCE, _HEAD_SUBJECT = ":reference", ":subject"
_HEAD_KINDS = frozenset({_HEAD_REFERENCE, _HEAD_SUBJECT})
_CASE_THREAD = union_all(
    select(tables.case_links.c.kind, tables.case_links.c.value, tables.case_links.c.created_at.label("at"))
    .where(tables.case_links.c.case_id == bindparam("case_id")),
    select(literal(DELIVERED).label("kind"), tables.notifications.c.delivered_ref.label("value"),
           tables.notifications.c.sent_at.label("at"))
    .where(tables.notifications.c.case_id == bindparam("case_id"),
           tables.notifications.c.channel == bindparam("channel"), tables.notifications.c.delivered_ref.is_not(None)),
    select(literal(_HEAD_REFERENCE).label("kind"), tables.cases.c.reference.label("value"),
           null().label("at")).where(tables.cases.c.id == bindparam("case_id")),
    select(literal(_HEAD_SUBJECT).label("kind"), tables.cases.c.subject.label("value"),
           null().label("at")).where(tables.cases.c.id == bindparam("case_id")),
).order_by("at")
_CASE_PROGRESS = (
    select(tables.cases.c.reference, tables.cases.c.status, tables.cases.c.received_at, tables.cases.c.updated_at,
           tables.cases.c.due_first_response, tables.cases.c.first_response_at, tables.cases.c.due_resolution,
           tables.cases.c.proposed_decision, tables.identities.c.complainant_id.is_not(None).label("own"))
    .outerjoin(tables.identities, and_(tables.identities.c.complainant_id == tables.cases.c.complainant_id,
                                       tables.identities.c.channel == bindparam("channel"),
                                       tables.identities.c.address == bindparam("address")))
    .where(tables.cases.c.reference == bindparam("reference"))
)
_CASE_ID = select(tables.cases.c.id).where(tables.cases.c.reference == bindparam("reference"))
_LINK_VALUES_BY_REFERENCE = (
    select(tables.case_links.c.value)
    .join(tables.cases, tables.cases.c.id == tables.case_links.c.case_id)
    .where(tables.cases.c.reference == bindparam("reference"), tables.case_links.c.kind == bindparam("kind"))
    .order_by(tables.case_links.c.id))
_CONTACT = (
    select(tables.complainants.c.id, tables.complainants.c.name, tables.complainants.c.email,
           tables.complainants.c.phone, tables.complainants.c.language)
    .join(tables.identities, tables.identities.c.complainant_id == tables.complainants.c.id)
    .where(tables.identities.c.channel == bindparam("channel"), tables.identities.c.address == bindparam("address"))
)
