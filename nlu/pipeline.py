"""The spaCy pipeline for one language: blank tokenizer, lemmatizer, intent and category textcats."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.pipeline import TextCategorizer

import nlu.bow  # noqa: F401  (registers the lemma bag-of-words architecture)
import nlu.en_lemmas  # noqa: F401  (registers the English lemmatizer)
import nlu.ru_lemmas  # noqa: F401  (registers the cached Russian lemmatizer)

INTENT = "textcat_intent"
CATEGORY = "textcat_category"


CHAR_NGRAMS = (3, 5)
CHAR_WEIGHT = 0.25
HASH_LENGTH = 1 << 15


def _textcat_config(ngram_size: int) -> dict[str, object]:
    return {
        "model": {
            "@architectures": "complaintdesk.LemmaCharBOW.v1",
            "exclusive_classes": True,
            "ngram_size": ngram_size,
            "no_output_layer": False,
            "char_low": CHAR_NGRAMS[0],
            "char_high": CHAR_NGRAMS[1],
            "char_weight": CHAR_WEIGHT,
            "length": HASH_LENGTH,
        },
        "threshold": 0.0,
    }


def blank_pipeline(lang: str) -> Language:
    """A pipeline with lemmas only (rule-based, cached lemmatizers); :func:`add_textcats` adds the classifiers."""
    nlp = spacy.blank(lang)
    if lang == "ru":
        nlp.add_pipe("complaintdesk_ru_lemmatizer", name="lemmatizer")
    else:
        nlp.add_pipe("complaintdesk_en_lemmatizer", name="lemmatizer")
    return nlp


def textcat(component: object) -> TextCategorizer:
    """A pipe that must be one of the text classifiers (spaCy types every pipe as a callable)."""
    if not isinstance(component, TextCategorizer):
        raise TypeError(f"{component!r} is no text classifier")
    return component


def add_textcats(nlp: Language, intents: list[str], categories: list[str]) -> None:
    intent = textcat(nlp.add_pipe("textcat", name=INTENT, config=_textcat_config(2)))
    for label in intents:
        intent.add_label(label)
    category = textcat(nlp.add_pipe("textcat", name=CATEGORY, config=_textcat_config(1)))
    for label in categories:
        category.add_label(label)
