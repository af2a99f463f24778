"""What one turn of the conversation works with: the services, the message, the session and
what has been said back so far."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from time import perf_counter
from typing import Any, Protocol, TypeVar

from bot.messages import Choice, InboundMessage, Reply
from bot.session_state import Session
from config.catalog import MessageCatalog
from config.policy import Policy
from core.commands import Identity
from core.reference import Reference
from core.runtime import Core
from nlu.analysis_result import Analysis

T = TypeVar("T")


class Understanding(Protocol):
    """The part of :class:`nlu.analyzer.Analyzer` the dialogue uses."""

    max_chars: int  # how much of a message is analysed (and parsed by the dialogue): its first characters

    def analyze(self, text: str, *, lang: str | None = None, now: datetime | None = None) -> Analysis: ...

    def detect_language(self, text: str) -> str | None: ...

    def clear_language(self, text: str) -> str | None:
        """The language of a message clearly written in one; ``None`` for a short or mixed one."""
        ...


@dataclass
class Services:
    core: Core
    nlu: Understanding
    catalog: MessageCatalog
    one_shot_channels: frozenset[str]

    @property
    def policy(self) -> Policy:
        return self.core.policy

    def example_reference(self) -> str:
        return Reference(self.policy.references.prefix, "7K3M9QX").code


@dataclass
class Turn:
    message: InboundMessage
    session: Session
    services: Services
    analysis: Analysis | None = None
    replies: list[Reply] = field(default_factory=list)
    # what each check of the message's text found: several steps of the routing ask the same question
    _read: dict[Callable[[str], Any], Any] = field(default_factory=dict, repr=False, compare=False)
    # the core found no open case of the person's in this turn (see bot.followup.open_case)
    no_open_case: bool = False

    @property
    def lang(self) -> str:
        return self.session.lang

    @property
    def identity(self) -> Identity:
        return Identity(self.message.channel, self.message.sender)

    @property
    def today(self) -> date:
        return self.message.received_at.astimezone(self.services.policy.business_hours.zone).date()

    @property
    def text(self) -> str:
        """Everything the person wrote: what is kept (a description, a follow-up, a reason)."""
        return self.message.text or ""

    @property
    def head(self) -> str:
        """The beginning of the text that NLU analyses: the dialogue parses no further either, so
        one long message cannot hold the conversation (``COMPLAINTDESK_NLU_MAX_CHARS``)."""
        return self.text[: self.services.nlu.max_chars]

    def reads(self, check: Callable[[str], T]) -> T:
        """``check(self.text)``, worked out once per turn: a check of the text alone (a status
        question, a withdrawal, thanks) gives the same answer wherever the routing asks it."""
        try:
            return self._read[check]  # type: ignore[no-any-return]
        except KeyError:
            found = self._read[check] = check(self.text)
            return found

    def t(self, key: str, **params: object) -> str:
        return self.services.catalog.text(f"bot.{key}", self.lang, **params)

    def plural(self, key: str, count: int) -> str:
        return self.services.catalog.plural(f"bot.{key}", count, self.lang)

    def say(self, *lines: str | None, choices: tuple[Choice, ...] = ()) -> None:
        text = "\n".join(line for line in lines if line is not None).strip("\n")
        self.replies.append(Reply(text, choices))
        if choices:
            self.session.offered = [choice.value for choice in choices]
            self.session.offered_labels = [choice.label for choice in choices]

    def understand(self) -> Analysis:
        """NLU of the message (of its :attr:`head`), computed once per turn."""
        if self.analysis is None:
            self.analysis = self._analyze(self.head)
        return self.analysis

    def understand_text(self, text: str) -> Analysis:
        """NLU of ``text``: the turn's own analysis when it is this message's text (no second run)."""
        if text == self.text.strip():
            return self.understand()
        return self._analyze(text)

    def _analyze(self, text: str) -> Analysis:
        started = perf_counter()
        analysis = self.services.nlu.analyze(text, lang=self.lang, now=self.message.received_at)
        self.services.core.metrics.nlu_finished(perf_counter() - started)
        return analysis
