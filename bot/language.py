"""The conversation's language: the one the channel gave (a client's language, ``--lang``) unless
the message is clearly in another; else the message's own, else the policy's default.
Latin-script Russian ("zakaz ne prishel") is Russian; "ok", "Bosch" or "yes, согласен" change
nothing."""

from __future__ import annotations

from bot.context import Services, Turn
from bot.messages import InboundMessage
from config.catalog import LANGUAGES


def of_message(services: Services, message: InboundMessage) -> str:
    nlu, text = services.nlu, message.text
    hint = (message.language_hint or "").split("-")[0].lower()
    if hint in LANGUAGES:
        clear = nlu.clear_language(text) if text else None
        return clear if clear in LANGUAGES else hint
    detected = nlu.detect_language(text) if text else None
    return next((c for c in (detected, services.policy.languages.default) if c in LANGUAGES), "en")


def detect(turn: Turn) -> None:
    """The conversation takes the message's language, unless the person chose one."""
    if not turn.session.lang_fixed:
        turn.session.lang = of_message(turn.services, turn.message)
