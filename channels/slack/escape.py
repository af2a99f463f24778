"""Making text someone else wrote inert in Slack mrkdwn.

Slack parses ``&``, ``<`` and ``>`` as control characters (``<!channel>``, ``<@U123>``,
``<http://x|y>``), so they are HTML-escaped as Slack asks. Formatting characters are kept
visible but made unable to pair up by a zero-width space after each, and a line starting with
``>`` (a quote, even escaped) gets one in front."""

from __future__ import annotations

ZERO_WIDTH_SPACE = "\u200b"
_CONTROL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_FORMATTING = "*_~`"
_ESCAPE = str.maketrans(_CONTROL)
_INERT = str.maketrans({**_CONTROL, **{char: char + ZERO_WIDTH_SPACE for char in _FORMATTING}})


def escape_control(text: str) -> str:
    """Slack's own rule: ``&``, ``<``, ``>`` become entities."""
    return text.translate(_ESCAPE)


def inert(text: str) -> str:
    """``text`` as mrkdwn that shows what was typed and triggers nothing: no mentions, no links,
    no bold, italics, strike-through, code or quotes."""
    lines = []
    for line in text.split("\n"):
        escaped = line.translate(_INERT)
        if escaped.lstrip().startswith("&gt;"):
            escaped = ZERO_WIDTH_SPACE + escaped
        lines.append(escaped)
    return "\n".join(lines)


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, with an ellipsis when cut (Block Kit has hard limits)."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def unescape_control(text: str) -> str:
    """Slack's escaped message text back to what the person typed (``&lt;`` -> ``<``)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
