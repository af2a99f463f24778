"""What NLU makes of one message."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal


@dataclass(frozen=True)
class Money:
    """An amount with its ISO 4217 currency code (``RUB`` for roubles)."""

    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Entities:
    """Everything recognised in a message, each kind in order of appearance, without duplicates."""

    references: tuple[str, ...] = ()
    order_numbers: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    money: tuple[Money, ...] = ()
    dates: tuple[datetime.date, ...] = ()
    products: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # where it happened: "Leeds store", «магазин в Химках»
    amount: Money | None = None  # the amount the complaint is about, among ``money``


@dataclass(frozen=True)
class Analysis:
    """The result of :meth:`nlu.analyzer.Analyzer.analyze` for one message."""

    text: str  # what was analysed: the message, or the beginning of a long one
    lang: str
    entities: Entities = field(default_factory=Entities)
    urgency_signals: frozenset[str] = frozenset()
    # The intent and the category, each with its confidence, worked out when first asked for: a
    # classifier's run is a third of a short message's analysis, and most messages answer a
    # question, where no category is read (nor an intent, in a story).
    intended: Callable[[], tuple[str, float]] = field(default=lambda: ("other", 0.0), repr=False, compare=False)
    categorised: Callable[[], tuple[str, float]] = field(default=lambda: ("other", 0.0), repr=False, compare=False)

    @cached_property
    def _intent(self) -> tuple[str, float]:
        return self.intended()

    @property
    def intent(self) -> str:
        return self._intent[0]

    @property
    def intent_confidence(self) -> float:
        return self._intent[1]

    @cached_property
    def _category(self) -> tuple[str, float]:
        return self.categorised()

    @property
    def category(self) -> str:
        return self._category[0]

    @property
    def category_confidence(self) -> float:
        return self._category[1]
