"""One language's pipeline and rules, turning a text into an :class:`Analysis`.

Intent: the rule layer (:mod:`nlu.rules`) decides stock moves first; the spaCy textcat decides the
rest. Evaluation goes through the same path (:meth:`Engine.classify`), so the figures measure what
the dialogue gets.
"""

from __future__ import annotations

import datetime

from spacy.language import Language
from spacy.tokens import Doc

from nlu.analysis_result import Analysis
from nlu.entities import EntityExtractor
from nlu.pipeline import CATEGORY, INTENT
from nlu.products import ProductFinder
from nlu.references import ReferenceFinder
from nlu.rules import decide, without_greeting
from nlu.train_language import CATEGORY_PREFIX, INTENT_PREFIX
from nlu.bow import SOURCE_TEXT
from nlu.tokens import make_doc
from nlu.urgency import UrgencyFinder


def _best(cats: dict[str, float], prefix: str) -> tuple[str, float]:
    label, score = max(((k, v) for k, v in cats.items() if k.startswith(prefix)), key=lambda item: item[1])
    return label.removeprefix(prefix), round(float(score), 4)


class Engine:
    def __init__(self, nlp: Language, lang: str, prefix: str, products: list[str], phone_region: str | None = None) -> None:
        self.nlp = nlp
        self.lang = lang
        self._entities = EntityExtractor(ReferenceFinder(prefix), ProductFinder(nlp, products), lang, phone_region)
        self._urgency = UrgencyFinder(nlp, lang)

    def analyze(self, text: str, now: datetime.datetime) -> Analysis:
        # The text is handed on beside the doc: ``Doc.text`` rebuilds the string token by token
        # (measured at a third of the analysis of a 900-character complaint when read thrice).
        doc = make_doc(self.nlp, text)
        doc.user_data[SOURCE_TEXT] = text
        doc = self.nlp(doc)
        intent, intent_confidence = self._intent(doc, text)
        category, category_confidence = _best(doc.cats, CATEGORY_PREFIX)
        return Analysis(
            text=text,
            lang=self.lang,
            intent=intent,
            intent_confidence=intent_confidence,
            category=category,
            category_confidence=category_confidence,
            entities=self._entities.extract(doc, now, text),
            urgency_signals=self._urgency.find(doc, text),
        )

    def _intent(self, doc: Doc, text: str) -> tuple[str, float]:
        decision = decide(text, self.lang)
        if decision is not None:
            return decision.intent, decision.confidence
        if not any(token.is_alpha for token in doc):
            return "other", 1.0
        rest = without_greeting(text, self.lang)
        if rest != text:  # "hi, my parcel never came": the greeting says nothing about the intent
            doc = self.nlp(make_doc(self.nlp, rest), disable=[CATEGORY])
        return _best(doc.cats, INTENT_PREFIX)

    def classify(self, texts: list[str], component: str) -> list[str]:
        """The label of each text as :meth:`analyze` would give it (rules first for intents)."""
        other = CATEGORY if component == INTENT else INTENT
        docs = self.nlp.pipe(texts, disable=[other])
        if component == INTENT:
            return [self._intent(doc, doc.text)[0] for doc in docs]
        return [_best(doc.cats, CATEGORY_PREFIX)[0] for doc in docs]
