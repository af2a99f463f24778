"""Queries of erasure (core.erasure): finding what a person or an expired case left in every
table, and blanking it in bulk statements."""

from __future__ import annotations

from typing import Any

import hashlib
from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, bindparam, delete, false, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Case
from core.ports import Row
from core.status import FINAL_STATUSES, InboundStatus
from core.storage import tables

ERASED = "[erased]"


class PersonalDataQueries:
    session: AsyncSession

    async def cases_by_ids(self, case_ids: Collection[str]) -> list[Case]:
        if not case_ids:
            return []
        return list((await self.session.execute(
            select(Case).where(tables.cases.c.id.in_(list(case_ids))).order_by(tables.cases.c.received_at, tables.cases.c.id))).scalars())

    async def case_ids_of(self, complainant_id: str) -> list[str]:
        return list((await self.session.execute(select(tables.cases.c.id).where(
            tables.cases.c.complainant_id == complainant_id).order_by(tables.cases.c.received_at))).scalars())

    async def unerased_case_ids_of(self, complainant_id: str) -> set[str]:
        return set((await self.session.execute(select(tables.cases.c.id).where(
            tables.cases.c.complainant_id == complainant_id, tables.cases.c.erased_at.is_(None)))).scalars())

    async def expired_cases(self, closed_before: datetime, limit: int) -> list[Row]:
        """Finished cases closed before ``closed_before`` whose personal data is still there, as
        rows of ``id``, ``reference`` and ``complainant_id``, oldest first."""
        cases = tables.cases
        return list((await self.session.execute(
            select(cases.c.id, cases.c.reference, cases.c.complainant_id)
            .where(cases.c.status.in_([s.value for s in FINAL_STATUSES]), cases.c.closed_at < closed_before,
                   cases.c.erased_at.is_(None))
            .order_by(cases.c.closed_at, cases.c.id).limit(limit))).all())

    async def complainants_keeping_cases(self, complainant_ids: Collection[str], leaving: Collection[str]) -> set[str]:
        """Of ``complainant_ids``, those with a case whose personal data stays (not erased, and
        not one of ``leaving``)."""
        if not complainant_ids:
            return set()
        cases = tables.cases
        return set((await self.session.execute(select(cases.c.complainant_id).where(
            cases.c.complainant_id.in_(list(complainant_ids)), cases.c.erased_at.is_(None),
            cases.c.id.not_in(list(leaving)) if leaving else true()).distinct())).scalars())

    async def links_of_cases(self, case_ids: Collection[str]) -> set[tuple[str, str, str]]:
        """(reference, kind, value) of every link of ``case_ids``."""
        if not case_ids:
            return set()
        links, cases = tables.case_links, tables.cases
        return {(row.reference, row.kind, row.value) for row in await self.session.execute(
            select(cases.c.reference, links.c.kind, links.c.value).join(cases, cases.c.id == links.c.case_id)
            .where(links.c.case_id.in_(list(case_ids))))}

    async def deliveries(self, case_ids: Collection[str], addresses: Collection[tuple[str, str]]) -> set[tuple[str, str]]:
        """(channel, delivered reference) of the notifications of ``case_ids`` and of those sent
        outside any case to ``addresses``."""
        n = tables.notifications
        rows = await self.session.execute(select(n.c.channel, n.c.delivered_ref).where(
            n.c.delivered_ref.is_not(None), or_(_of_cases(case_ids), _caseless_to(addresses))))
        return {(row.channel, row.delivered_ref) for row in rows}

    async def attachment_hashes(self, case_ids: Collection[str]) -> set[str]:
        if not case_ids:
            return set()
        a = tables.attachments
        return set((await self.session.execute(select(a.c.sha256).where(a.c.case_id.in_(list(case_ids))))).scalars())

    async def hashes_in_use(self, hashes: Collection[str]) -> set[str]:
        """Of ``hashes``, those a case whose personal data stays still refers to."""
        if not hashes:
            return set()
        a, cases = tables.attachments, tables.cases
        return set((await self.session.execute(
            select(a.c.sha256).join(cases, cases.c.id == a.c.case_id)
            .where(a.c.sha256.in_(list(hashes)), cases.c.erased_at.is_(None)).distinct())).scalars())

    async def blank_case_records(self, case_ids: Sequence[str], keep_link_kinds: Collection[str]) -> None:
        """Blank what the cases' own records hold of the person: every message body (what they
        wrote, and what agents wrote to or about them), the platform ids of what they sent, audit
        reasons (their digests stay in the chain), survey comments, the investigation's findings
        and corrective action, attachment names, and every link but the channels' own handles."""
        if not case_ids:
            return
        ids = list(case_ids)
        m, e, s, a, links = tables.messages, tables.case_events, tables.satisfaction, tables.attachments, tables.case_links
        for statement in (
            update(m).where(m.c.case_id.in_(ids)).values(body=ERASED),
            update(m).where(m.c.case_id.in_(ids), m.c.direction == "in").values(platform_message_id=None),
            update(e).where(e.c.case_id.in_(ids), e.c.reason.is_not(None)).values(reason=None),
            update(s).where(s.c.case_id.in_(ids), s.c.comment.is_not(None)).values(comment=None),
            update(tables.investigations).where(tables.investigations.c.case_id.in_(ids))
            .values(findings=None, corrective_action=None),
            update(a).where(a.c.case_id.in_(ids)).values(filename=ERASED),
            delete(links).where(links.c.case_id.in_(ids), links.c.kind.not_in(list(keep_link_kinds))),
        ):
            await self.session.execute(statement)

    async def notifications_about(self, case_ids: Collection[str], addresses: Collection[tuple[str, str]]) -> list[Row]:
        """The outbox rows of ``case_ids`` and those sent outside any case to ``addresses``, as
        rows of ``id``, ``channel``, ``address``, ``idempotency_key``, ``status``, ``params`` and ``last_error``."""
        n = tables.notifications
        return list((await self.session.execute(
            select(n.c.id, n.c.channel, n.c.address, n.c.idempotency_key, n.c.status, n.c.params, n.c.last_error)
            .where(or_(_of_cases(case_ids), _caseless_to(addresses))).order_by(n.c.id))).all())

    async def rewrite_notifications(self, changes: Sequence[dict[str, Any]]) -> None:
        """Set ``address``, ``thread``, ``idempotency_key``, ``params``, ``status`` and ``last_error``
        of outbox rows, given as dicts of ``n_id`` and ``n_address``, ``n_thread``, ``n_key``,
        ``n_params``, ``n_status``, ``n_error``."""
        if changes:
            n = tables.notifications
            await self.session.execute(
                update(n).where(n.c.id == bindparam("n_id")).values(
                    address=bindparam("n_address"), thread=bindparam("n_thread"), idempotency_key=bindparam("n_key"),
                    params=bindparam("n_params", type_=n.c.params.type),
                    status=bindparam("n_status"), last_error=bindparam("n_error")),
                list(changes))

    async def blank_person(self, complainant_id: str, now: datetime) -> None:
        """The person's contact details go, and every identity that would recognise them."""
        people = tables.complainants
        await self.session.execute(update(people).where(people.c.id == complainant_id).values(name=None, email=None, phone=None))
        await self.session.execute(update(people).where(people.c.id == complainant_id, people.c.erased_at.is_(None))
                                   .values(erased_at=now))  # the first erasure's time stays
        await self.session.execute(delete(tables.identities).where(tables.identities.c.complainant_id == complainant_id))


    async def blank_inbound(self, addresses: Collection[tuple[str, str]], references: Collection[str]) -> int:
        """The raw deliveries the person sent (by the channel's conversation) and those others
        sent about their cases (an agent's thread replies): their payload and outcome go, their
        key becomes a digest (an email's holds the sender's address), and one still waiting is
        not processed any more. Returns how many rows."""
        if not addresses and not references:
            return 0
        inbound = tables.inbound
        theirs = [and_(inbound.c.channel == channel, inbound.c.conversation == address) for channel, address in addresses]
        if references:
            theirs.append(inbound.c.case_reference.in_(list(references)))
        rows = (await self.session.execute(select(inbound.c.id, inbound.c.dedup_key, inbound.c.status).where(
            or_(*theirs)))).all()
        await self._blank_inbound_rows(rows, InboundStatus.IGNORED)
        return len(rows)

    async def blank_settled_inbound(self, received_before: datetime, limit: int) -> int:
        """Raw deliveries settled and older than ``received_before`` (past the retention window):
        their payloads are of no more use. Returns how many rows (at most ``limit`` a call)."""
        inbound = tables.inbound
        rows = (await self.session.execute(select(inbound.c.id, inbound.c.dedup_key, inbound.c.status).where(
            inbound.c.received_at < received_before, inbound.c.status != InboundStatus.PENDING,
            inbound.c.payload != b"").order_by(inbound.c.id).limit(limit))).all()
        await self._blank_inbound_rows(rows, InboundStatus.IGNORED)
        return len(rows)

    async def _blank_inbound_rows(self, rows: Sequence[Row], pending_becomes: InboundStatus) -> None:
        if not rows:
            return
        await self.session.execute(_BLANK_INBOUND, [{
            "row_id": row.id, "erased_key": ERASED_KEY + hashlib.sha256(row.dedup_key.encode()).hexdigest()[:40],
            "new_status": pending_becomes if row.status == InboundStatus.PENDING else row.status,
        } for row in rows])


_BLANK_INBOUND = (update(tables.inbound).where(tables.inbound.c.id == bindparam("row_id"))
                  .values(payload=b"", dedup_key=bindparam("erased_key"), status=bindparam("new_status"),
                          conversation=None, case_reference=None, outcome=ERASED, claimed_by=None, claimed_until=None))
ERASED_KEY = "erased:"


def _of_cases(case_ids: Collection[str]) -> ColumnElement[bool]:
    return tables.notifications.c.case_id.in_(list(case_ids)) if case_ids else false()


def _caseless_to(addresses: Collection[tuple[str, str]]) -> ColumnElement[bool]:
    n = tables.notifications
    if not addresses:
        return false()
    return and_(n.c.case_id.is_(None), or_(*(and_(n.c.channel == channel, n.c.address == address)
                                              for channel, address in addresses)))
