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
    # The decision was rejected at the last escalation level: the external body is offered and the
    # case waits for the complainant to take it up (ISO 10003).
    REFERRAL_OFFERED = "referral_offered"
    REFERRED_EXTERNAL = "referred_external"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        return self not in FINAL_STATUSES


FINAL_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.REFERRED_EXTERNAL, CaseStatus.WITHDRAWN})


class InboundStatus(StrEnum):
    """Where a stored inbound delivery (an email, a Telegram update, a Slack event) stands."""

    PENDING = "pending"  # stored; processing has not ended (claimed by a process, or waiting for one)
    DONE = "done"
    IGNORED = "ignored"  # nothing to do (an auto-reply, a kind of event we do not handle)
    REFUSED = "refused"  # unreadable for good (does not match the platform's model)
    FAILED = "failed"  # set aside: processing failed for good or too many times; agents were told


class NotificationStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a dispatcher (or delivered inline) until ``locked_until``
    SENT = "sent"
    DEAD = "dead"
