"""Edited messages (Telegram lets people edit what they sent): an edit of an answer changes the
slot that answer filled; an edit after submission is added to the case as further information."""

from __future__ import annotations

from bot import followup, intake, slots
from bot.context import Turn
from bot.excerpts import SHORT_CHARS
from bot.session_state import Step

DRAFTING = (Step.CONSENT, Step.INTAKE, Step.CONFIRM, Step.EDIT)


def remember(turn: Turn, before: dict[str, str], asked: str | None) -> None:
    """Note which slot this message filled, so that an edit of it can change that slot: the slot
    that was asked if it changed, else the description, else the first slot that changed."""
    message, session = turn.message, turn.session
    key = message.edit_of or message.platform_message_id
    if not key or message.choice:
        return
    changed = [slot for slot, value in session.slots.items() if before.get(slot) != value]
    if not changed:
        return
    slot = asked if asked in changed else ("description" if "description" in changed else changed[0])
    if slot == "description" and session.slots["description"] != turn.text.strip():
        return  # the words held before consent, taken in by the "yes": that message is remembered
    session.answered[key] = slot


async def on_edit(turn: Turn) -> bool:
    """Handle an edited message; False when it is to be read like a new message."""
    message, session = turn.message, turn.session
    slot = session.answered.get(message.edit_of or "")
    if slot and session.step in DRAFTING:
        _change(turn, slot)
        return True
    if session.step in DRAFTING:
        return False
    if message.location:  # a live location moving on: not new information about the case
        return True
    reference = await followup.open_case(turn)
    if not reference:
        return False
    return await followup.add_to_case(turn, reference, said="edit.added")


def _change(turn: Turn, slot: str) -> None:
    session = turn.session
    text = (turn.message.location or turn.text).strip()
    if slot == "description" and session.step == Step.CONSENT:
        session.held = text  # still waiting for consent: the words it will start with
        intake.prompt(turn)
        return
    if slot == "description":
        answer = slots.read(slot, text, None, session.lang, turn.today)
        if answer.value is not None:
            intake.redescribe(turn, text)
    else:
        answer = slots.read(slot, (turn.message.location or turn.head).strip(), turn.understand(), session.lang, turn.today)
        if answer.value is not None:
            session.slots[slot] = answer.value
            if slot in session.unverified:
                session.unverified.remove(slot)
    if turn.message.location and answer.value is not None:
        return  # a live location update: kept quietly
    label = turn.t(f"slot.{slot}")
    if answer.value is None:
        turn.say(turn.t("edit.unreadable", slot=label, problem=turn.t(f"invalid.{answer.problem}")))
        intake.prompt(turn)
        return
    said = turn.t("edit.updated", slot=label, value=intake.shown(turn, slot, answer.value, SHORT_CHARS))
    if session.step in (Step.INTAKE, Step.CONFIRM):
        intake.advance(turn, said)
    else:
        turn.say(said)
        intake.prompt(turn)
