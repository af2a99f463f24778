"""Intake (ISO 10002 7.2-7.5): a complaint recorded, acknowledged and assessed; what the
complainant adds to an open case."""

from __future__ import annotations

from datetime import datetime

from core import audit, handling, outbox, reference
from core.amount import check_amount
from core.actors import Actor, ActorKind
from core.assessment import assess, due_times
from core.commands import ComplaintSubmission, Identity, NewAttachment
from core.errors import AttachmentRejected, TransitionRefused, ValidationFailed
from core.failures import CONFLICTS, connection_lost
from core.model import Case, ChannelIdentity, Complainant, Message, new_id
from core.notification_text import acknowledgement_text
from core.ports import Row, UnitOfWork
from core.results import MessageAdded, SubmittedCase
from core.service.base import ATTEMPTS, Loaded, ServiceBase, assessment_data
from core.status import CaseStatus as S


def registration_data(sub: ComplaintSubmission) -> dict[str, str]:
    """How a complaint an agent registered came in, and who registered it, for its first event."""
    return {key: value for key, value in (("received_via", sub.received_via), ("registered_by", sub.registered_by)) if value}


class IntakeCommands(ServiceBase):
    async def submit_complaint(self, submission: ComplaintSubmission) -> SubmittedCase:
        """Record a complaint, acknowledge it (7.4) and assess it by the policy's rules (7.5)."""
        if not submission.description.strip():
            raise ValidationFailed("a complaint needs a description in the complainant's own words")
        check_amount(submission.amount, submission.currency)
        for attempt in range(ATTEMPTS):
            try:
                return await self._submit_once(submission)
            except CONFLICTS:  # a reference or a first identity taken at the same moment
                if attempt == ATTEMPTS - 1:
                    raise
            except Exception as error:  # the server dropped the connection: nothing was committed
                if not connection_lost(error) or attempt == ATTEMPTS - 1:
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
                on_behalf_of=sub.on_behalf_of, location=sub.location, amount=sub.amount,
                currency=sub.currency, needs_human=sub.needs_human, received_at=received_at, updated_at=now,
                acknowledged_at=now, version=1, received_via=sub.received_via,
            )
            self._apply_assessment(case, assessment)
            case.due_acknowledge, case.due_first_response, case.due_resolution = due.acknowledge, due.first_response, due.resolution
            message_id = new_id()  # the first message is the description: its digest covers both
            received = audit.append(case, "received", Actor.complainant(complainant_id), now, to_status=S.RECEIVED.value,
                                    data={"channel": case.channel, "description_sha256": audit.digest(sub.description),
                                          "message_id": message_id, **registration_data(sub)})
            acknowledged = audit.append(case, S.ACKNOWLEDGED.value, Actor.bot(), now, from_status=S.RECEIVED.value,
                                        to_status=S.ACKNOWLEDGED.value,
                                        data={"via": "outbox" if sub.acknowledge_via_outbox else "reply"})
            assessed = audit.append(case, S.ASSESSED.value, Actor.system("assessment-rules"), now,
                                    from_status=S.ACKNOWLEDGED.value, to_status=S.ASSESSED.value,
                                    data=assessment_data(assessment))
            case.status = S.ASSESSED.value
            routed = await handling.route(uow, self.policy, case, sub.about_case, now) if sub.about_case else []
            message = Message(case_id=case.id, direction="in", channel=case.channel, author_kind=ActorKind.COMPLAINANT.value,
                              author_id=complainant_id, body=sub.description, created_at=received_at,
                              platform_message_id=sub.platform_message_id, id=message_id)
            attachments, rejected = self._store_attachments(case.id, message.id, sub.attachments, now)
            notifications = [outbox.for_agents(case, "new_case", now, channel=case.channel)]
            if sub.acknowledge_via_outbox:
                notifications.append(outbox.for_complainant(case, "acknowledgement", now, priority=case.priority,
                                                            rejected=[r.filename for r in rejected],
                                                            received_at=received_at.isoformat()))
            if sub.needs_human:
                notifications.append(outbox.for_agents(case, "help_requested", now, key=f"{case.id}:help:submit"))
            await uow.insert(*new_rows, case, received, acknowledged, assessed, message, *attachments, *notifications, *routed)
            await uow.commit()
        self.metrics.case_opened(case.channel)
        if not sub.acknowledge_via_outbox:  # acknowledged in the reply to this message, sent now
            self.metrics.acknowledged(case.channel, max(0.0, (self.clock.now() - received_at).total_seconds()))
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

    async def add_complainant_message(self, ref: str, identity: Identity, text: str, *,
                                      attachments: tuple[NewAttachment, ...] = (),
                                      platform_message_id: str | None = None,
                                      sender_verified: bool = True) -> MessageAdded:
        """Add what the complainant says about an open case; it reaches the agents. A case that was
        waiting for the complainant goes back to investigation.

        :param sender_verified: False when the channel could not prove the message comes from
            ``identity`` (an email's From): the audit event and the agents' notice say so
        """

        async def change(loaded: Loaded) -> MessageAdded:
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

        async def change(loaded: Loaded) -> None:
            complainant = await self._require_complainant(loaded, identity)
            loaded.case.needs_human = True
            self._record(loaded, "human_requested", Actor.complainant(complainant.complainant_id))
            self._to_agents(loaded, "help_requested")

        await self._change(ref, None, change)
