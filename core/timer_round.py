"""What one timers round did (``complaintdesk timers run`` prints it, ``serve`` logs it)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

# What the round may do to a case, as ``TimerAction.kind``.
AUTO_CLOSED = "auto_closed"  # a decision stayed unanswered past the policy's window
CLOSED_UNANSWERED = "closed_unanswered"  # a question to the complainant stayed unanswered past the window
ESCALATED = "escalated"  # a missed target passed the case to the next escalation level
OVERDUE = "overdue"  # a missed target with no level left above: the agents were told
DUE_SOON = "due_soon"  # a target falls due soon: the assignee (or the triage channel) was warned


@dataclass(frozen=True, slots=True)
class TimerAction:
    reference: str
    kind: str
    target: str = ""  # the time target concerned (first_response, resolution), when one is
    level: int | None = None  # the escalation level reached, for ESCALATED
    due: datetime | None = None  # the due time concerned (the new one after an escalation)


@dataclass(slots=True)
class TimerRound:
    at: datetime
    actions: list[TimerAction] = field(default_factory=list)
    retention_erased: int = 0
    inbound_payloads_cleared: int = 0
    referral_offers_closed: int = 0  # offers of the external body left unanswered past the policy's window
    ran: bool = True  # False: another process holds the timers (PostgreSQL), this one did nothing

    def counts(self) -> dict[str, int]:
        """How many actions of each kind, and what retention did (zeros left out)."""
        found: dict[str, int] = dict(Counter(action.kind for action in self.actions))
        found["retention_erased"] = self.retention_erased
        found["inbound_payloads_cleared"] = self.inbound_payloads_cleared
        found["referral_offers_closed"] = self.referral_offers_closed
        return {key: value for key, value in found.items() if value}
