"""A complaint about how another complaint was handled (ISO 10002 7.9): it goes to the policy's
handling category, is linked both ways to the case it is about, and starts one escalation level
above where that case ended."""

from __future__ import annotations

from datetime import datetime, timedelta

from config.policy import Policy
from core import audit, outbox
from core.actors import Actor
from core.errors import AccessDenied, CaseNotFound
from core.model import Case, CaseLink
from core.ports import UnitOfWork
from core.status import CaseStatus as S

HANDLING_OF = "handling_of"  # on the new case: the reference of the case whose handling it is about
HANDLING_COMPLAINT = "handling_complaint"  # on the original case: the reference of the complaint about it
RELATED_KINDS = frozenset({HANDLING_OF, HANDLING_COMPLAINT})


def level_above(policy: Policy, level: int) -> int:
    """One escalation level above ``level``, at most the policy's top."""
    return min(level + 1, policy.escalation.top)


async def route(uow: UnitOfWork, policy: Policy, case: Case, about: str, now: datetime) -> list[object]:
    """Link the new ``case`` (assessed, not yet stored) to the case ``about`` and escalate it one
    level above that one; the rows to store after the case. The original case records the
    complaint in its own audit trail."""
    original = await uow.case_by_reference(about)
    if original is None:
        raise CaseNotFound(about)
    if original.complainant_id != case.complainant_id:
        raise AccessDenied(f"only the complainant of {about} can complain about its handling")
    level = level_above(policy, original.escalation_level)
    escalated = audit.append(case, S.ESCALATED.value, Actor.system("handling-route"), now, from_status=case.status,
                             to_status=S.ESCALATED.value, data={"level": level, "from_level": 0, "about": original.reference})
    case.status, case.escalation_level = S.ESCALATED.value, level
    noted = audit.append(original, "handling_complained", Actor.complainant(case.complainant_id), now,
                         data={"case": case.reference})
    original.updated_at = now
    uow.add(noted)
    return [escalated, CaseLink(case_id=case.id, kind=HANDLING_OF, value=original.reference, created_at=now),
            CaseLink(case_id=original.id, kind=HANDLING_COMPLAINT, value=case.reference, created_at=now),
            outbox.for_agents(case, "case_updated", now, key=f"{case.id}:handling", event="handling_complaint",
                              level=level, about=original.reference),
            outbox.for_agents(original, "case_updated", now, event="handling_complained", about=case.reference)]


def reopen_until(policy: Policy, closed_at: datetime | None) -> datetime | None:
    """Until when the complainant may reopen a case closed at ``closed_at`` (None: they may not)."""
    if closed_at is None or policy.reopening.window_days == 0:
        return None
    return closed_at + timedelta(days=policy.reopening.window_days)
