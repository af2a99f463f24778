"""The complainant's own answers (ISO 10002 7.8, 8.3): accepting or rejecting a proposed
decision, withdrawing, rating the handling."""

from __future__ import annotations

from core import audit
from core.actors import Actor, ActorKind
from core.commands import Identity
from core.errors import AccessDenied, TransitionRefused, ValidationFailed
from core.model import Satisfaction
from core.surveys import current_rating
from core.service.base import Loaded
from core.service.referrals import ReferralCommands
from core.status import CaseStatus as S


class ComplainantCommands(ReferralCommands):
    async def record_complainant_decision(self, ref: str, identity: Identity, *, accept: bool,
                                          reason: str | None = None) -> str:
        """The complainant accepts (the case closes) or rejects (it escalates; at the last level the
        external body is offered: ``referral_offered``) the proposed decision. Returns the new status."""

        async def change(loaded: Loaded) -> str:
            case = loaded.case
            complainant = await self._require_complainant(loaded, identity)
            actor = Actor.complainant(complainant.complainant_id)
            if case.state is not S.RESPONDED:
                raise TransitionRefused(case.reference, case.status, S.CLOSED.value if accept else S.ESCALATED.value,
                                        "there is no proposed decision waiting for an answer")
            if accept:
                case.complainant_decision = "accepted"
                self._close(loaded, actor, reason, kind="decision_accepted")
            elif case.escalation_level >= self.policy.escalation.top:
                self._offer_referral(loaded, actor, reason)
            else:
                case.complainant_decision = "rejected"
                self._escalate(loaded, actor, reason or "", kind="decision_rejected")
                self._to_agents(loaded, "decision_rejected", reason=reason or "")
            return case.status

        return await self._change(ref, None, change)

    async def withdraw(self, ref: str, actor: Actor, *, identity: Identity | None = None, reason: str = "") -> None:
        async def change(loaded: Loaded) -> None:
            who = actor
            if identity is not None:  # recorded by the complainant's id, never their address
                who = Actor.complainant((await self._require_complainant(loaded, identity)).complainant_id)
            elif actor.kind is ActorKind.COMPLAINANT:
                raise AccessDenied("a complainant withdraws through their own channel identity")
            self._move(loaded, S.WITHDRAWN, who, reason=reason or None)
            loaded.case.closed_at = loaded.now
            self._to_complainant(loaded, "withdrawn")
            if self.policy.closing.survey:  # how the complaint was handled until then counts too (8.3)
                self._to_complainant(loaded, "survey")
            self._to_agents(loaded, "case_updated", event="withdrawn")

        await self._change(ref, None, change)

    async def record_satisfaction(self, ref: str, identity: Identity, rating: int, comment: str | None = None) -> None:
        """The complainant's 1-5 rating after closing (ISO 10002 8.3, ISO 10004)."""
        if rating not in range(1, 6):
            raise ValidationFailed("a rating is a whole number from 1 to 5")

        async def change(loaded: Loaded) -> None:
            case = loaded.case
            complainant = await self._require_complainant(loaded, identity)
            if case.state not in (S.CLOSED, S.REFERRED_EXTERNAL, S.WITHDRAWN):
                raise TransitionRefused(case.reference, case.status, case.status, "the survey opens when the case is closed")
            existing = current_rating(await loaded.uow.ratings(case.id), case)
            if existing is not None:
                existing.rating, existing.comment, existing.at = rating, comment or existing.comment, loaded.now
            else:
                loaded.uow.add(Satisfaction(case_id=case.id, rating=rating, comment=comment, agent_id=case.assignee,
                                            at=loaded.now, closed_at=case.closed_at))
            self._record(loaded, "satisfaction_recorded", Actor.complainant(complainant.complainant_id),
                         data={"rating": rating, "comment_sha256": audit.digest(comment) if comment else None,
                               "closed_at": case.closed_at.isoformat() if case.closed_at else None})
            self._to_agents(loaded, "case_updated", event="satisfaction_recorded", rating=rating)

        await self._change(ref, None, change)
