"""External dispute resolution (ISO 10003): the outcomes an agent records when the external body
has decided on a referred case. Their words are in the catalogs (``referral_outcome.<key>``)."""

from __future__ import annotations

REFERRAL_OUTCOMES: tuple[str, ...] = (
    "upheld",         # the body found for the complainant
    "partly_upheld",  # for the complainant in part
    "not_upheld",     # for the organisation
    "settled",        # settled by agreement while the body had it
    "not_taken_up",   # the body declined the complaint or the complainant did not pursue it
)


def check_outcome(outcome: str) -> str | None:
    """None when ``outcome`` is one of :data:`REFERRAL_OUTCOMES`, else why it is refused."""
    if outcome in REFERRAL_OUTCOMES:
        return None
    return f"unknown outcome {outcome!r}; the external body's outcome is one of: {', '.join(REFERRAL_OUTCOMES)}"
