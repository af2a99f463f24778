"""The timers round (ISO 10002 4.15, 7.6, 8.4): silent cases closed, time targets watched (a
warning before one falls due, an escalation or an alert once it is missed), retention enforced."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from core import outbox, time_targets
from core.actors import Actor, ActorKind
from core.case_filter import CaseFilter
from core.errors import ConcurrencyConflict, TransitionRefused, ValidationFailed
from core.failures import CONFLICTS
from core.lifecycle import allowed
from core.model import Case, Notification
from core.service.agents import AgentCommands
from core.service.base import Loaded
from core.status import CaseStatus as S
from core.time_targets import Target
from core.timer_round import (AUTO_CLOSED, CLOSED_UNANSWERED, DUE_SOON, ESCALATED, OVERDUE, TimerAction,
                              TimerRound)

TIMER = Actor.system("timer")
BATCH = 500
INSTANT = timedelta(microseconds=1)  # the listing's "due before" made "due by"


class TimerCommands(AgentCommands):
    """The timers act as an agent would (:meth:`AgentCommands.close`, escalation), as ``system:timer``."""

    async def run_timers(self) -> TimerRound:
        """One round at the clock's time: close answered cases whose complainant stayed silent
        past the policy's window and cases left waiting for the complainant past theirs; then,
        for the open cases still running, warn once per due time before a target falls due and,
        once it is missed, escalate the case to the next level (the complainant told of the delay
        and the new date) or, with no level left, alert the agents once; last, retention and the
        status page's spent links and sessions."""
        now = self.clock.now()
        done = TimerRound(at=now)
        await self._close_silent(now, done)
        done.referral_offers_closed = await self.close_lapsed_offers(now)
        await self._watch_targets(now, done)
        retention = await self.erasure.run_retention()
        done.retention_erased, done.inbound_payloads_cleared = len(retention.erased), retention.inbound_cleared
        async with self._uow() as uow:  # status-page links used or expired, and web sessions past their time
            await uow.purge_access(now)
            await uow.commit()
        return done

    async def _close_silent(self, now: datetime, done: TimerRound) -> None:
        day_hours = self.calendar.day_length.total_seconds() / 3600
        decided = self.policy.closing.auto_close_business_days * day_hours
        waiting = self.policy.timers.awaiting_complainant_close_days * day_hours
        responded = await self._listed(CaseFilter(status=[S.RESPONDED.value], limit=BATCH))
        asked = await self._listed(CaseFilter(status=[S.AWAITING_COMPLAINANT.value], limit=BATCH)) if waiting else []
        for case in responded:
            if case.responded_at and self.calendar.business_hours_between(case.responded_at, now) >= decided:
                if await self._act(case, lambda loaded: self._close(
                        loaded, TIMER, "no answer within the policy's window")):
                    done.actions.append(TimerAction(case.reference, AUTO_CLOSED))
        days = self.policy.timers.awaiting_complainant_close_days
        for case in asked:
            if case.waiting_since and self.calendar.business_hours_between(case.waiting_since, now) >= waiting:
                if await self._act(case, lambda loaded: self._close(
                        loaded, TIMER, "no answer to our question within the policy's window",
                        notice="closed_unanswered", days=days)):
                    done.actions.append(TimerAction(case.reference, CLOSED_UNANSWERED))

    async def _watch_targets(self, now: datetime, done: TimerRound) -> None:
        horizon = self.calendar.add_hours(now, self.policy.timers.due_soon_hours)
        # read after the closings: a case closed this round is final now and not listed
        cases = await self._listed(CaseFilter(overdue_at=max(horizon, now) + INSTANT, limit=BATCH))  # due by the horizon
        for case in cases:
            targets = time_targets.running_targets(case, self.policy)
            missed = [target for target in targets if target.due <= now]
            if missed:
                await self._missed(case, missed[0], now, done)
                continue
            soon = [target for target in targets if target.due <= horizon]
            if soon and self.policy.timers.due_soon_hours > 0:
                await self._due_soon(case, soon[0], now, done)

    async def _missed(self, case: Case, target: Target, now: datetime, done: TimerRound) -> None:
        if self._can_escalate(case):
            reason = f"the {target.name} target was missed"

            def escalate(loaded: Loaded) -> None:
                previous = loaded.case.assignee
                self._escalate(loaded, TIMER, reason, kind="escalated_by_time", notice="case_delayed")
                level = self.policy.escalation.at(loaded.case.escalation_level)
                loaded.uow.add(outbox.for_agents(
                    loaded.case, "target_missed", now, key=f"{case.id}:missed:{target.name}:{target.due.isoformat()}",
                    target=target.name, level=loaded.case.escalation_level, level_name=self.policy.level_name(level.level, self.policy.languages.default) if level else "",
                    slack_group=level.slack_group if level else "", agents=list(level.agents) if level else [],
                    previous_assignee=previous or "",
                    due=loaded.case.due_resolution.isoformat() if loaded.case.due_resolution else ""))

            if await self._act(case, escalate):
                after = await self._reload(case.reference)
                done.actions.append(TimerAction(case.reference, ESCALATED, target.name,
                                                after.escalation_level if after else None,
                                                after.due_resolution if after else None))
            return
        level = self.policy.escalation.at(case.escalation_level)
        row = outbox.for_agents(case, "overdue", now, key=f"{case.id}:overdue:{target.name}:{target.due.isoformat()}",
                               target=target.name, due=target.due.isoformat(), assignee=case.assignee or "",
                               slack_group=level.slack_group if level else "", agents=list(level.agents) if level else [])
        if await self._queue_once(row):
            done.actions.append(TimerAction(case.reference, OVERDUE, target.name, due=target.due))

    def _can_escalate(self, case: Case) -> bool:
        return (self.policy.timers.escalate_missed and case.escalation_level < self.policy.escalation.top
                and allowed(case.state, S.ESCALATED, ActorKind.SYSTEM))

    async def _due_soon(self, case: Case, target: Target, now: datetime, done: TimerRound) -> None:
        row = outbox.for_agents(case, "due_soon", now, key=f"{case.id}:due_soon:{target.name}:{target.due.isoformat()}",
                               target=target.name, due=target.due.isoformat(), assignee=case.assignee or "")
        if await self._queue_once(row):
            done.actions.append(TimerAction(case.reference, DUE_SOON, target.name, due=target.due))

    async def _act(self, case: Case, change: Callable[[Loaded], None]) -> bool:
        """``change`` on ``case`` as listed (its version): False when it changed meanwhile or the
        change is refused."""

        async def apply(loaded: Loaded) -> None:
            change(loaded)

        try:
            await self._change(case.reference, case.version, apply)
        except (ConcurrencyConflict, TransitionRefused, ValidationFailed):
            return False
        return True

    async def _queue_once(self, row: Notification) -> bool:
        """Queue an alert unless its idempotency key was queued before (by this or another process)."""
        async with self._uow() as uow:
            uow.add(row)
            try:
                await uow.flush()
            except CONFLICTS:
                await uow.rollback()
                return False
            await uow.commit()
        return True

    async def _listed(self, wanted: CaseFilter) -> list[Case]:
        """Every case ``wanted`` lists, read page by page (however many are overdue, none starves)."""
        found: list[Case] = []
        async with self._uow() as uow:
            while True:
                page = await uow.cases(replace(wanted, offset=len(found)))
                found += page
                if len(page) < wanted.limit:
                    return found

    async def _reload(self, reference: str) -> Case | None:
        async with self._uow() as uow:
            return await uow.case_by_reference(reference)
