"""Danger in the message (fire, a shock, gas, an injury, a hospital: the signals that select a
category in the policy): before anything else, a first line of care and what to do now, once per
conversation; the complaint is flagged for a person."""

from __future__ import annotations

from bot.context import Turn


def tell_first(turn: Turn) -> None:
    session = turn.session
    if session.safety_told or turn.analysis is None:
        return
    if turn.services.policy.signalled_category(turn.analysis.urgency_signals) is None:
        return
    session.safety_told = session.needs_human = True
    turn.say(turn.t("safety.first"))
