"""The complaint service: every command is one transaction that writes the change, its audit
event and its outbox rows together, or nothing (ISO 10002 clauses 7.2 to 7.9, 8.3)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Row
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from config.catalog import MessageCatalog
from config.policy import Policy
from core import audit, outbox, reference
from core.actors import Actor, ActorKind
from core.assessment import Assessment, assess, due_times
from core.attachments import AttachmentStore
from core.business_time import BusinessCalendar
from core.commands import ComplaintSubmission, Identity, NewAttachment
from core.erasure import Erased, Erasure
from core.errors import (
    AccessDenied, AttachmentRejected, CaseNotFound, ConcurrencyConflict, TransitionRefused, ValidationFailed,
)
from core.lifecycle import check_transition
from core.model import Attachment, Case, CaseLink, ChannelIdentity, Complainant, Message, Satisfaction
from core.notification_text import acknowledgement_text
from core.ports import Clock
from core.results import MessageAdded, SubmittedCase
from core.status import CaseStatus as S
from core.status import InboundStatus
from core.storage.engine import lost_connection
from core.storage.repositories import CaseFilter
from core.storage.uow import UnitOfWork

log = logging.getLogger(__name__)
T = TypeVar("T")
UowFactory = Callable[..., UnitOfWork]  # () -> a unit of work; (urgent=True) on an acknowledgement's path
ATTEMPTS = 4


@dataclass
class _Loaded:
    uow: UnitOfWork
    case: Case
    now: datetime


class ComplaintService:
    """Commands on cases. Queries live in :class:`core.queries.CaseQueries`."""

    def __init__(self, uow: UowFactory, policy: Policy, clock: Clock, attachments: AttachmentStore,
                 catalog: MessageCatalog, erasure: Erasure) -> None:
        self._uow = uow
        self.policy = policy
        self.clock = clock
        self.attachments = attachments
        self.catalog = catalog
        self.erasure = erasure
        self.calendar = BusinessCalendar(policy.business_hours)

    # -- plumbing ---------------------------------------------------------------------------

    def parse_reference(self, text: str) -> str:
        """The canonical form of a typed reference; raises InvalidReference (typo=True on a typo)."""
        return reference.normalise(text, self.policy.references.prefix)

    async def _retrying(self, work: Callable[[], Awaitable[T]], ref: str, expected_version: int | None) -> T:
        for attempt in range(ATTEMPTS):
            try:
                return await work()
            except StaleDataError:
                if expected_version is not None or attempt == ATTEMPTS - 1:
                    raise ConcurrencyConflict(ref) from None
                await asyncio.sleep(0.005 * (attempt + 1))
            except DBAPIError as error:
                if not lost_connection(error) or attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    async def _change(self, ref_text: str, expected_version: int | None,
                      change: Callable[[_Loaded], Awaitable[T] | T]) -> T:
        ref = self.parse_reference(ref_text)

        async def work() -> T:
            async with self._uow() as uow:
                case = await uow.case_by_reference(ref)
                if case is None:
                    raise CaseNotFound(ref)
                if expected_version is not None and case.version != expected_version:
                    raise ConcurrencyConflict(ref, expected_version, case.version)
                result = change(_Loaded(uow, case, self.clock.now()))
                if asyncio.iscoroutine(result):
                    result = await result
                await uow.commit()
                return result  # type: ignore[return-value]

        return await self._retrying(work, ref, expected_version)

    def _move(self, loaded: _Loaded, target: S, actor: Actor, *, reason: str | None = None, kind: str | None = None,
              data: dict | None = None) -> None:
        case = loaded.case
        check_transition(case.reference, case.state, target, actor.kind)
        event = audit.append(case, kind or target.value, actor, loaded.now, from_status=case.status,
                             to_status=target.value, reason=reason, data=data)
        case.status = target.value
        case.updated_at = loaded.now
        loaded.uow.add(event)

    def _record(self, loaded: _Loaded, kind: str, actor: Actor, *, reason: str | None = None,
                data: dict | None = None) -> None:
        event = audit.append(loaded.case, kind, actor, loaded.now, reason=reason, data=data)
        loaded.case.updated_at = loaded.now
        loaded.uow.add(event)

    def _to_complainant(self, loaded: _Loaded, kind: str, **params: object) -> None:
        if loaded.case.erased_at is None:  # an erased case has no one to write to
            loaded.uow.add(outbox.for_complainant(loaded.case, kind, loaded.now, **params))

    def _to_agents(self, loaded: _Loaded, kind: str, **params: object) -> None:
        loaded.uow.add(outbox.for_agents(loaded.case, kind, loaded.now, **params))

    @staticmethod
    def _first_response(loaded: _Loaded) -> None:
        if loaded.case.first_response_at is None:
            loaded.case.first_response_at = loaded.now

    async def _require_complainant(self, loaded: _Loaded, identity: Identity) -> ChannelIdentity:
        found = await loaded.uow.identity(identity.channel, identity.address)
        if found is None or found.complainant_id != loaded.case.complainant_id:
            raise AccessDenied(f"{identity} is not the complainant of {loaded.case.reference}")
        return found

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

    # -- intake -----------------------------------------------------------------------------

    async def submit_complaint(self, submission: ComplaintSubmission) -> SubmittedCase:
        """Record a complaint, acknowledge it (7.4) and assess it by the policy's rules (7.5)."""
        if not submission.description.strip():
            raise ValidationFailed("a complaint needs a description in the complainant's own words")
        for attempt in range(ATTEMPTS):
            try:
                return await self._submit_once(submission)
            except IntegrityError:  # a reference or a first identity taken at the same moment
                if attempt == ATTEMPTS - 1:
                    raise
            except DBAPIError as error:  # the server dropped the connection: nothing was committed
                if not lost_connection(error) or attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    async def _submit_once(self, sub: ComplaintSubmission) -> SubmittedCase:
        now = self.clock.now()
        received_at = sub.received_at or now
        async with self._uow() as uow:
            known = await uow.contact_of(sub.identity.channel, sub.identity.address)
            if known is not None and sub.platform_message_id:
                duplicate = await self._duplicate_submission(uow, known.id, sub)
                if duplicate:
                    return duplicate
            complainant_id, new_rows, changes = self._complainant_for(known, sub, now)
            if changes:
                await uow.update_contact(complainant_id, changes)
            assessment = assess(self.policy, sub.category, sub.signals, sub.immediate_action)
            due = due_times(self.policy, self.calendar, received_at, assessment.priority)
            case = Case(
                reference=reference.generate(self.policy.references.prefix).code,
                complainant_id=complainant_id, channel=sub.identity.channel,
                reply_address=sub.reply_address or sub.identity.address, reply_thread=sub.reply_thread,
                description=sub.description, language=sub.language, subject=sub.subject, product=sub.product,
                order_number=sub.order_number, incident_date=sub.incident_date, desired_outcome=sub.desired_outcome,
                on_behalf_of=sub.on_behalf_of, location=sub.location, needs_human=sub.needs_human, received_at=received_at, updated_at=now,
                acknowledged_at=now, version=1,
            )
            self._apply_assessment(case, assessment)
            case.due_acknowledge, case.due_first_response, case.due_resolution = due.acknowledge, due.first_response, due.resolution
            received = audit.append(case, "received", Actor.complainant(complainant_id), now, to_status=S.RECEIVED.value,
                                    data={"channel": case.channel, "description_sha256": audit.digest(sub.description)})
            acknowledged = audit.append(case, S.ACKNOWLEDGED.value, Actor.bot(), now, from_status=S.RECEIVED.value,
                                        to_status=S.ACKNOWLEDGED.value,
                                        data={"via": "outbox" if sub.acknowledge_via_outbox else "reply"})
            assessed = audit.append(case, S.ASSESSED.value, Actor.system("assessment-rules"), now,
                                    from_status=S.ACKNOWLEDGED.value, to_status=S.ASSESSED.value,
                                    data=_assessment_data(assessment))
            case.status = S.ASSESSED.value
            message = Message(case_id=case.id, direction="in", channel=case.channel, author_kind=ActorKind.COMPLAINANT.value,
                              author_id=complainant_id, body=sub.description, created_at=received_at,
                              platform_message_id=sub.platform_message_id)
            attachments, rejected = self._store_attachments(case.id, message.id, sub.attachments, now)
            notifications = [outbox.for_agents(case, "new_case", now, channel=case.channel)]
            if sub.acknowledge_via_outbox:
                notifications.append(outbox.for_complainant(case, "acknowledgement", now, priority=case.priority,
                                                            rejected=[r.filename for r in rejected]))
            if sub.needs_human:
                notifications.append(outbox.for_agents(case, "help_requested", now, key=f"{case.id}:help:submit"))
            await uow.insert(*new_rows, case, received, acknowledged, assessed, message, *attachments, *notifications)
            await uow.commit()
        return self._submitted(case, rejected)

    async def _duplicate_submission(self, uow: UnitOfWork, complainant_id: str, sub: ComplaintSubmission) -> SubmittedCase | None:
        for case in await uow.open_cases_of(complainant_id):
            if await uow.message_by_platform_id(case.id, sub.platform_message_id or ""):
                return self._submitted(case, (), duplicate=True)
        return None

    def _submitted(self, case: Case, rejected: tuple[AttachmentRejected, ...], duplicate: bool = False) -> SubmittedCase:
        return SubmittedCase(
            case_id=case.id, reference=case.reference, status=case.status, priority=case.priority, language=case.language,
            due_first_response=case.due_first_response, due_resolution=case.due_resolution,
            acknowledgement=acknowledgement_text(self.catalog, self.policy, case.reference, case.priority, case.language),
            duplicate=duplicate, rejected_attachments=rejected,
        )

    @staticmethod
    def _complainant_for(known: Row | None, sub: ComplaintSubmission,
                         now: datetime) -> tuple[str, list[object], dict[str, object]]:
        """The complainant's id; the rows to insert when this is their first contact; the contact
        details this submission changes for a known complainant."""
        if known is None:
            complainant = Complainant(name=sub.name, email=sub.email, phone=sub.phone, language=sub.language, created_at=now)
            return complainant.id, [complainant, ChannelIdentity(
                complainant_id=complainant.id, channel=sub.identity.channel, address=sub.identity.address,
                created_at=now)], {}
        wanted = {"name": sub.name or known.name, "email": sub.email or known.email,
                  "phone": sub.phone or known.phone, "language": sub.language}
        return known.id, [], {field: value for field, value in wanted.items() if getattr(known, field) != value}

    @staticmethod
    def _apply_assessment(case: Case, assessment: Assessment) -> None:
        case.category, case.priority = assessment.category, assessment.priority
        case.severity, case.complexity, case.impact = assessment.severity, assessment.complexity, assessment.impact
        case.urgency, case.immediate_action = assessment.urgency, assessment.immediate_action
        case.signals = sorted(assessment.signals)

    async def add_complainant_message(self, ref: str, identity: Identity, text: str, *,
                                      attachments: tuple[NewAttachment, ...] = (),
                                      platform_message_id: str | None = None,
                                      sender_verified: bool = True) -> MessageAdded:
        """Add what the complainant says about an open case; it reaches the agents. A case that was
        waiting for the complainant goes back to investigation.

        :param sender_verified: False when the channel could not prove the message comes from
            ``identity`` (an email's From): the audit event and the agents' notice say so
        """

        async def change(loaded: _Loaded) -> MessageAdded:
            case = loaded.case
            complainant = await self._require_complainant(loaded, identity)
            if platform_message_id and await loaded.uow.message_by_platform_id(case.id, platform_message_id):
                return MessageAdded(case.id, case.reference, case.status, duplicate=True)
            if not case.state.is_open:
                raise TransitionRefused(case.reference, case.status, case.status,
                                        "the case is finished; ask to reopen it (an escalation) or start a new complaint")
            message = Message(case_id=case.id, direction="in", channel=identity.channel, author_kind=ActorKind.COMPLAINANT.value,
                              author_id=complainant.complainant_id, body=text, created_at=loaded.now,
                              platform_message_id=platform_message_id)
            loaded.uow.add(message)
            await loaded.uow.flush()
            saved, rejected = self._store_attachments(case.id, message.id, attachments, loaded.now)
            loaded.uow.add(*saved)
            data = {"message_id": message.id, "text_sha256": audit.digest(text), "attachments": [a.sha256 for a in saved]}
            unproven = {} if sender_verified else {"sender_verified": False}
            actor = Actor.complainant(complainant.complainant_id)
            if case.state is S.AWAITING_COMPLAINANT:
                self._move(loaded, S.INVESTIGATING, actor, kind="information_provided", data={**data, **unproven})
            else:
                self._record(loaded, "complainant_message", actor, data={**data, **unproven})
            self._to_agents(loaded, "complainant_message", message_id=message.id, **unproven)
            return MessageAdded(case.id, case.reference, case.status, rejected_attachments=rejected)

        return await self._change(ref, None, change)

    async def flag_for_human(self, ref: str, identity: Identity) -> None:
        """The complainant asked to talk to a person."""

        async def change(loaded: _Loaded) -> None:
            complainant = await self._require_complainant(loaded, identity)
            loaded.case.needs_human = True
            self._record(loaded, "human_requested", Actor.complainant(complainant.complainant_id))
            self._to_agents(loaded, "help_requested")

        await self._change(ref, None, change)

    # -- agents' work -------------------------------------------------------------------------

    async def assess(self, ref: str, actor: Actor, *, reason: str, expected_version: int | None = None,
                     **changes: object) -> None:
        """An agent revises the initial assessment; the override and its reason are recorded and the
        due times follow the new priority."""
        allowed = {"category", "severity", "complexity", "impact", "urgency", "immediate_action", "priority"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValidationFailed(f"cannot reassess {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(allowed))}")
        if not reason.strip():
            raise ValidationFailed("a reassessment needs a reason")
        if "category" in changes and changes["category"] not in self.policy.categories:
            raise ValidationFailed(f"unknown category {changes['category']!r}; allowed: {', '.join(self.policy.categories)}")
        for score in ("severity", "complexity", "impact", "urgency"):
            if score in changes and changes[score] not in (1, 2, 3):
                raise ValidationFailed(f"{score} must be 1, 2 or 3")

        def change(loaded: _Loaded) -> None:
            case = loaded.case
            self._require_agent(actor, case)
            if not case.state.is_open:
                raise TransitionRefused(case.reference, case.status, case.status, "a finished case cannot be reassessed")
            before = _case_assessment(case)
            try:
                after = before.with_changes(self.policy, **changes)
            except ValueError as error:
                raise ValidationFailed(str(error)) from None
            self._apply_assessment(case, after)
            case.assessment_overridden = True
            due = due_times(self.policy, self.calendar, case.received_at or loaded.now, after.priority)
            case.due_acknowledge, case.due_first_response, case.due_resolution = due.acknowledge, due.first_response, due.resolution
            self._record(loaded, "reassessed", actor, reason=reason,
                         data={"before": _assessment_data(before), "after": _assessment_data(after)})
            self._to_agents(loaded, "case_updated", event="reassessed")

        await self._change(ref, expected_version, change)

    async def assign(self, ref: str, actor: Actor, assignee: str, *, expected_version: int | None = None,
                     reassign: bool = False) -> None:
        """Give the case to ``assignee`` (an agent taking it: ``assignee == actor.id``)."""

        async def change(loaded: _Loaded) -> None:
            case = loaded.case
            self._require_agent(actor, case)
            if case.assignee and case.assignee != assignee and not reassign:
                raise ValidationFailed(f"case {case.reference} is already assigned to {case.assignee}; reassign it explicitly")
            if await self._is_about_themselves(loaded, assignee):
                raise AccessDenied(f"{assignee} is the complainant of {case.reference} and cannot handle it (objectivity)")
            previous = case.assignee
            case.assignee = assignee
            data = {"assignee": assignee, "previous": previous}
            if case.state in (S.ASSESSED, S.ESCALATED):
                self._move(loaded, S.INVESTIGATING, actor, kind="assigned", data=data)
                self._to_complainant(loaded, "status_changed", status=S.INVESTIGATING.value)
            elif case.state.is_open:
                self._record(loaded, "assigned", actor, data=data)
            else:
                raise TransitionRefused(case.reference, case.status, case.status, "a finished case cannot be assigned")
            self._to_agents(loaded, "case_updated", event="assigned", assignee=assignee)

        await self._change(ref, expected_version, change)

    async def _is_about_themselves(self, loaded: _Loaded, agent_id: str) -> bool:
        return any(i.address == agent_id for i in await loaded.uow.identities_of(loaded.case.complainant_id))

    @staticmethod
    def _require_agent(actor: Actor, case: Case) -> None:
        if actor.kind not in (ActorKind.AGENT, ActorKind.SYSTEM):
            raise AccessDenied(f"only an agent may do this to {case.reference}")

    async def send_message(self, ref: str, actor: Actor, text: str, *, expected_version: int | None = None) -> None:
        """An agent writes to the complainant without changing the case's status."""
        if not text.strip():
            raise ValidationFailed("the message is empty")

        def change(loaded: _Loaded) -> None:
            case = loaded.case
            self._require_agent(actor, case)
            message = Message(case_id=case.id, direction="out", channel=case.channel, author_kind=actor.kind.value,
                              author_id=actor.id, body=text, created_at=loaded.now)
            loaded.uow.add(message)
            self._record(loaded, "agent_message", actor, data={"message_id": message.id, "text_sha256": audit.digest(text)})
            self._first_response(loaded)
            self._to_complainant(loaded, "agent_message", text=text)
            self._to_agents(loaded, "case_updated", event="agent_message", message_id=message.id)

        await self._change(ref, expected_version, change)

    async def add_note(self, ref: str, actor: Actor, text: str) -> None:
        """An internal note: stays with the agents, never reaches the complainant."""

        def change(loaded: _Loaded) -> None:
            self._require_agent(actor, loaded.case)
            message = Message(case_id=loaded.case.id, direction="note", channel="agents", author_kind=actor.kind.value,
                              author_id=actor.id, body=text, created_at=loaded.now)
            loaded.uow.add(message)
            self._record(loaded, "note", actor, data={"message_id": message.id, "text_sha256": audit.digest(text)})

        await self._change(ref, None, change)

    async def request_information(self, ref: str, actor: Actor, question: str, *, expected_version: int | None = None) -> None:
        if not question.strip():
            raise ValidationFailed("the question is empty")

        def change(loaded: _Loaded) -> None:
            self._require_agent(actor, loaded.case)
            self._move(loaded, S.AWAITING_COMPLAINANT, actor, kind="information_requested", reason=question)
            message = self._outbound_copy(loaded, actor, question)
            self._first_response(loaded)
            self._to_complainant(loaded, "information_requested", question=question)
            self._to_agents(loaded, "case_updated", event="information_requested", message_id=message.id)

        await self._change(ref, expected_version, change)

    def _outbound_copy(self, loaded: _Loaded, actor: Actor, text: str) -> Message:
        message = Message(case_id=loaded.case.id, direction="out", channel=loaded.case.channel,
                          author_kind=actor.kind.value, author_id=actor.id, body=text, created_at=loaded.now)
        loaded.uow.add(message)
        return message

    async def respond(self, ref: str, actor: Actor, decision: str, *, expected_version: int | None = None) -> None:
        """Propose a decision to the complainant (7.8); they accept or reject it."""
        if not decision.strip():
            raise ValidationFailed("the decision is empty")

        def change(loaded: _Loaded) -> None:
            case = loaded.case
            self._require_agent(actor, case)
            self._move(loaded, S.RESPONDED, actor, kind="decision_proposed", reason=decision)
            case.proposed_decision, case.complainant_decision = decision, None
            case.responded_at = loaded.now
            message = self._outbound_copy(loaded, actor, decision)
            self._first_response(loaded)
            self._to_complainant(loaded, "decision_proposed", decision=decision)
            self._to_agents(loaded, "case_updated", event="decision_proposed", message_id=message.id)

        await self._change(ref, expected_version, change)

    async def record_complainant_decision(self, ref: str, identity: Identity, *, accept: bool,
                                          reason: str | None = None) -> str:
        """The complainant accepts (the case closes) or rejects (it escalates) the proposed decision.
        Returns the new status."""

        async def change(loaded: _Loaded) -> str:
            case = loaded.case
            complainant = await self._require_complainant(loaded, identity)
            actor = Actor.complainant(complainant.complainant_id)
            if case.state is not S.RESPONDED:
                raise TransitionRefused(case.reference, case.status, S.CLOSED.value if accept else S.ESCALATED.value,
                                        "there is no proposed decision waiting for an answer")
            if accept:
                case.complainant_decision = "accepted"
                self._close(loaded, actor, reason, kind="decision_accepted")
            else:
                case.complainant_decision = "rejected"
                self._escalate(loaded, actor, reason or "", kind="decision_rejected")
                self._to_agents(loaded, "decision_rejected", reason=reason or "")
            return case.status

        return await self._change(ref, None, change)

    async def escalate(self, ref: str, actor: Actor, reason: str, *, level: int | None = None,
                       expected_version: int | None = None) -> int:
        """Pass the case to the next escalation level (or ``level``); reopening a closed case too."""
        if not reason.strip():
            raise ValidationFailed("an escalation needs a reason")

        def change(loaded: _Loaded) -> int:
            if actor.kind is ActorKind.AGENT:
                self._require_agent(actor, loaded.case)
            self._escalate(loaded, actor, reason, level=level)
            return loaded.case.escalation_level

        return await self._change(ref, expected_version, change)

    def _escalate(self, loaded: _Loaded, actor: Actor, reason: str, *, level: int | None = None,
                  kind: str = "escalated") -> None:
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
        level_name = next((lvl.name for lvl in self.policy.escalation.levels if lvl.level == target), str(target))
        self._to_complainant(loaded, "case_escalated", level=target, level_name=level_name)
        self._to_agents(loaded, "case_updated", event="escalated", level=target)

    async def refer_external(self, ref: str, actor: Actor, reason: str, *, expected_version: int | None = None) -> None:
        """Refer the case to external dispute resolution (ISO 10003)."""

        def change(loaded: _Loaded) -> None:
            self._require_agent(actor, loaded.case)
            self._move(loaded, S.REFERRED_EXTERNAL, actor, reason=reason,
                       data={"body": self.policy.organisation.external_resolution_body})
            loaded.case.closed_at = loaded.now
            self._to_complainant(loaded, "referred_external")
            self._to_agents(loaded, "case_updated", event="referred_external")

        await self._change(ref, expected_version, change)

    async def close(self, ref: str, actor: Actor, reason: str, *, expected_version: int | None = None) -> None:
        def change(loaded: _Loaded) -> None:
            if actor.kind is ActorKind.AGENT:
                self._require_agent(actor, loaded.case)
            self._close(loaded, actor, reason)

        await self._change(ref, expected_version, change)

    def _close(self, loaded: _Loaded, actor: Actor, reason: str | None, *, kind: str = "closed") -> None:
        self._move(loaded, S.CLOSED, actor, kind=kind, reason=reason)
        loaded.case.closed_at = loaded.now
        self._to_complainant(loaded, "case_closed", reason=reason or "")
        if self.policy.closing.survey:
            self._to_complainant(loaded, "survey")
        self._to_agents(loaded, "case_updated", event=kind)

    async def withdraw(self, ref: str, actor: Actor, *, identity: Identity | None = None, reason: str = "") -> None:
        async def change(loaded: _Loaded) -> None:
            if identity is not None:
                await self._require_complainant(loaded, identity)
            elif actor.kind is ActorKind.COMPLAINANT:
                raise AccessDenied("a complainant withdraws through their own channel identity")
            self._move(loaded, S.WITHDRAWN, actor, reason=reason or None)
            loaded.case.closed_at = loaded.now
            self._to_complainant(loaded, "withdrawn")
            self._to_agents(loaded, "case_updated", event="withdrawn")

        await self._change(ref, None, change)

    async def record_satisfaction(self, ref: str, identity: Identity, rating: int, comment: str | None = None) -> None:
        """The complainant's 1-5 rating after closing (ISO 10002 8.3, ISO 10004)."""
        if rating not in range(1, 6):
            raise ValidationFailed("a rating is a whole number from 1 to 5")

        async def change(loaded: _Loaded) -> None:
            case = loaded.case
            complainant = await self._require_complainant(loaded, identity)
            if case.state not in (S.CLOSED, S.REFERRED_EXTERNAL):
                raise TransitionRefused(case.reference, case.status, case.status, "the survey opens when the case is closed")
            existing = await loaded.uow.satisfaction(case.id)
            if existing is not None:
                existing.rating, existing.comment, existing.at = rating, comment or existing.comment, loaded.now
            else:
                loaded.uow.add(Satisfaction(case_id=case.id, rating=rating, comment=comment, agent_id=case.assignee, at=loaded.now))
            self._record(loaded, "satisfaction_recorded", Actor.complainant(complainant.complainant_id),
                         data={"rating": rating, "comment_sha256": audit.digest(comment) if comment else None})
            self._to_agents(loaded, "case_updated", event="satisfaction_recorded", rating=rating)

        await self._change(ref, None, change)

    async def link(self, ref: str, kind: str, value: str) -> None:
        """Keep a channel's handle on a case (an email Message-ID, a Slack card's ts)."""
        def change(loaded: _Loaded) -> None:
            loaded.uow.add(CaseLink(case_id=loaded.case.id, kind=kind, value=value, created_at=loaded.now))

        await self._change(ref, None, change)

    async def enqueue_reply(self, *, channel: str, address: str, text: str, lang: str, key: str,
                            thread: str | None = None, choices: tuple[tuple[str, str], ...] = (),
                            case_reference: str | None = None, extra: dict | None = None) -> bool:
        """Queue a bot reply for durable delivery through the outbox (channels whose replies are
        not answered inline, such as email). Idempotent on ``key``; False if it was queued before."""
        now = self.clock.now()
        async with self._uow() as uow:
            case_id = await uow.case_id_of(case_reference) if case_reference else None
            queued = await uow.queue([outbox.reply(
                channel=channel, address=address, text=text, lang=lang, key=key, now=now, thread=thread,
                choices=choices, case_id=case_id, case_reference=case_reference, extra=extra,
            )])
            await uow.commit()
        return queued == 1

    async def mark_notification_bounced(self, notification_id: int, reason: str, *, channel: str,
                                        delivered_ref: str | None = None, recipients: frozenset[str] = frozenset()) -> bool:
        """A message ``channel`` delivered came back as a bounce: the notification is dead, and the
        agents are told in the same transaction. A bounce is mail anyone can send, so only a
        notification of ``channel`` that was sent (as ``delivered_ref``, when given), to one of
        ``recipients`` (when the bounce names any), is touched. False for anything else, and for
        a row marked before."""
        now = self.clock.now()
        async with self._uow() as uow:
            row = await uow.notification(notification_id)
            if (row is None or row.channel != channel or row.status != "sent"
                    or (delivered_ref is not None and row.delivered_ref != delivered_ref)
                    or (recipients and row.address.lower() not in recipients)):
                return False
            row.status, row.last_error, row.locked_until = "dead", reason[:2000], None
            alert = outbox.for_agents(
                None, "delivery_failed", now, key=f"bounce:{row.id}", reference=row.params.get("reference", ""),
                channel=row.channel, attempts=row.attempts, error=row.last_error, notification_id=row.id,
            )
            alert.case_id = row.case_id
            uow.add(alert)
            await uow.commit()
        log.warning("notification %s (%s over %s) bounced", row.id, row.kind, row.channel)
        return True

    async def retry_inbound(self, record_id: int) -> None:
        """Try a delivery that was set aside again from scratch (an operator fixed what stopped it):
        the next sweep of its channel takes it up."""
        async with self._uow() as uow:
            record = await uow.inbound_by_id(record_id)
            if record is None:
                raise CaseNotFound(f"inbound #{record_id}")
            if record.status != InboundStatus.FAILED:
                raise ValidationFailed(f"inbound #{record_id} is {record.status}; only a failed one is tried again")
            record.status, record.attempts, record.claimed_by, record.claimed_until = InboundStatus.PENDING, 0, None, None
            record.outcome = f"to be tried again (was: {record.outcome or ''})"[:4000]
            await uow.commit()

    # -- timers -------------------------------------------------------------------------------

    async def run_timers(self) -> dict[str, int]:
        """Close answered cases whose complainant stayed silent past the policy's window, tell
        agents about missed time targets once per case and target, and erase the personal data of
        cases past the retention window."""
        now = self.clock.now()
        closed = alerts = 0
        async with self._uow() as uow:
            waiting = await uow.cases(CaseFilter(status=[S.RESPONDED.value], limit=500))
            overdue = await uow.cases(CaseFilter(overdue_at=now, limit=500))
        hours = self.policy.closing.auto_close_business_days * self.calendar.day_length.total_seconds() / 3600
        for case in waiting:
            if case.responded_at and self.calendar.business_hours_between(case.responded_at, now) >= hours:
                try:
                    await self.close(case.reference, Actor.system("timer"), "no answer within the policy's window",
                                     expected_version=case.version)
                    closed += 1
                except (ConcurrencyConflict, TransitionRefused):
                    continue
        async with self._uow() as uow:
            for case in overdue:
                target = "resolution" if case.due_resolution and case.due_resolution < now else "first_response"
                key = f"{case.id}:overdue:{target}"
                uow.add(outbox.for_agents(case, "overdue", now, key=key, target=target))
                try:
                    await uow.flush()
                    alerts += 1
                except IntegrityError:
                    await uow.session.rollback()
                    continue
                await uow.commit()
        retention = await self.erasure.run_retention()
        return {"auto_closed": closed, "overdue_alerts": alerts, "retention_erased": len(retention.erased),
                "inbound_payloads_cleared": retention.inbound_cleared}

    async def erase_complainant(self, complainant_id: str, actor: Actor) -> Erased:
        """Erase a person's data (GDPR art. 17) from every case of theirs, and from what the
        channels keep outside the database (:mod:`core.erasure`); the audit chain stays verifiable."""
        return await self.erasure.erase_complainant(complainant_id, actor)

    async def erase_complainant_of(self, ref_text: str, actor: Actor) -> Erased:
        """Erase the complainant of the case ``ref_text``, with every case of theirs (an agent's
        or the system's command)."""
        ref = self.parse_reference(ref_text)
        async with self._uow(read_only=True) as uow:
            case = await uow.case_by_reference(ref)
        if case is None:
            raise CaseNotFound(ref)
        self._require_agent(actor, case)
        return await self.erasure.erase_complainant(case.complainant_id, actor)

def _assessment_data(assessment: Assessment) -> dict:
    return {
        "category": assessment.category, "severity": assessment.severity, "complexity": assessment.complexity,
        "impact": assessment.impact, "urgency": assessment.urgency, "immediate_action": assessment.immediate_action,
        "priority": assessment.priority, "signals": sorted(assessment.signals),
    }


def _case_assessment(case: Case) -> Assessment:
    return Assessment(category=case.category, severity=case.severity, complexity=case.complexity, impact=case.impact,
                      urgency=case.urgency, immediate_action=case.immediate_action, priority=case.priority,
                      signals=frozenset(case.signals))

