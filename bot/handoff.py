"""A person asked for, in the person's own words ("I need to speak to a real person, not a bot",
«соедините с оператором», "s chelovekom pogovorit"), besides the short commands. A message that
only asks for a person is the handoff command; one that also tells the story keeps the story and
flags the complaint for a person."""

from __future__ import annotations

import re

from bot import edits, followup, intake
from bot.context import Turn
from core.errors import DomainError

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


async def hand_over(turn: Turn) -> None:
    """The handoff command: a draft with its story is submitted for a person; an open case is
    flagged for one; otherwise the story is asked for first."""
    session = turn.session
    if session.step in edits.DRAFTING and session.slots.get("description"):
        session.needs_human = True
        await intake.submit(turn, turn.t("control.human_draft"))
        return
    reference = None if session.step in edits.DRAFTING else await followup.open_case(turn)
    if reference:
        try:
            await turn.services.core.service.flag_for_human(reference, turn.identity)
        except DomainError:
            session.case = None
        else:
            turn.say(turn.t("control.human_case", reference=reference))
            return
    session.needs_human = True
    turn.say(turn.t("control.human_need_description"))
    if session.consent:
        intake.ask_slot(turn, "description")
    else:
        intake.ask_consent(turn)
