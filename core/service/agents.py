"""Agents' work on a case (ISO 10002 7.5-7.9): reassessment, assignment, messages and notes,
questions to the complainant, the proposed decision, escalation, closing (external referral:
:mod:`core.service.referrals`)."""

from __future__ import annotations

from config.policy import BusinessDuration
from core import audit
from core.actors import Actor, ActorKind
from core.assessment import due_times
from core.errors import AccessDenied, TransitionRefused, ValidationFailed
from core.model import Message
from core.service.base import Loaded, assessment_data, case_assessment
from core.service.referrals import ReferralCommands
from core.status import CaseStatus as S


class AgentCommands(ReferralCommands):
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

        async def change(loaded: Loaded) -> None:
            case = loaded.case
            self._require_agent(actor, case)
            if not case.state.is_open:
                raise TransitionRefused(case.reference, case.status, case.status, "a finished case cannot be reassessed")
            before = case_assessment(case)
            try:
                after = before.with_changes(self.policy, **changes)
            except ValueError as error:
                raise ValidationFailed(str(error)) from None
            self._apply_assessment(case, after)
            case.assessment_overridden = True
            due = due_times(self.policy, self.calendar, case.received_at or loaded.now, after.priority)
            case.due_acknowledge, case.due_first_response, case.due_resolution = due.acknowledge, due.first_response, due.resolution
            self._record(loaded, "reassessed", actor, reason=reason,
                         data={"before": assessment_data(before), "after": assessment_data(after)})
            self._to_agents(loaded, "case_updated", event="reassessed")

        await self._change(ref, expected_version, change)

    async def assign(self, ref: str, actor: Actor, assignee: str, *, expected_version: int | None = None,
                     reassign: bool = False) -> None:
        """Give the case to ``assignee`` (an agent taking it: ``assignee == actor.id``)."""

        async def change(loaded: Loaded) -> None:
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

    async def _is_about_themselves(self, loaded: Loaded, agent_id: str) -> bool:
        return any(i.address == agent_id for i in await loaded.uow.identities_of(loaded.case.complainant_id))

    async def send_message(self, ref: str, actor: Actor, text: str, *, expected_version: int | None = None) -> None:
        """An agent writes to the complainant without changing the case's status."""
        if not text.strip():
            raise ValidationFailed("the message is empty")

        async def change(loaded: Loaded) -> None:
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

        async def change(loaded: Loaded) -> None:
            self._require_agent(actor, loaded.case)
            message = Message(case_id=loaded.case.id, direction="note", channel="agents", author_kind=actor.kind.value,
                              author_id=actor.id, body=text, created_at=loaded.now)
            loaded.uow.add(message)
            self._record(loaded, "note", actor, data={"message_id": message.id, "text_sha256": audit.digest(text)})

        await self._change(ref, None, change)

    async def request_information(self, ref: str, actor: Actor, question: str, *, expected_version: int | None = None) -> None:
        if not question.strip():
            raise ValidationFailed("the question is empty")

        async def change(loaded: Loaded) -> None:
            self._require_agent(actor, loaded.case)
            self._move(loaded, S.AWAITING_COMPLAINANT, actor, kind="information_requested", reason=question)
            message = self._outbound_copy(loaded, actor, question)
            self._first_response(loaded)
            self._to_complainant(loaded, "information_requested", question=question)
            self._to_agents(loaded, "case_updated", event="information_requested", message_id=message.id)

        await self._change(ref, expected_version, change)

    async def respond(self, ref: str, actor: Actor, decision: str, *, expected_version: int | None = None) -> None:
        """Propose a decision to the complainant (7.8); they accept or reject it."""
        if not decision.strip():
            raise ValidationFailed("the decision is empty")

        async def change(loaded: Loaded) -> None:
            case = loaded.case
            self._require_agent(actor, case)
            self._move(loaded, S.RESPONDED, actor, kind="decision_proposed", reason=decision)
            case.proposed_decision, case.complainant_decision = decision, None
            case.responded_at = loaded.now
            message = self._outbound_copy(loaded, actor, decision)
            self._first_response(loaded)
            answer_by = self.calendar.add(loaded.now, BusinessDuration(amount=self.policy.closing.auto_close_business_days, unit="d"))
            self._to_complainant(loaded, "decision_proposed", decision=decision, level=case.escalation_level,
                                 answer_by=answer_by.isoformat())
            self._to_agents(loaded, "case_updated", event="decision_proposed", message_id=message.id)

        await self._change(ref, expected_version, change)

    async def escalate(self, ref: str, actor: Actor, reason: str, *, level: int | None = None,
                       expected_version: int | None = None) -> int:
        """Pass the case to the next escalation level (or ``level``); reopening a closed case too."""
        if not reason.strip():
            raise ValidationFailed("an escalation needs a reason")

        async def change(loaded: Loaded) -> int:
            if actor.kind is ActorKind.AGENT:
                self._require_agent(actor, loaded.case)
            self._escalate(loaded, actor, reason, level=level)
            return loaded.case.escalation_level

        return await self._change(ref, expected_version, change)

    async def close(self, ref: str, actor: Actor, reason: str, *, expected_version: int | None = None) -> None:
        async def change(loaded: Loaded) -> None:
            if actor.kind is ActorKind.AGENT:
                self._require_agent(actor, loaded.case)
            self._close(loaded, actor, reason)

        await self._change(ref, expected_version, change)
