"""One language's pipeline and rules, turning a text into an :class:`Analysis`."""

from __future__ import annotations

import datetime

from spacy.language import Language

from nlu.analysis import Analysis
from nlu.entities import EntityExtractor
from nlu.pipeline import CATEGORY, INTENT
from nlu.products import ProductFinder
from nlu.references import ReferenceFinder
from nlu.trainer import CATEGORY_PREFIX, INTENT_PREFIX
from nlu.urgency import UrgencyFinder

MAX_CHARS = 20_000


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
        doc = self.nlp(text[:MAX_CHARS])
        intent, intent_confidence = _best(doc.cats, INTENT_PREFIX)
        category, category_confidence = _best(doc.cats, CATEGORY_PREFIX)
        if not any(token.is_alpha for token in doc):
            intent, intent_confidence = "other", 1.0
        return Analysis(
            text=text,
            lang=self.lang,
            intent=intent,
            intent_confidence=intent_confidence,
            category=category,
            category_confidence=category_confidence,
            entities=self._entities.extract(doc, now),
            urgency_signals=self._urgency.find(doc),
        )

    def classify(self, texts: list[str], component: str) -> list[str]:
        prefix = INTENT_PREFIX if component == INTENT else CATEGORY_PREFIX
        other = CATEGORY if component == INTENT else INTENT
        return [_best(doc.cats, prefix)[0] for doc in self.nlp.pipe(texts, disable=[other])]
