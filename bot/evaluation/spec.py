"""One evaluation conversation as written in the set: who the person is, what they say first,
what they answer when asked, and what the bot should end up with."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.evaluation.conversations import DIRECTORY

SLOTS = ("product", "name", "email", "phone", "order_number", "incident_date", "desired_outcome", "amount",
         "location", "category", "description")
# Slots a bot may ask for; the rest (category, amount, description) are only read.
ASKABLE = ("description", "incident_date", "location", "product", "order_number", "desired_outcome", "name",
           "contact", "on_behalf_of", "amount")
_CONTACT_PARTS = ("email", "phone")


@dataclass(frozen=True, slots=True)
class Interjection:
    """Something the person says at their ``at``-th message (the opening is the first) instead of
    answering the bot: a request for a person, a correction, a change of mind."""

    at: int
    say: str
    tells: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AfterTurn:
    """A message after the complaint was submitted (or after the script), with what it asks for:
    ``status`` (the case's status should be answered), ``handoff``, or ``note`` (added to the case)."""

    say: str
    expect: str


@dataclass(frozen=True, slots=True)
class Expected:
    case: bool = True
    slots: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # slot -> acceptable values
    handoff: bool = False
    safety: bool = False
    consent: bool = True  # False: the person refuses consent
    complete: bool = False  # the opening names every required detail: a reference in <= 3 turns


@dataclass(frozen=True, slots=True)
class Conversation:
    """A person and what they say.

    :param opening: the first message
    :param later: per slot, what the person answers when the bot asks for it (details not in the opening)
    :param script: a fixed list of messages sent one after another whatever the bot says (nonsense,
        abuse); when set, the persona does not answer questions
    """

    id: str
    lang: str
    opening: str = ""
    later: Mapping[str, str] = field(default_factory=dict)
    consent: str = "yes"
    submit: str = "yes"
    interject: tuple[Interjection, ...] = ()
    after: tuple[AfterTurn, ...] = ()
    script: tuple[str, ...] = ()
    hint: str | None = None  # the channel's language hint (a Telegram client's language)
    group: str = ""  # the group the report counts it in: its language, or "mixed"
    expect: Expected = field(default_factory=Expected)
    note: str = ""

    @property
    def told_in_opening(self) -> frozenset[str]:
        """Askable slots the person states without being asked: the expected ones not left for later."""
        told = {slot for slot in self.expect.slots if slot not in self.later and slot in ASKABLE}
        if "contact" not in self.later and any(part in self.expect.slots for part in _CONTACT_PARTS):
            told.add("contact")
        if "description" not in self.later and self.opening.strip() and len(self.opening.split()) > 3:
            told.add("description")  # unless the story is left for later ("Hi I need help")
        return frozenset(told)


def _values(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


def parse(data: Mapping[str, Any]) -> Conversation:
    """A conversation from one decoded JSON line."""
    expect = dict(data.get("expect", {}))
    slots = {name: _values(value) for name, value in dict(expect.pop("slots", {})).items()}
    unknown = set(slots) - set(SLOTS)
    if unknown:
        raise ValueError(f"{data.get('id')}: unknown slots {sorted(unknown)}")
    return Conversation(
        id=str(data["id"]), lang=str(data["lang"]), opening=str(data.get("opening", "")),
        later={str(k): str(v) for k, v in dict(data.get("later", {})).items()},
        consent=str(data.get("consent", "да" if data["lang"] == "ru" else "yes")),
        submit=str(data.get("submit", "да" if data["lang"] == "ru" else "yes")),
        interject=tuple(Interjection(int(i["at"]), str(i["say"]), tuple(i.get("tells", ())))
                        for i in data.get("interject", ())),
        after=tuple(AfterTurn(str(a["say"]), str(a["expect"])) for a in data.get("after", ())),
        script=tuple(str(s) for s in data.get("script", ())), hint=data.get("hint"),
        group=str(data.get("group", data["lang"])),
        expect=Expected(slots=slots, **expect), note=str(data.get("note", "")),
    )


def load(paths: Iterable[Path] | Path | None = None) -> list[Conversation]:
    """The conversations in ``paths`` (a file or a folder of ``*.jsonl``; default: the shipped set)."""
    if paths is None:
        paths = DIRECTORY
    if isinstance(paths, Path):
        paths = sorted(paths.glob("*.jsonl")) if paths.is_dir() else [paths]
    found: list[Conversation] = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip() and not line.lstrip().startswith("//"):
                try:
                    found.append(parse(json.loads(line)))
                except (ValueError, KeyError, TypeError) as error:
                    raise ValueError(f"{path.name}:{number}: {error}") from error
    ids = [c.id for c in found]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate conversation ids: {sorted(duplicates)}")
    return found
