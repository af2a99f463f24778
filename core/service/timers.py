"""The timers round (ISO 10002 7.6, 8.4): silent answered cases closed, missed time targets
told to the agents, retention enforced."""

from __future__ import annotations

from core import outbox
from core.actors import Actor
from core.case_filter import CaseFilter
from core.errors import ConcurrencyConflict, TransitionRefused
from core.failures import CONFLICTS
from core.service.agents import AgentCommands
from core.status import CaseStatus as S


class TimerCommands(AgentCommands):
    """The timers close cases as an agent would (:meth:`AgentCommands.close`)."""

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
                except CONFLICTS:
                    await uow.rollback()
                    continue
                await uow.commit()
        lapsed = await self.close_lapsed_offers(now)
        retention = await self.erasure.run_retention()
        return {"auto_closed": closed, "overdue_alerts": alerts, "referral_offers_closed": lapsed, "retention_erased": len(retention.erased),
                "inbound_payloads_cleared": retention.inbound_cleared}
