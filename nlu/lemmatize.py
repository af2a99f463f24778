"""Run only the lemmatizer over a phrase, as matcher patterns need."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def lemmatized(nlp: Language, text: str) -> Doc:
    doc = nlp.make_doc(text)
    return nlp.get_pipe("lemmatizer")(doc)
