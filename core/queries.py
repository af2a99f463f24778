"""Read-only questions about cases: status by reference (details only for the complainant or an
agent), timelines, lists, overdue cases and the figures behind reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from config.policy import Policy
from core import audit, reference
from core.actors import Actor, ActorKind
from core.business_time import BusinessCalendar
from core.commands import Identity
from core.errors import AccessDenied, CaseNotFound
from core.model import Case, InboundRecord, Message, Notification
from core.ports import Clock
from core.results import CaseDetails, CaseProgress, StatusView, TimelineEntry
from core.status import NotificationStatus
from core.handling import RELATED_KINDS
from core.investigation import investigation_record
from core.surveys import current_rating
from core.report_builder import build_report
from core.report_figures import ReportFigures, SurveyComment
from core.case_filter import CaseFilter
from core.complainant_queries import ComplainantQueries
from core.ports import Anonymiser, IssueGrouper, UnitOfWork
from core.service import UowFactory

Requester = Identity | Actor


@dataclass(frozen=True, slots=True)
class CaseKey:
    """One way a channel names a case: by id, and failing that by one of its links (kind, value);
    or by reference."""

    case_id: str | None = None
    link: tuple[str, str] | None = None
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class ProcessFigures:
    """Monitoring figures (ISO 10002 8.4) over a period."""

    received: int
    by_status: dict[str, int]
    by_category: dict[str, int]
    by_channel: dict[str, int]
    open_cases: int
    overdue: int
    median_hours_to_first_response: float | None  # business hours
    median_hours_to_close: float | None  # business hours to a resolution (closed, not withdrawn or referred)
    first_response_on_time: float | None  # share of answered cases answered by their due time
    satisfaction_average: float | None
    satisfaction_count: int
    # External dispute resolution (ISO 10003): cases offered the external body, cases referred to
    # it, and the outcomes recorded, by outcome.
    external_offered: int = 0
    external_referred: int = 0
    external_outcomes: dict[str, int] = field(default_factory=dict)
    survey_comments: tuple[SurveyComment, ...] = ()  # every rating's comment, one survey per closing
    by_root_cause: dict[str, int] = field(default_factory=dict)  # investigation records (8.4 analysis)
    by_redress_kind: dict[str, int] = field(default_factory=dict)
    redress_totals: dict[str, Decimal] = field(default_factory=dict)  # currency -> the money given back
    # Escalations to a higher level (by an agent, by a rejected decision, by a missed time target;
    # a reopening is not one), those a missed time target made, and decisions the complainant rejected.
    escalations: int = 0
    escalated_by_time: int = 0
    decisions_rejected: int = 0


@dataclass(frozen=True, slots=True)
class Backlog:
    """What is waiting now, for operators' gauges: outbox rows by channel (waiting or in
    delivery), dead letters by channel, open cases past a time target, stored deliveries pending
    by channel."""

    outbox: dict[str, int]
    dead: dict[str, int]
    overdue_cases: int
    inbound_pending: dict[str, int]


class CaseQueries(ComplainantQueries):
    def __init__(self, uow: UowFactory, policy: Policy, clock: Clock) -> None:
        self._uow = uow
        self.policy = policy
        self.clock = clock
        self.calendar = BusinessCalendar(policy.business_hours)

    async def status(self, text: str, requester: Requester) -> StatusView:
        """Status of the case ``text`` names. Raises InvalidReference (``typo`` set when a character
        is mistyped) or CaseNotFound. Only the complainant or an agent gets ``details``."""
        ref = reference.normalise(text, self.policy.references.prefix)
        async with self._uow(read_only=True) as uow:
            case = await uow.case_by_reference(ref)
            if case is None:
                raise CaseNotFound(ref)
            allowed = await self._may_see(uow, case, requester)
            details = await self._details(uow, case) if allowed else None
        return StatusView(case.reference, case.status, case.received_at or case.updated_at, case.updated_at, details)  # type: ignore[arg-type]  # a stored case has both times

    async def progress(self, text: str, identity: Identity) -> CaseProgress:
        """The status of the case ``text`` names as a conversation tells it, in one statement: with
        what is due for its own complainant only. Raises as :meth:`status` does."""
        ref = reference.normalise(text, self.policy.references.prefix)
        async with self._uow(read_only=True) as uow:
            row = await uow.case_progress(ref, identity.channel, identity.address)
        if row is None:
            raise CaseNotFound(ref)
        received = row.received_at or row.updated_at
        if not row.own:
            return CaseProgress(row.reference, row.status, received, row.updated_at)
        return CaseProgress(row.reference, row.status, received, row.updated_at, own=True,
                            due_first_response=row.due_first_response, first_response_at=row.first_response_at,
                            due_resolution=row.due_resolution, proposed_decision=row.proposed_decision)

    async def details(self, text: str, requester: Requester) -> CaseDetails:
        view = await self.status(text, requester)
        if view.details is None:
            raise AccessDenied(f"{requester} may not see the details of {view.reference}")
        return view.details

    async def suggestions(self, text: str, identity: Identity) -> list[str]:
        """For a mistyped reference: the requester's own references one typo away ("did you mean")."""
        candidates = reference.near_misses(text, self.policy.references.prefix)
        async with self._uow(read_only=True) as uow:
            found = await uow.existing_references(candidates)
            own = await uow.identity(identity.channel, identity.address)
        if own is None:
            return []
        return sorted(case.reference for case in found if case.complainant_id == own.complainant_id)

    async def latest_open_case(self, identity: Identity) -> str | None:
        """The reference of the complainant's most recently updated open case, if any."""
        async with self._uow(read_only=True) as uow:
            return await uow.latest_open_reference(identity.channel, identity.address)

    async def cases_of(self, identity: Identity, *, open_only: bool = True) -> list[CaseDetails]:
        async with self._uow(read_only=True) as uow:
            own = await uow.identity(identity.channel, identity.address)
            if own is None:
                return []
            cases = await uow.cases(CaseFilter(complainant_id=own.complainant_id, open_only=open_only))
            return [await self._details(uow, case) for case in cases]

    async def timeline(self, text: str, requester: Requester) -> list[TimelineEntry]:
        """Events and messages of a case in time order (agents see internal notes too)."""
        ref = reference.normalise(text, self.policy.references.prefix)
        async with self._uow(read_only=True) as uow:
            case = await uow.case_by_reference(ref)
            if case is None:
                raise CaseNotFound(ref)
            if not await self._may_see(uow, case, requester):
                raise AccessDenied(f"{requester} may not see the timeline of {ref}")
            agent = isinstance(requester, Actor) and requester.kind in (ActorKind.AGENT, ActorKind.SYSTEM)
            entries = [
                TimelineEntry(e.at, e.kind, f"{e.actor_kind}:{e.actor_id}", e.reason, e.from_status, e.to_status, e.data)
                for e in await uow.events(case.id)
            ]
            entries += [
                TimelineEntry(m.created_at, f"message:{m.direction}", f"{m.author_kind}:{m.author_id}", m.body)
                for m in await uow.messages(case.id) if agent or m.direction != "note"
            ]
        return sorted(entries, key=lambda e: (e.at, not e.kind.startswith("message")))

    async def list_cases(self, flt: CaseFilter) -> list[CaseDetails]:
        async with self._uow(read_only=True) as uow:
            return [await self._details(uow, case) for case in await uow.cases(flt)]

    async def count(self, flt: CaseFilter) -> int:
        async with self._uow(read_only=True) as uow:
            return await uow.count_cases(flt)

    async def backlog(self) -> Backlog:
        """The backlog in three aggregate queries (no rows loaded). Overdue as in
        :meth:`overdue`: open, past the resolution target or the unmet first-response one."""
        async with self._uow(read_only=True) as uow:
            notifications = await uow.notification_counts()
            overdue = await uow.count_cases(CaseFilter(overdue_at=self.clock.now()))
            inbound = await uow.pending_inbound_counts()
        outbox: dict[str, int] = {}
        dead: dict[str, int] = {}
        for (channel, status), count in notifications.items():
            into = dead if status == NotificationStatus.DEAD else outbox
            into[channel] = into.get(channel, 0) + count
        return Backlog(outbox, dead, overdue, inbound)

    async def overdue(self, within_hours: float = 0.0, limit: int = 200) -> list[CaseDetails]:
        """Open cases overdue now, or due within ``within_hours`` (wall-clock)."""
        horizon = self.clock.now() + timedelta(hours=within_hours)
        return await self.list_cases(CaseFilter(overdue_at=horizon, limit=limit))

    async def notifications(self, *, status: tuple[str, ...] = (), reference_text: str | None = None,
                            limit: int = 200) -> list[Notification]:
        async with self._uow(read_only=True) as uow:
            case_id = None
            if reference_text:
                case = await uow.case_by_reference(reference.normalise(reference_text, self.policy.references.prefix))
                if case is None:
                    raise CaseNotFound(reference_text)
                case_id = case.id
            return await uow.notifications(case_id=case_id, status=status, limit=limit)

    async def inbound(self, *, status: tuple[str, ...] = (), channel: str | None = None,
                      limit: int = 50) -> list[InboundRecord]:
        """Stored deliveries, newest first (``failed`` ones were set aside and agents were told)."""
        async with self._uow(read_only=True) as uow:
            return await uow.inbound_rows(channel=channel, status=status, limit=limit)

    async def case_of_complainant(self, identity: Identity, keys: Sequence[CaseKey]) -> Case | None:
        """The first case ``keys`` name (in their order) whose complainant ``identity`` is."""
        async with self._uow(read_only=True) as uow:
            owner = await uow.identity(identity.channel, identity.address)
            if owner is None:
                return None
            for key in keys:
                case = await uow.case_by_id(key.case_id) if key.case_id else None
                if case is None and key.link is not None:
                    case = await uow.case_by_link(*key.link)
                if case is None and key.reference is not None:
                    case = await uow.case_by_reference(key.reference)
                if case is not None and case.complainant_id == owner.complainant_id:
                    return case
        return None

    async def link_values_of(self, reference: str, kind: str) -> list[str]:
        """The values of the case's links of ``kind``, oldest first (empty if there is no such case)."""
        async with self._uow(read_only=True) as uow:
            return await uow.link_values_by_reference(reference, kind)

    async def reference_by_link(self, kind: str, value: str) -> str | None:
        async with self._uow(read_only=True) as uow:
            case = await uow.case_by_link(kind, value)
        return case.reference if case else None

    async def notification(self, notification_id: int) -> Notification | None:
        async with self._uow(read_only=True) as uow:
            return await uow.notification(notification_id)

    async def message(self, message_id: str) -> Message | None:
        async with self._uow(read_only=True) as uow:
            return await uow.message(message_id)

    async def case_thread(self, case_id: str, channel: str) -> tuple[str, str | None, list[tuple[str, str]]] | None:
        """(reference, subject, [(kind, value)] of the case's links and of the platform references of
        what was delivered on ``channel`` (kind :data:`core.model.DELIVERED`), in time order)."""
        async with self._uow(read_only=True) as uow:
            return await uow.case_thread(case_id, channel)

    async def verify_audit(self) -> tuple[int, audit.Breach | None]:
        """Walk every case's audit chain: (events checked, the first breach or None)."""
        async with self._uow(read_only=True) as uow:
            return await audit.verify_all(uow)

    async def report(self, since: datetime | None = None, until: datetime | None = None, *,
                     grouper: IssueGrouper | None = None, anonymiser: Anonymiser | None = None) -> ReportFigures:
        """The management-review figures for cases received in [since, until), with the period
        before it of the same length beside the volumes; aggregates computed in the database.
        The language tools, when given, find the recurring issues (``grouper``) and the personal
        data in survey comments beyond what the cases hold (``anonymiser``)."""
        async with self._uow(read_only=True) as uow:
            return await build_report(uow, self.policy, self.calendar, self.clock.now(), since, until,
                                      grouper=grouper, anonymiser=anonymiser)

    async def figures(self, since: datetime | None = None, until: datetime | None = None) -> ProcessFigures:
        """The headline monitoring figures for cases received in [since, until) (times in business hours)."""
        report = await self.report(since, until)
        first_response = report.timing("first_response")
        resolution = report.timing("resolution")
        async with self._uow(read_only=True) as uow:
            moves = await uow.event_moves(since, until)
        return ProcessFigures(
            received=report.received,
            by_status=report.volumes["status"].current,
            by_category=report.volumes["category"].current,
            by_channel=report.volumes["channel"].current,
            open_cases=report.backlog.open_cases,
            overdue=report.backlog.overdue,
            median_hours_to_first_response=first_response.median if first_response else None,
            median_hours_to_close=resolution.median if resolution else None,
            first_response_on_time=first_response.on_time if first_response else None,
            satisfaction_average=report.satisfaction_average,
            satisfaction_count=report.satisfaction_count,
            external_offered=report.external_offered,
            external_referred=report.external_referred,
            external_outcomes=report.external_outcomes,
            survey_comments=report.survey_comments,
            by_root_cause=report.by_root_cause,
            by_redress_kind=report.by_redress_kind,
            redress_totals=report.redress_totals,
            escalations=sum(n for (kind, to), n in moves.items() if to == "escalated" and kind != "reopened"),
            escalated_by_time=sum(n for (kind, _), n in moves.items() if kind == "escalated_by_time"),
            decisions_rejected=sum(n for (kind, _), n in moves.items() if kind == "decision_rejected"),
        )

    async def _may_see(self, uow: UnitOfWork, case: Case, requester: Requester) -> bool:
        if isinstance(requester, Actor):
            if requester.kind in (ActorKind.AGENT, ActorKind.SYSTEM):
                return True
            return requester.kind is ActorKind.COMPLAINANT and requester.id == case.complainant_id
        own = await uow.identity(requester.channel, requester.address)
        return own is not None and own.complainant_id == case.complainant_id

    async def _details(self, uow: UnitOfWork, case: Case) -> CaseDetails:
        complainant = await uow.complainant(case.complainant_id)
        # an open case has no current rating (current_rating is None then): no survey to read
        rating = current_rating(await uow.ratings(case.id), case) if case.closed_at is not None else None
        record = await uow.investigation(case.id)
        related = tuple((link.kind, link.value) for link in await uow.links(case.id) if link.kind in RELATED_KINDS)
        return CaseDetails(
            reference=case.reference, status=case.status, channel=case.channel, language=case.language,
            category=case.category, priority=case.priority, severity=case.severity, complexity=case.complexity,
            impact=case.impact, urgency=case.urgency, immediate_action=case.immediate_action, signals=tuple(case.signals),
            description=case.description, subject=case.subject, product=case.product, order_number=case.order_number,
            incident_date=case.incident_date, desired_outcome=case.desired_outcome, on_behalf_of=case.on_behalf_of,
            location=case.location, amount=case.amount, currency=case.currency,
            assignee=case.assignee, escalation_level=case.escalation_level, needs_human=case.needs_human,
            proposed_decision=case.proposed_decision, complainant_decision=case.complainant_decision,
            complainant_name=complainant.name if complainant else None, received_at=case.received_at,  # type: ignore[arg-type]  # a stored case has both times
            updated_at=case.updated_at, due_first_response=case.due_first_response,  # type: ignore[arg-type]  # a stored case has both times
            due_resolution=case.due_resolution, first_response_at=case.first_response_at, closed_at=case.closed_at,
            version=case.version, satisfaction=rating.rating if rating else None,
            complainant_email=complainant.email if complainant else None,
            complainant_phone=complainant.phone if complainant else None, reply_address=case.reply_address,
            referral_offered_at=case.referral_offered_at, referral_body=case.referral_body,
            referred_at=case.referred_at, referral_outcome=case.referral_outcome,
            referral_outcome_at=case.referral_outcome_at,
            received_via=case.received_via, investigation=investigation_record(record) if record else None,
            related=related,
        )


__all__ = ["CaseQueries", "ProcessFigures", "Requester", "SurveyComment"]
