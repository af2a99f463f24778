"""Lemmas of a doc's tokens, and the lemmatizer run alone over a phrase, as matcher patterns need."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import numpy
from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc
from thinc.types import Ints2d

from nlu.tokens import MAX_RUN


def lemmatized(nlp: Language, text: str) -> Doc:
    doc = nlp.make_doc(text)
    return nlp.get_pipe("lemmatizer")(doc)


# The lemma of each word, by hash, for a few string stores and lemmatizers: a lemma found is added
# to its store, and a doc's tokens are then looked up without making a string of each. A store is
# held here while its lemmas are (so no other can take its id); the oldest is let go.
_LEMMAS: dict[tuple[int, int], tuple[StringStore, dict[int, int]]] = {}
_MOST_STORES = 8
_MOST_LEMMAS = 200_000


def _known(strings: StringStore, lemma_of: Callable[[str], str]) -> dict[int, int]:
    key = (id(strings), id(lemma_of))
    entry = _LEMMAS.get(key)
    if entry is None or entry[0] is not strings or len(entry[1]) > _MOST_LEMMAS:
        _LEMMAS.pop(key, None)
        while len(_LEMMAS) >= _MOST_STORES:
            del _LEMMAS[next(iter(_LEMMAS))]
        entry = _LEMMAS[key] = (strings, {})
    return entry[1]


def set_lemmas(doc: Doc, lemma_of: Callable[[str], str]) -> Doc:
    """Each token's lemma ``lemma_of(its text)``, found once per word (a narrative says "the" a
    hundred times); a long run kept as one token (:mod:`nlu.tokens`) is no word, and its lemma is
    its lower case."""
    if not len(doc):
        return doc
    strings = doc.vocab.strings
    known = _known(strings, lemma_of)
    ids = doc.to_array([ORTH, LOWER])
    lemmas = []
    for i, orth in enumerate(ids[:, 0].tolist()):  # a column: a 2-d array's tolist() is slow
        lemma = known.get(orth)
        if lemma is None:
            word = strings[orth]
            lemma = known[orth] = int(ids[i, 1]) if len(word) > MAX_RUN else strings.add(lemma_of(word))
        lemmas.append(lemma)
    doc.from_array([LEMMA], cast(Ints2d, numpy.array(lemmas, dtype="uint64").reshape(-1, 1)))
    return doc
