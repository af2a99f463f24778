"""A person asked for, in the person's own words ("I need to speak to a real person, not a bot",
«соедините с оператором», "s chelovekom pogovorit"), besides the short commands. A message that
only asks for a person is the handoff command; one that also tells the story keeps the story and
flags the complaint for a person."""

from __future__ import annotations

import re

_ASKS = re.compile("|".join((
    r"\b(?:speak|talk|chat|get through) (?:to|with) (?:a |an |some |your )?(?:real |actual |live |human )?"
    r"(?:person|human|agent|operator|manager|someone|somebody|representative|rep|advisor|adviser|staff)\b",
    r"\b(?:real|actual|live) (?:person|human|agent|operator)\b",
    r"\bhuman being\b",
    r"\bnot (?:a |with a |to a )?(?:bot|robot|machine)\b",
    r"\b(?:поговорить|говорить|связаться|связать|соедините|соединить|переключите) (?:меня )?с (?:живым )?"
    r"(?:человеком|оператором|сотрудником|менеджером|специалистом|консультантом)",
    r"\bживо(?:й|го|му|м) (?:человек|оператор)",
    r"\bпозовите (?:человека|оператора|сотрудника|менеджера|специалиста)",
    r"\bне (?:с |с этим )?(?:ботом|роботом)\b",
    r"\b(?:s )?(?:chelovekom|operatorom|sotrudnikom)\b",
)))
SHORT_WORDS = 14


def wants_human(text: str) -> bool:
    return _ASKS.search(text.lower().replace("ё", "е")) is not None


def is_short(text: str) -> bool:
    """Short enough that a request for a person in it is the whole message (no story to keep)."""
    return len(text.split()) <= SHORT_WORDS
