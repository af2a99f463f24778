"""Slack Web API errors as the outbox understands them."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from core.ports import DeliveryFailed

# The address will not work however often we try: the contact is unreachable over Slack.
PERMANENT_ERRORS = frozenset({
    "channel_not_found", "user_not_found", "is_archived", "account_inactive", "user_disabled",
    "cannot_dm_bot", "messages_tab_disabled", "not_in_channel", "restricted_action",
})


def api_error_code(error: SlackApiError) -> str:
    """Slack's error code, whatever the answer was (the SDK's ``error.response`` is a raw HTTP
    response, or holds text, when the body was not JSON)."""
    data = getattr(error.response, "data", None)
    return str(data.get("error", "unknown_error")) if isinstance(data, dict) else "unknown_error"


def failure_code(error: Exception) -> str:
    """A short name for a failed call, fit for a log line (no request or response body)."""
    return api_error_code(error) if isinstance(error, SlackApiError) else type(error).__name__


def delivery_failure(error: SlackApiError) -> DeliveryFailed:
    code = api_error_code(error)
    status = getattr(error.response, "status_code", None)
    if status == 429 or code == "ratelimited":
        headers = getattr(error.response, "headers", {}) or {}
        retry_after = headers.get("Retry-After") or headers.get("retry-after") or "1"
        return DeliveryFailed(f"slack: rate limited ({code})", retry_after=float(retry_after))
    return DeliveryFailed(f"slack: {code}", permanent=code in PERMANENT_ERRORS)
