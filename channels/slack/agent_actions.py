"""Agents' buttons on case cards and the modals behind them: each becomes one core command with
the Slack user as the actor (so the audit trail names them) and the card's version (so a stale
card gets a clear conflict instead of overwriting someone else's change)."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from core.actors import Actor
from core.errors import ConcurrencyConflict, DomainError
from core.investigation import InvestigationInput, parse_amount

from channels.slack.deps import SlackDeps
from channels.slack.escape import escape_control
from channels.slack.failures import api_error_code
from channels.slack.ids import CardHandle, CaseAction
from channels.slack.modals import AUTO_PRIORITY, Submission, action_modal, notice_modal
from channels.slack.replies import refusal_text, tell
from channels.slack.texts import t

SLACK_ACTOR = Actor.agent("slack")


class CaseActions:
    def __init__(self, deps: SlackDeps) -> None:
        self.deps = deps

    async def button(self, body: dict) -> None:
        """A card button was pressed (runs after the ack)."""
        deps = self.deps
        action_body = (body.get("actions") or [{}])[0]
        user = str((body.get("user") or {}).get("id") or "")
        channel = str((body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or "")
        ts = (body.get("container") or {}).get("message_ts") or (body.get("message") or {}).get("ts")
        lang = await deps.people.language(user)
        try:
            action = CaseAction(str(action_body.get("action_id")))
        except ValueError:
            deps.ignored("block_actions", "unknown card action")
            return
        handle = CardHandle.from_button(str(action_body.get("value") or ""), channel or None, ts)
        if not await deps.agents.is_agent(user):
            deps.refused("block_actions", f"{action.value} by a user who is not an agent")
            await tell(deps.client, user=user, channel=channel or None, text=t("refusal.not_agent", lang))
            return
        try:
            if action is CaseAction.TAKE:
                await deps.core.service.assign(handle.reference, Actor.agent(user), user,
                                               expected_version=handle.version)
                deps.core.dispatcher.wake()
                deps.processed("block_actions", f"{action.value} on {handle.reference}")
                return
            details = await deps.core.queries.details(handle.reference, SLACK_ACTOR)
            await deps.client.views_open(trigger_id=str(body.get("trigger_id") or ""),
                                         view=action_modal(action, handle, details, deps.core.policy, lang))
            deps.processed("block_actions", f"{action.value} modal opened for {handle.reference}")
        except DomainError as error:
            await self._refuse(error, user, handle, lang)
        except SlackApiError as error:
            deps.refused("block_actions", f"Slack refused: {api_error_code(error)}")
            await tell(deps.client, user=user, channel=channel or None, text=t("refusal.slack", lang))

    async def submission(self, submission: Submission, user: str) -> None:
        """A modal was submitted and acknowledged with a 'working' view; do it, then say how it went."""
        deps = self.deps
        lang = await deps.people.language(user)
        handle = submission.handle
        title = t(f"modal.{submission.action.value}.title", lang)
        if not await deps.agents.is_agent(user):
            deps.refused("view_submission", f"{submission.action.value} by a user who is not an agent")
            await self._show(submission, user, title, t("refusal.not_agent", lang))
            return
        try:
            await self._run(submission, Actor.agent(user))
        except DomainError as error:
            deps.refused("view_submission", f"{submission.action.value} on {handle.reference}: {error}")
            if isinstance(error, ConcurrencyConflict):
                await self._refresh(handle.reference)
            await self._show(submission, user, title, refusal_text(error, lang))
            return
        deps.core.dispatcher.wake()
        deps.processed("view_submission", f"{submission.action.value} on {handle.reference}")
        await self._show(submission, user, title, t(f"done.{submission.action.value}", lang, reference=handle.reference))

    async def _run(self, s: Submission, actor: Actor) -> None:
        service, ref, version = self.deps.core.service, s.handle.reference, s.handle.version
        action = s.action
        if action is CaseAction.ASSIGN:
            await service.assign(ref, actor, s.text("assignee"), expected_version=version, reassign=True)
        elif action is CaseAction.REPLY:
            await service.send_message(ref, actor, s.text("text"), expected_version=version)
        elif action is CaseAction.REQUEST_INFO:
            await service.request_information(ref, actor, s.text("question"), expected_version=version)
        elif action is CaseAction.PROPOSE:
            await service.respond(ref, actor, s.text("decision"), expected_version=version)
        elif action is CaseAction.REASSESS:
            await service.assess(ref, actor, reason=s.text("reason"), expected_version=version, **_changes(s))
        elif action is CaseAction.ESCALATE:
            level = int(s.text("level")) if s.text("level").isdigit() else None
            await service.escalate(ref, actor, s.text("reason"), level=level, expected_version=version)
        elif action is CaseAction.REFER:
            await service.refer_external(ref, actor, s.text("reason"), expected_version=version)
        elif action is CaseAction.CLOSE:
            await service.close(ref, actor, s.text("reason"), expected_version=version)
        elif action is CaseAction.REOPEN:
            await service.reopen(ref, actor, s.text("reason"), expected_version=version)
        elif action is CaseAction.RECORD_OUTCOME:
            await service.record_referral_outcome(ref, actor, s.text("outcome"), note=s.text("note"),
                                                  expected_version=version)
        elif action is CaseAction.INVESTIGATE:
            await service.record_investigation(ref, actor, investigation_input(s), expected_version=version)
        elif action is CaseAction.TAKE:
            await service.assign(ref, actor, actor.id, expected_version=version)

    async def _show(self, submission: Submission, user: str, title: str, text: str) -> None:
        try:
            await self.deps.client.views_update(view_id=submission.view_id, view=notice_modal(title, text))
        except SlackApiError:  # the agent closed the modal meanwhile: say it where the card is
            await tell(self.deps.client, user=user, channel=submission.handle.channel, text=text)

    async def _refuse(self, error: DomainError, user: str, handle: CardHandle, lang: str) -> None:
        self.deps.refused("block_actions", f"on {escape_control(handle.reference)}: {error}")
        if isinstance(error, ConcurrencyConflict):
            await self._refresh(handle.reference)
        await tell(self.deps.client, user=user, channel=handle.channel, text=refusal_text(error, lang))

    async def _refresh(self, reference: str) -> None:
        try:
            await self.deps.cards.refresh(reference, "en")
        except (DomainError, SlackApiError):
            pass  # the outbox will bring the card up to date


def investigation_input(s: Submission) -> InvestigationInput:
    """The investigation modal's fields; empty ones keep what was recorded (a bad amount is refused)."""
    return InvestigationInput(
        findings=s.text("findings") or None, root_cause=s.text("root_cause") or None,
        corrective_action=s.text("corrective_action") or None, redress_kind=s.text("redress_kind") or None,
        redress_amount=parse_amount(s.text("redress_amount")),
        # the currency field comes prefilled: it counts only with an amount
        redress_currency=(s.text("redress_currency").upper() or None) if s.text("redress_amount") else None)


def _changes(s: Submission) -> dict[str, object]:
    changes: dict[str, object] = {}
    if s.text("category"):
        changes["category"] = s.text("category")
    for score in ("severity", "urgency"):
        if s.text(score).isdigit():
            changes[score] = int(s.text(score))
    if s.text("priority") and s.text("priority") != AUTO_PRIORITY:
        changes["priority"] = s.text("priority")
    return changes
