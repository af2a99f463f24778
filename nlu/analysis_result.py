"""What NLU makes of one message."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
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
    intent: str
    intent_confidence: float
    category: str
    category_confidence: float
    entities: Entities = field(default_factory=Entities)
    urgency_signals: frozenset[str] = frozenset()
