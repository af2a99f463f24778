"""What every command of the complaint service shares: one transaction per command that loads
the case, applies the change, records its audit event and queues its outbox rows, or writes
nothing; retried on a stale read or a dropped connection."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from config.catalog import MessageCatalog
from config.policy import Policy
from core import audit, outbox, reference, time_targets
from core.actors import Actor, ActorKind
from core.assessment import Assessment
from core.attachments import AttachmentStore
from core.business_time import BusinessCalendar
from core.commands import Identity, NewAttachment
from core.complainant_case import require_complainant
from core.erasure import Erasure
from core.errors import AccessDenied, AttachmentRejected, CaseNotFound, ConcurrencyConflict, ValidationFailed
from core.failures import STALE, connection_lost
from core.lifecycle import check_transition
from core.model import Attachment, Case, ChannelIdentity, Message
from core.ports import Clock, Metrics, NoMetrics, UnitOfWork
from core.registration import OFFLINE_CHANNELS
from core.status import CaseStatus as S

T = TypeVar("T")
UowFactory = Callable[..., UnitOfWork]  # () -> a unit of work; (urgent=True) on an acknowledgement's path
ATTEMPTS = 4


@dataclass
class Loaded:
    """A case loaded for a change, in the unit of work that will write it."""

    uow: UnitOfWork
    case: Case
    now: datetime


class ServiceBase:
    """The plumbing of the command modules (:mod:`core.service`)."""

    def __init__(self, uow: UowFactory, policy: Policy, clock: Clock, attachments: AttachmentStore,
                 catalog: MessageCatalog, erasure: Erasure, *, metrics: Metrics | None = None) -> None:
        self._uow = uow
        self.metrics: Metrics = metrics or NoMetrics()
        self.policy = policy
        self.clock = clock
        self.attachments = attachments
        self.catalog = catalog
        self.erasure = erasure
        self.calendar = BusinessCalendar(policy.business_hours)

    def parse_reference(self, text: str) -> str:
        """The canonical form of a typed reference; raises InvalidReference (typo=True on a typo)."""
        return reference.normalise(text, self.policy.references.prefix)

    async def _retrying(self, work: Callable[[], Awaitable[T]], ref: str, expected_version: int | None) -> T:
        for attempt in range(ATTEMPTS):
            try:
                return await work()
            except STALE:
                if expected_version is not None or attempt == ATTEMPTS - 1:
                    raise ConcurrencyConflict(ref) from None
                await asyncio.sleep(0.005 * (attempt + 1))
            except Exception as error:
                if not connection_lost(error) or attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    async def _change(self, ref_text: str, expected_version: int | None,
                      change: Callable[[Loaded], Awaitable[T]]) -> T:
        ref = self.parse_reference(ref_text)

        async def work() -> T:
            async with self._uow() as uow:
                case = await uow.case_by_reference(ref)
                if case is None:
                    raise CaseNotFound(ref)
                if expected_version is not None and case.version != expected_version:
                    raise ConcurrencyConflict(ref, expected_version, case.version)
                result = await change(Loaded(uow, case, self.clock.now()))
                await uow.commit()
                return result

        return await self._retrying(work, ref, expected_version)

    def _move(self, loaded: Loaded, target: S, actor: Actor, *, reason: str | None = None, kind: str | None = None,
              data: dict[str, Any] | None = None) -> None:
        case = loaded.case
        check_transition(case.reference, case.state, target, actor.kind)
        event = audit.append(case, kind or target.value, actor, loaded.now, from_status=case.status,
                             to_status=target.value, reason=reason, data=data)
        if case.state is S.AWAITING_COMPLAINANT and target is not S.AWAITING_COMPLAINANT:
            time_targets.stop_waiting(case, loaded.now, self.policy, self.calendar)
        elif target is S.AWAITING_COMPLAINANT:
            time_targets.start_waiting(case, loaded.now)
        case.status = target.value
        case.updated_at = loaded.now
        loaded.uow.add(event)

    def _record(self, loaded: Loaded, kind: str, actor: Actor, *, reason: str | None = None,
                data: dict[str, Any] | None = None) -> None:
        event = audit.append(loaded.case, kind, actor, loaded.now, reason=reason, data=data)
        loaded.case.updated_at = loaded.now
        loaded.uow.add(event)

    def _to_complainant(self, loaded: Loaded, kind: str, **params: Any) -> None:
        # an erased case has no one to write to; one registered by phone, letter or in person without an address neither
        if loaded.case.erased_at is None and loaded.case.channel not in OFFLINE_CHANNELS:
            loaded.uow.add(outbox.for_complainant(loaded.case, kind, loaded.now, **params))

    def _to_agents(self, loaded: Loaded, kind: str, **params: Any) -> None:
        loaded.uow.add(outbox.for_agents(loaded.case, kind, loaded.now, **params))

    @staticmethod
    def _first_response(loaded: Loaded) -> None:
        if loaded.case.first_response_at is None:
            loaded.case.first_response_at = loaded.now

    @staticmethod
    async def _require_complainant(loaded: Loaded, identity: Identity) -> ChannelIdentity:
        return await require_complainant(loaded.uow, loaded.case, identity)

    @staticmethod
    def _require_agent(actor: Actor, case: Case) -> None:
        if actor.kind not in (ActorKind.AGENT, ActorKind.SYSTEM):
            raise AccessDenied(f"only an agent may do this to {case.reference}")

    def _store_attachments(self, case_id: str, message_id: str, items: tuple[NewAttachment, ...],
                           now: datetime) -> tuple[list[Attachment], tuple[AttachmentRejected, ...]]:
        saved, rejected = [], []
        for item in items:
            try:
                blob = self.attachments.save(item.filename, item.content_type, item.data)
            except AttachmentRejected as refusal:
                rejected.append(refusal)
                continue
            record = Attachment(case_id=case_id, message_id=message_id, filename=item.filename[:255],
                                content_type=item.content_type[:127], size=blob.size, sha256=blob.sha256, created_at=now)
            saved.append(record)
        return saved, tuple(rejected)

    @staticmethod
    def _apply_assessment(case: Case, assessment: Assessment) -> None:
        case.category, case.priority = assessment.category, assessment.priority
        case.severity, case.complexity, case.impact = assessment.severity, assessment.complexity, assessment.impact
        case.urgency, case.immediate_action = assessment.urgency, assessment.immediate_action
        case.signals = sorted(assessment.signals)

    def _outbound_copy(self, loaded: Loaded, actor: Actor, text: str) -> Message:
        message = Message(case_id=loaded.case.id, direction="out", channel=loaded.case.channel,
                          author_kind=actor.kind.value, author_id=actor.id, body=text, created_at=loaded.now)
        loaded.uow.add(message)
        return message

    def _close(self, loaded: Loaded, actor: Actor, reason: str | None, *, kind: str = "closed",
               notice: str | None = "case_closed", **notice_params: Any) -> None:
        """Close the case; the complainant is told with the ``notice`` message (None: the caller told
        them already, in its own words) and asked for the survey."""
        self._move(loaded, S.CLOSED, actor, kind=kind, reason=reason)
        loaded.case.closed_at = loaded.now
        if notice is not None:
            self._to_complainant(loaded, notice, reason=reason or "", **notice_params)
        if self.policy.closing.survey:
            self._to_complainant(loaded, "survey")
        self._to_agents(loaded, "case_updated", event=kind)

    def _escalate(self, loaded: Loaded, actor: Actor, reason: str, *, level: int | None = None,
                  kind: str = "escalated", notice: str = "case_escalated") -> None:
        case = loaded.case
        top = self.policy.escalation.top
        target = level if level is not None else case.escalation_level + 1
        if target > top:
            raise ValidationFailed(f"{case.reference} is at the last escalation level ({top}); refer it externally instead")
        if target <= case.escalation_level and case.state is not S.CLOSED:
            raise ValidationFailed(f"{case.reference} is already at level {case.escalation_level}; escalate to a higher level")
        reopened = case.state is S.CLOSED
        self._move(loaded, S.ESCALATED, actor, kind="reopened" if reopened else kind, reason=reason,
                   data={"level": target, "from_level": case.escalation_level})
        case.escalation_level, case.assignee, case.closed_at = target, None, None
        time_targets.enter_level(case, loaded.now, self.policy, self.calendar)
        level_name = self.policy.level_name(target, self.policy.languages.default)  # rendered in the reader's language
        self._to_complainant(loaded, notice, level=target, level_name=level_name,
                             due=case.due_resolution.isoformat() if case.due_resolution else "")
        self._to_agents(loaded, "case_updated", event="escalated", level=target)



def assessment_data(assessment: Assessment) -> dict[str, Any]:
    return {
        "category": assessment.category, "severity": assessment.severity, "complexity": assessment.complexity,
        "impact": assessment.impact, "urgency": assessment.urgency, "immediate_action": assessment.immediate_action,
        "priority": assessment.priority, "signals": sorted(assessment.signals),
    }


def case_assessment(case: Case) -> Assessment:
    return Assessment(category=case.category, severity=case.severity, complexity=case.complexity, impact=case.impact,
                      urgency=case.urgency, immediate_action=case.immediate_action, priority=case.priority,
                      signals=frozenset(case.signals))
