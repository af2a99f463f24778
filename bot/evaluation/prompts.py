"""What the bot is doing in a reply, read from its own catalog sentences: which slot it asks for,
whether it asks for consent, shows the summary, answers a status, hands over to a person.

A :class:`bot.messages.Reply` carries text and choices only, so the sentences are matched against
every language's catalog (a prompt added to ``bot.ask`` is recognised without a change here)."""

from __future__ import annotations

import string
from dataclasses import dataclass

from config.catalog import LANGUAGES, MessageCatalog

_ASK = "bot.ask."
_NOT_SLOTS = {"current_value"}


@dataclass(frozen=True, slots=True)
class Template:
    """A catalog sentence as its literal pieces; each ``{placeholder}`` between two pieces stands
    for at least one character. Found with ``str.find`` (no regular expression is added to ``bot``)."""

    pieces: tuple[str, ...]

    @classmethod
    def of(cls, sentence: str) -> Template:
        pieces = [literal for literal, _, _, _ in string.Formatter().parse(sentence) if literal]
        return cls(tuple(pieces))

    def starts(self, text: str) -> list[int]:
        """Where the sentence begins in ``text``, for every place it occurs."""
        if not self.pieces:
            return []
        found, start = [], text.find(self.pieces[0])
        while start >= 0:
            if self._rest_follows(text, start + len(self.pieces[0])):
                found.append(start)
            start = text.find(self.pieces[0], start + 1)
        return found

    def _rest_follows(self, text: str, position: int) -> bool:
        for piece in self.pieces[1:]:
            at = text.find(piece, position + 1)
            if at < 0:
                return False
            position = at + len(piece)
        return True

    def search(self, text: str) -> bool:
        return bool(self.starts(text))


@dataclass(frozen=True, slots=True)
class Seen:
    """What one turn's replies do (several may hold at once)."""

    asked: str | None  # the slot asked last, if any
    consent: bool
    consent_refused: bool
    summary: bool
    edit_menu: bool
    status_answer: bool
    status_ask: bool
    filed_as_note: bool
    handoff: bool
    greeting: bool


class Prompts:
    """The bot's sentences, in every language, as patterns."""

    def __init__(self, catalog: MessageCatalog) -> None:
        self._asks: list[tuple[str, Template]] = []
        self._groups: dict[str, list[Template]] = {}
        for lang in LANGUAGES:
            for key in sorted(catalog.keys(lang)):
                raw = catalog.raw(key, lang)
                if not isinstance(raw, str) or not raw.strip():
                    continue
                if key.startswith(_ASK) and key[len(_ASK):] not in _NOT_SLOTS:
                    self._asks.append((key[len(_ASK):], Template.of(raw)))
                self._groups.setdefault(key, []).append(Template.of(raw))

    def _any(self, text: str, *keys: str) -> bool:
        return any(p.search(text) for key in keys for p in self._groups.get(key, ()))

    def asked(self, text: str) -> str | None:
        """The slot the text asks for last (a correction's confirmation may precede a question)."""
        best: tuple[int, str] | None = None
        for slot, template in self._asks:
            for start in template.starts(text):
                if best is None or start > best[0]:
                    best = (start, slot)
        return best[1] if best else None

    def read(self, text: str) -> Seen:
        return Seen(
            asked=self.asked(text),
            consent=self._any(text, "bot.consent.question", "bot.consent.reask"),
            consent_refused=self._any(text, "bot.consent.refused"),
            summary=self._any(text, "bot.summary.intro", "bot.summary.question"),
            edit_menu=self._any(text, "bot.summary.which"),
            status_answer=self._any(text, "bot.status.detailed", "bot.status.generic", "bot.status.due",
                                    "bot.unproven.status"),
            status_ask=self._any(text, "bot.status.ask"),
            filed_as_note=self._any(text, "bot.followup.added"),
            handoff=self._any(text, "bot.control.human_case", "bot.control.human_draft",
                              "bot.control.human_need_description", "bot.submitted.human_flagged"),
            greeting=self._any(text, "bot.greeting.hello"),
        )
