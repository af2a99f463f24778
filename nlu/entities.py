"""All entity kinds of one message, each span claimed by one kind only."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypeVar

from spacy.tokens import Doc

from nlu.analysis_result import Entities
from nlu.dates import find_dates
from nlu.emails import find_emails
from nlu.amounts import bare_amounts, main_amount
from nlu.money import find_money
from nlu.orders import find_order_numbers
from nlu.phones import find_phones
from nlu.places import find_places
from nlu.products import ProductFinder
from nlu.references import ReferenceFinder
from nlu.spans import Claims, Found, unique

DEFAULT_REGIONS = {"en": "GB", "ru": "RU"}
T = TypeVar("T")


def _claim(found: Iterable[Found[T]], claims: Claims) -> list[T]:
    return [item.value for item in found if claims.claim(item)]


class EntityExtractor:
    def __init__(self, references: ReferenceFinder, products: ProductFinder, lang: str, region: str | None = None) -> None:
        self._references = references
        self._products = products
        self._lang = lang
        self._region = region or DEFAULT_REGIONS.get(lang, "GB")

    def extract(self, doc: Doc, now: datetime.datetime, text: str | None = None) -> Entities:
        """:param text: ``doc.text``, when the caller has it (rebuilding it from the doc is slow)"""
        text = doc.text if text is None else text
        claims = Claims(len(text))
        references = _claim(self._references.find(text), claims)
        emails = _claim(find_emails(text), claims)
        orders = _claim(find_order_numbers(text, self._lang), claims)
        dates = _claim(find_dates(text, self._lang, now), claims)
        money_found = [item for item in find_money(text) if claims.claim(item)]
        phones = _claim(find_phones(text, self._region), claims)
        places = _claim(find_places(text, self._lang), claims)
        # the amount: one with its currency, else a sum written beside a cue of paying (never listed as money)
        amount = main_amount(text, money_found) or main_amount(text, list(bare_amounts(text, self._region, claims)))
        return Entities(
            references=unique(references),
            order_numbers=unique(orders),
            emails=unique(emails),
            phones=unique(phones),
            money=unique([item.value for item in money_found]),
            dates=unique(dates),
            products=unique([found.value for found in self._products.find(doc)]),
            places=unique(places),
            amount=amount,
        )
