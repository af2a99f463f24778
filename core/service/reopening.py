"""The complainant's steps after closing (ISO 10002 7.9, 8.3): what they say about a finished case
is kept on it and reaches the agents; a closed case is reopened (by the complainant within the
policy's window, by an agent at any time); a complaint about the handling itself becomes its own
case, linked to the first and one escalation level above it."""

from __future__ import annotations

from core import audit, time_targets
from core.actors import Actor, ActorKind
from core.commands import ComplaintSubmission, Identity, NewAttachment
from core.complainant_case import complainants_case
from core.errors import AccessDenied, TransitionRefused, ValidationFailed
from core.handling import HANDLING_COMPLAINT, level_above, reopen_until
from core.model import Message
from core.results import MessageAdded, SubmittedCase
from core.service.base import Loaded
from core.service.intake import IntakeCommands
from core.status import CaseStatus as S


class ReopeningCommands(IntakeCommands):
    async def record_after_closing(self, ref: str, identity: Identity, text: str, *,
                                   attachments: tuple[NewAttachment, ...] = (), platform_message_id: str | None = None,
                                   sender_verified: bool = True) -> MessageAdded:
        """Keep what the complainant says about a finished case on it and tell the agents; the
        case stays as it is. An open case refuses (add to it instead)."""

        async def change(loaded: Loaded) -> MessageAdded:
            case = loaded.case
            complainant = await self._require_complainant(loaded, identity)
            if platform_message_id and await loaded.uow.message_by_platform_id(case.id, platform_message_id):
                return MessageAdded(case.id, case.reference, case.status, duplicate=True)
            if case.state.is_open:
                raise TransitionRefused(case.reference, case.status, case.status, "the case is open: add the message to it")
            message = Message(case_id=case.id, direction="in", channel=identity.channel,
                              author_kind=ActorKind.COMPLAINANT.value, author_id=complainant.complainant_id, body=text,
                              created_at=loaded.now, platform_message_id=platform_message_id)
            loaded.uow.add(message)
            await loaded.uow.flush()
            saved, rejected = self._store_attachments(case.id, message.id, attachments, loaded.now)
            loaded.uow.add(*saved)
            unproven = {} if sender_verified else {"sender_verified": False}
            self._record(loaded, "message_after_closing", Actor.complainant(complainant.complainant_id),
                         data={"message_id": message.id, "text_sha256": audit.digest(text),
                               "attachments": [a.sha256 for a in saved], **unproven})
            self._to_agents(loaded, "complainant_message", message_id=message.id, after_closing=True, **unproven)
            return MessageAdded(case.id, case.reference, case.status, rejected_attachments=rejected)

        return await self._change(ref, None, change)

    async def reopen(self, ref: str, actor: Actor, reason: str = "", *, identity: Identity | None = None,
                     expected_version: int | None = None) -> int:
        """Reopen a closed case for review one escalation level up (at most the top); returns the
        level. The complainant (``identity``) may within the policy's window after closing; an
        agent at any time."""

        async def change(loaded: Loaded) -> int:
            case, who = loaded.case, actor
            if identity is not None:
                who = Actor.complainant((await self._require_complainant(loaded, identity)).complainant_id)
            elif actor.kind is ActorKind.COMPLAINANT:
                raise AccessDenied("a complainant reopens through their own channel identity")
            else:
                self._require_agent(actor, case)
            if case.state is not S.CLOSED:
                raise TransitionRefused(case.reference, case.status, S.ESCALATED.value, _not_reopenable(case.state))
            until = reopen_until(self.policy, case.closed_at)
            if who.kind is ActorKind.COMPLAINANT and (until is None or loaded.now > until):
                raise TransitionRefused(case.reference, case.status, S.ESCALATED.value,
                                        f"the {self.policy.reopening.window_days}-day window for reopening it has passed; "
                                        "make a new complaint or complain about how it was handled")
            level = level_above(self.policy, case.escalation_level)
            self._move(loaded, S.ESCALATED, who, kind="reopened", reason=reason or None,
                       data={"level": level, "from_level": case.escalation_level})
            case.escalation_level, case.assignee, case.closed_at, case.complainant_decision = level, None, None, None
            time_targets.enter_level(case, loaded.now, self.policy, self.calendar)  # the level's own targets, from now
            level_name = self.policy.level_name(level, self.policy.languages.default)  # rendered in the reader's language
            self._to_complainant(loaded, "case_reopened", level=level, level_name=level_name)
            self._to_agents(loaded, "case_updated", event="reopened", level=level)
            return level

        return await self._change(ref, expected_version, change)

    async def complain_about_handling(self, ref: str, identity: Identity, text: str | None = None) -> SubmittedCase:
        """A complaint about how case ``ref`` was handled: a case of its own in the policy's
        handling category, linked to ``ref`` and one level above it. ``text`` None: the
        complainant's latest message on ``ref``. An open complaint about the same case is
        returned instead of a second one (``duplicate``)."""
        canonical = self.parse_reference(ref)
        async with self._uow(read_only=True) as uow:
            original = await complainants_case(uow, canonical, identity)
            for link in await uow.links(original.id, HANDLING_COMPLAINT):
                existing = await uow.case_by_reference(link.value)
                if existing is not None and existing.state.is_open:
                    return self._submitted(existing, (), duplicate=True)
            if text is None:  # the words of their latest message after closing, as its audit event names it
                named = [e.data.get("message_id") for e in await uow.events(original.id) if e.kind == "message_after_closing"]
                latest = await uow.message(str(named[-1])) if named else None
                text = latest.body if latest else ""
            language = original.language
            reply_address = original.reply_address if original.channel == identity.channel else None
        if not text.strip():
            raise ValidationFailed("a complaint about the handling needs the complainant's words")
        return await self.submit_complaint(ComplaintSubmission(
            identity=identity, description=text, language=language, reply_address=reply_address,
            category=self.policy.handling_category, about_case=canonical))


def _not_reopenable(state: S) -> str:
    if state is S.WITHDRAWN:
        return "a withdrawn complaint is not reopened; the complainant can make a new complaint"
    if state is S.REFERRED_EXTERNAL:
        return "the case is with the external dispute-resolution body; record its outcome instead"
    return "the case is open: only a closed case is reopened"
