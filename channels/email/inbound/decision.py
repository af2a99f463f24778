"""The one place that decides what to do with a filtered message."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from channels.email.inbound import filters as f


class Action(Enum):
    IGNORE = "ignored"
    BOUNCE = "bounce"
    CONVERSE = "converse"


@dataclass(frozen=True, slots=True)
class Verdict:
    action: Action
    reason: str


def decide(flags: frozenset[str]) -> Verdict:
    if f.OWN_LOOP in flags:
        return Verdict(Action.IGNORE, "our own mail came back (loop)")
    if flags & {f.BOUNCE, f.NULL_SENDER} or (f.SYSTEM_SENDER in flags and f.OUT_OF_OFFICE not in flags):
        return Verdict(Action.BOUNCE, "delivery report: " + ", ".join(sorted(flags & f.AUTOMATIC)))
    automatic = flags & f.AUTOMATIC
    if automatic:
        return Verdict(Action.IGNORE, "auto-generated mail, never answered: " + ", ".join(sorted(automatic)))
    if flags & f.NOT_FOR_US:
        return Verdict(Action.IGNORE, "a reply in a conversation we are not part of, not addressed to us: not answered")
    if f.NO_SENDER in flags:
        return Verdict(Action.IGNORE, "no usable sender address in From")
    return Verdict(Action.CONVERSE, "a person wrote")
