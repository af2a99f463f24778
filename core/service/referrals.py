"""The end of the dispute path (ISO 10002 7.9, ISO 10003): a decision rejected at the last
escalation level offers the external dispute-resolution body; the complainant takes the referral
up or declines it (silence closes the case after the policy's window); an agent refers a case
directly, and records the body's outcome, which closes the case and opens the survey."""

from __future__ import annotations

from datetime import datetime

from core.actors import Actor
from core.case_filter import CaseFilter
from core.commands import Identity
from core.errors import ConcurrencyConflict, TransitionRefused, ValidationFailed
from core.referrals import check_outcome
from core.service.base import Loaded, ServiceBase
from core.status import CaseStatus as S

LAPSED = "the offer of the external body was not answered within the policy's window"


class ReferralCommands(ServiceBase):
    def _body_name(self) -> str:
        """The body as the case records it: its name in the policy's default language."""
        return self.policy.external_body(self.policy.languages.default)

    def _offer_referral(self, loaded: Loaded, actor: Actor, reason: str | None) -> None:
        """The decision was rejected at the last level: nothing higher reviews it here, so the
        external body is offered (the conversation shows the offer) and the agents are told."""
        case = loaded.case
        self._move(loaded, S.REFERRAL_OFFERED, actor, kind="decision_rejected", reason=reason,
                   data={"level": case.escalation_level, "final": True, "body": self._body_name()})
        case.complainant_decision, case.referral_offered_at = "rejected", loaded.now
        self._to_agents(loaded, "referral_offered", reason=reason or "—", body=self._body_name())

    def _refer(self, loaded: Loaded, actor: Actor, reason: str | None, *, kind: str) -> None:
        case = loaded.case
        self._move(loaded, S.REFERRED_EXTERNAL, actor, kind=kind, reason=reason, data={"body": self._body_name()})
        case.referral_body, case.referred_at, case.closed_at = self._body_name(), loaded.now, loaded.now
        case.referral_outcome = case.referral_outcome_at = None

    async def accept_referral(self, ref: str, identity: Identity) -> None:
        """The complainant takes up the offer: the case goes to the external body; agents are told
        to send it there (the conversation answers the complainant)."""

        async def change(loaded: Loaded) -> None:
            complainant = await self._require_complainant(loaded, identity)
            self._require_offer(loaded)
            self._refer(loaded, Actor.complainant(complainant.complainant_id), None, kind="referral_accepted")
            self._to_agents(loaded, "referral_accepted", body=self._body_name())

        await self._change(ref, None, change)

    async def decline_referral(self, ref: str, identity: Identity) -> None:
        """The complainant does not want the referral: the case closes (with the survey)."""

        async def change(loaded: Loaded) -> None:
            complainant = await self._require_complainant(loaded, identity)
            self._require_offer(loaded)
            self._close(loaded, Actor.complainant(complainant.complainant_id), None, kind="referral_declined")

        await self._change(ref, None, change)

    @staticmethod
    def _require_offer(loaded: Loaded) -> None:
        case = loaded.case
        if case.state is not S.REFERRAL_OFFERED:
            raise TransitionRefused(case.reference, case.status, S.REFERRED_EXTERNAL.value,
                                    "no offer of the external body is waiting for an answer")

    async def refer_external(self, ref: str, actor: Actor, reason: str, *, expected_version: int | None = None) -> None:
        """An agent refers the case to the external dispute-resolution body (ISO 10003)."""

        async def change(loaded: Loaded) -> None:
            self._require_agent(actor, loaded.case)
            self._refer(loaded, actor, reason, kind="referred_external")
            self._to_complainant(loaded, "referred_external")
            self._to_agents(loaded, "case_updated", event="referred_external")

        await self._change(ref, expected_version, change)

    async def record_referral_outcome(self, ref: str, actor: Actor, outcome: str, *, note: str = "",
                                      expected_version: int | None = None) -> None:
        """An agent records the external body's outcome (:data:`core.referrals.REFERRAL_OUTCOMES`);
        the complainant is told, the case closes and the survey follows."""
        refused = check_outcome(outcome)
        if refused:
            raise ValidationFailed(refused)

        async def change(loaded: Loaded) -> None:
            case = loaded.case
            self._require_agent(actor, case)
            if case.state is not S.REFERRED_EXTERNAL:
                raise TransitionRefused(case.reference, case.status, S.CLOSED.value,
                                        "an outcome is recorded for a case referred to the external body")
            case.referral_outcome, case.referral_outcome_at = outcome, loaded.now
            self._record(loaded, "referral_outcome", actor, reason=note.strip() or None,
                         data={"outcome": outcome, "body": case.referral_body})
            self._to_complainant(loaded, "referral_outcome", outcome=outcome)
            self._close(loaded, actor, note.strip() or None, kind="closed", notice=None)

        await self._change(ref, expected_version, change)

    async def close_lapsed_offers(self, now: datetime) -> int:
        """Close cases whose offer of the external body went unanswered past the policy's window
        (the complainant is told they can still go to the body themselves); the number closed."""
        async with self._uow() as uow:
            offered = await uow.cases(CaseFilter(status=[S.REFERRAL_OFFERED.value], limit=500))
        hours = self.policy.dispute.offer_business_days * self.calendar.day_length.total_seconds() / 3600
        closed = 0
        for case in offered:
            since = case.referral_offered_at or case.updated_at
            if since is None or self.calendar.business_hours_between(since, now) < hours:
                continue

            async def change(loaded: Loaded) -> None:
                if loaded.case.state is not S.REFERRAL_OFFERED:
                    raise TransitionRefused(loaded.case.reference, loaded.case.status, S.CLOSED.value, "answered meanwhile")
                self._to_complainant(loaded, "referral_offer_lapsed")
                self._close(loaded, Actor.system("timer"), LAPSED, kind="referral_lapsed", notice=None)

            try:
                await self._change(case.reference, case.version, change)
                closed += 1
            except (ConcurrencyConflict, TransitionRefused):
                continue
        return closed

