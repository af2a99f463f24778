"""Lemmas of a doc's tokens, and the lemmatizer run alone over a phrase, as matcher patterns need."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import numpy
from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

from nlu.tokens import MAX_RUN


def lemmatized(nlp: Language, text: str) -> Doc:
    doc = nlp.make_doc(text)
    return nlp.get_pipe("lemmatizer")(doc)


def set_lemmas(doc: Doc, lemma_of: Callable[[str], str]) -> Doc:
    """Each token's lemma ``lemma_of(its text)``, looked up once per distinct word of the doc (a
    narrative says "the" a hundred times); a long run kept as one token (:mod:`nlu.tokens`) is no
    word, and its lemma is its lower case."""
    if not len(doc):
        return doc
    ids = doc.to_array([ORTH, LOWER])
    words, first, inverse = numpy.unique(ids[:, 0], return_index=True, return_inverse=True)
    strings = doc.vocab.strings
    lemmas = [int(ids[at, 1]) if len(strings[orth]) > MAX_RUN else strings.add(lemma_of(strings[orth]))
              for orth, at in zip(words.tolist(), first.tolist(), strict=True)]
    doc.from_array([LEMMA], cast(Ints2d, numpy.array(lemmas, dtype="uint64")[inverse].reshape(-1, 1)))
    return doc
