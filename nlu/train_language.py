"""Training the intent and category classifiers of one language."""

from __future__ import annotations

import random
from collections.abc import Callable

from spacy.language import Language
from spacy.training import Example as SpacyExample
from thinc.api import Adam, fix_random_seed

from nlu.dataset import INTENTS, Example
from nlu.pipeline import CATEGORY, INTENT, add_textcats, blank_pipeline, textcat
from nlu.rules import without_greeting

INTENT_PREFIX = "intent:"
CATEGORY_PREFIX = "category:"
EPOCHS = 15
LEARN_RATE = 0.005
BATCH = 32


def _examples(nlp: Language, data: list[Example], prefix: str, labels: list[str], lang: str = "") -> list[SpacyExample]:
    """Intent texts lose a leading greeting, as :meth:`nlu.language_engine.Engine.analyze` does before asking the textcat."""
    texts = (without_greeting(e.text, lang) if prefix == INTENT_PREFIX else e.text for e in data)
    docs = nlp.pipe(texts, disable=[INTENT, CATEGORY])
    return [
        SpacyExample.from_dict(doc, {"cats": {prefix + label: float(label == e.label) for label in labels}})
        for doc, e in zip(docs, data, strict=True)
    ]


def _supplier(examples: list[SpacyExample]) -> Callable[[], list[SpacyExample]]:
    return lambda: examples


def train_pipeline(lang: str, intents: list[Example], categories: list[Example], category_labels: list[str], seed: int) -> Language:
    fix_random_seed(seed)
    nlp = blank_pipeline(lang)
    intent_labels = list(INTENTS)
    add_textcats(nlp, [INTENT_PREFIX + label for label in intent_labels], [CATEGORY_PREFIX + label for label in category_labels])
    by_component = {
        INTENT: _examples(nlp, intents, INTENT_PREFIX, intent_labels, lang),
        CATEGORY: _examples(nlp, categories, CATEGORY_PREFIX, category_labels),
    }
    for name, examples in by_component.items():  # each classifier sees only its own labels
        textcat(nlp.get_pipe(name)).initialize(_supplier(examples), nlp=nlp)
    optimizer = Adam(LEARN_RATE)
    shuffler = random.Random(seed)
    for _ in range(EPOCHS):
        for name, examples in by_component.items():
            order = examples[:]
            shuffler.shuffle(order)
            component = textcat(nlp.get_pipe(name))
            for start in range(0, len(order), BATCH):
                component.update(order[start : start + BATCH], sgd=optimizer)
    return nlp
