"""Telling one agent something only they see, and turning core refusals into sentences."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from core.errors import (
    AccessDenied, CaseNotFound, ConcurrencyConflict, DomainError, InvalidReference, TransitionRefused, ValidationFailed,
)

from channels.slack.escape import escape_control
from channels.slack.failures import api_error_code, failure_code
from channels.slack.texts import t

log = logging.getLogger(__name__)


async def tell(client: AsyncWebClient, *, user: str, channel: str | None, text: str,
               blocks: list[dict] | None = None) -> None:
    """An ephemeral message in ``channel``; a DM when the app cannot post there."""
    if channel:
        try:
            await client.chat_postEphemeral(channel=channel, user=user, text=text, blocks=blocks)
            return
        except SlackApiError as error:
            log.info("slack: ephemeral message failed (%s); sending it by DM", api_error_code(error))
    try:
        await client.chat_postMessage(channel=user, text=text, blocks=blocks)
    except Exception as error:  # telling is the last step of an action: a failure is logged, never raised
        log.warning("slack: could not tell an agent (%s)", failure_code(error))


def refusal_text(error: DomainError, lang: str) -> str:
    if isinstance(error, ConcurrencyConflict):
        return t("refusal.conflict", lang, reference=error.reference)
    if isinstance(error, CaseNotFound):
        return t("refusal.not_found", lang, reference=escape_control(error.reference))
    if isinstance(error, InvalidReference):
        key = "refusal.reference_typo" if error.typo else "refusal.reference_invalid"
        return t(key, lang, text=escape_control(error.text))
    if isinstance(error, TransitionRefused):
        return t("refusal.transition", lang, reference=error.reference, reason=escape_control(error.reason))
    if isinstance(error, AccessDenied):
        return t("refusal.access_denied", lang, detail=escape_control(str(error)))
    if isinstance(error, ValidationFailed):
        return t("refusal.invalid", lang, detail=escape_control(str(error)))
    return t("refusal.other", lang, detail=escape_control(str(error)))
