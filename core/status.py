from enum import StrEnum


class CaseStatus(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    ASSESSED = "assessed"
    INVESTIGATING = "investigating"
    AWAITING_COMPLAINANT = "awaiting_complainant"
    RESPONDED = "responded"
    CLOSED = "closed"
    ESCALATED = "escalated"
    REFERRED_EXTERNAL = "referred_external"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        return self not in FINAL_STATUSES


FINAL_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.REFERRED_EXTERNAL, CaseStatus.WITHDRAWN})
