"""One language's pipeline and rules, turning a text into an :class:`Analysis`.

Intent: the rule layer (:mod:`nlu.rules`) decides stock moves first; the spaCy textcat decides the
rest. Evaluation goes through the same path (:meth:`Engine.classify`), so the figures measure what
the dialogue gets.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from nlu.analysis_result import Analysis
from nlu.entities import EntityExtractor
from nlu.pipeline import CATEGORY, INTENT
from nlu.products import ProductFinder
from nlu.references import ReferenceFinder
from nlu.rules import Decision, decide, without_greeting
from nlu.train_language import CATEGORY_PREFIX, INTENT_PREFIX
from nlu.bow import SOURCE_TEXT
from nlu.tokens import make_doc
from nlu.urgency import UrgencyFinder


def _has_words(doc: Doc) -> bool:
    return any(token.is_alpha for token in doc)


def _best(cats: dict[str, float], prefix: str, excluded: frozenset[str] = frozenset()) -> tuple[str, float]:
    # the first of the highest, as max gives it; the keys alone and the dict's own lookup (no
    # tuples, no lambda): on a short message this was a tenth of the analysis outside spaCy
    start = len(prefix)
    label = max((k for k in cats if k.startswith(prefix) and (not excluded or k[start:] not in excluded)),
                key=cats.__getitem__)
    return label[start:], round(float(cats[label]), 4)


class Engine:
    def __init__(self, nlp: Language, lang: str, prefix: str, products: list[str], phone_region: str | None = None,
                 signal_categories: Mapping[str, Sequence[str]] | None = None) -> None:
        """``signal_categories``: categories chosen by urgency signals only (the policy's category
        ``signals``), never by the classifier alone; its training examples still teach it that
        harm words say nothing about the other categories."""
        self.nlp = nlp
        self._signal_categories = {key: frozenset(signals) for key, signals in (signal_categories or {}).items()}
        self._rule_only = frozenset(self._signal_categories)
        self.lang = lang
        self._entities = EntityExtractor(ReferenceFinder(prefix), ProductFinder(nlp, products), lang, phone_region)
        self._urgency = UrgencyFinder(nlp, lang)
        self._classifier = nlp.get_pipe(INTENT)
        self._categoriser = nlp.get_pipe(CATEGORY)

    def analyze(self, text: str, now: datetime.datetime) -> Analysis:
        # The text is handed on beside the doc: ``Doc.text`` rebuilds the string token by token
        # (measured at a third of the analysis of a 900-character complaint when read thrice).
        doc = make_doc(self.nlp, text)
        doc.user_data[SOURCE_TEXT] = text
        # the classifiers run when the intent or the category is first asked for (Analysis.intended, .categorised)
        doc = self.nlp(doc, disable=[INTENT, CATEGORY])
        signals = self._urgency.find(doc, text)
        return Analysis(
            text=text,
            lang=self.lang,
            entities=self._entities.extract(doc, now, text),
            urgency_signals=signals,
            intended=lambda: self._decided(doc, text, decide(text, self.lang), without_greeting(text, self.lang),
                                           classify=True),
            categorised=lambda: self._category(doc, signals, classify=True),
        )

    def _category(self, doc: Doc, signals: frozenset[str], *, classify: bool = False) -> tuple[str, float]:
        """:param classify: run the category classifier on ``doc`` first (``analyze`` leaves it out)"""
        chosen = next((key for key, wanted in self._signal_categories.items() if wanted & signals), None)
        if chosen:
            return chosen, 1.0
        return _best((self._categoriser(doc) if classify else doc).cats, CATEGORY_PREFIX, self._rule_only)

    def _intent(self, doc: Doc, text: str) -> tuple[str, float]:
        return self._decided(doc, text, decide(text, self.lang), without_greeting(text, self.lang))

    def _decided(self, doc: Doc, text: str, decision: Decision | None, rest: str, *,
                 classify: bool = False) -> tuple[str, float]:
        """:param classify: run the intent classifier on ``doc`` first (``analyze`` leaves it out)"""
        if decision is not None:
            return decision.intent, decision.confidence
        if not _has_words(doc):
            return "other", 1.0
        if rest != text:  # "hi, my parcel never came": the greeting says nothing about the intent
            rest_doc = make_doc(self.nlp, rest)
            rest_doc.user_data[SOURCE_TEXT] = rest
            doc = self.nlp(rest_doc, disable=[CATEGORY])
        elif classify:
            doc = self._classifier(doc)
        return _best(doc.cats, INTENT_PREFIX)

    def classify(self, texts: list[str], component: str) -> list[str]:
        """The label of each text as :meth:`analyze` would give it (rules first for intents)."""
        other = CATEGORY if component == INTENT else INTENT
        docs = self.nlp.pipe(texts, disable=[other])
        if component == INTENT:
            return [self._intent(doc, doc.text)[0] for doc in docs]
        return [self._category(doc, self._urgency.find(doc))[0] for doc in docs]
