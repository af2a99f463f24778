"""spaCy's bag-of-words text classifier, over lemmas and character n-grams instead of verbatim words.

Features of a message: its lemma unigrams and bigrams (so "charged", "charges" and "charging" meet)
plus the character 3- to 5-grams of every word (so typos, unknown inflections and compounds
still share most of their features with the words seen in training). Everything is hashed into
one sparse linear layer, as spaCy's own ``TextCatBOW`` does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache, partial
import itertools
from typing import cast

import numpy
from murmurhash.mrmr import hash_unicode
from spacy.attrs import LEMMA
from spacy.ml.extract_ngrams import extract_ngrams
from spacy.ml.models.textcat import resize_and_set_ref
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Logistic, Model, SparseLinear_v2, chain, resizable, softmax_activation, with_cpu
from thinc.layers.resizable import resize_linear_weighted
from thinc.types import ArrayXd, Floats2d

from nlu.tokens import MAX_RUN

_NEG_VALUE = -5000
_CHAR_SEED = 0x5EED
_CHAR_SPACE = 1 << 63  # character n-gram keys live in their own half of the key space

SOURCE_TEXT = "complaintdesk_text"  # doc.user_data key: the text the doc was made from

Features = tuple[ArrayXd, ArrayXd, ArrayXd]  # a batch's hashed keys, their values, and each doc's count


@lru_cache(maxsize=200_000)
def char_ngram_keys(word: str, low: int, high: int) -> tuple[int, ...]:
    """Hashes of the character n-grams of ``<word>`` (lower case, ``ё`` as ``е``), ``low <= n <= high``."""
    marked = f"<{word.lower().replace('ё', 'е')}>"
    grams = {marked[i : i + n] for n in range(low, high + 1) for i in range(len(marked) - n + 1)}
    return tuple(sorted(_CHAR_SPACE | (hash_unicode(gram, _CHAR_SEED) & 0xFFFFFFFF) for gram in grams))


_LETTERS = re.compile(r"[^\W\d_]+")
MAX_CHAR_WORDS = 400  # a long letter's first few hundred words say what it is about


def _char_features(text: str, low: int, high: int, weight: float) -> tuple[numpy.ndarray, numpy.ndarray]:
    # no word longer than MAX_RUN: its thousands of n-grams would fill the cache and say nothing
    words = [word for word in _LETTERS.findall(text)[:MAX_CHAR_WORDS] if len(word) <= MAX_RUN]
    grams = Counter(itertools.chain.from_iterable([char_ngram_keys(word, low, high) for word in words]))  # counted in C
    keys = numpy.fromiter(grams.keys(), dtype="uint64", count=len(grams))
    vals = numpy.fromiter(grams.values(), dtype="f", count=len(grams)) * numpy.float32(weight)
    return keys, vals


def _extract_features(ngram_size: int, char_low: int, char_high: int, char_weight: float) -> Model[list[Doc], Features]:
    words = extract_ngrams(ngram_size, attr=LEMMA)
    cache_key = f"complaintdesk_char_ngrams:{char_low}:{char_high}:{char_weight}"

    def chars(doc: Doc) -> tuple[numpy.ndarray, numpy.ndarray]:
        """The doc's character features, kept on the doc: training sees the same docs every epoch."""
        found: tuple[numpy.ndarray, numpy.ndarray] | None = doc.user_data.get(cache_key)
        if found is None:
            text = doc.user_data.get(SOURCE_TEXT) or doc.text  # the analyser leaves the text on the doc
            found = doc.user_data[cache_key] = _char_features(text, char_low, char_high, char_weight)
        return found

    def forward(model: Model[list[Doc], Features], docs: list[Doc],
                is_train: bool) -> tuple[Features, Callable[[Features], list[Doc]]]:
        (word_keys, word_vals, word_lengths), _ = words(docs, is_train)
        batch_keys, batch_vals, lengths = [], [], []
        start = 0
        for doc, length in zip(docs, word_lengths.tolist(), strict=True):
            char_keys, char_vals = chars(doc)
            batch_keys += [word_keys[start : start + length], char_keys]
            batch_vals += [word_vals[start : start + length], char_vals]
            lengths.append(length + char_keys.shape[0])
            start += length
        empty = not batch_keys
        keys = numpy.concatenate(batch_keys).astype("uint64", copy=False) if not empty else numpy.zeros((0,), dtype="uint64")
        vals = numpy.concatenate(batch_vals).astype("f", copy=False) if not empty else numpy.zeros((0,), dtype="f")
        # numpy arrays, which thinc's array types describe (thinc.types)
        keys_array, vals_array = cast(ArrayXd, keys), cast(ArrayXd, vals)
        return (model.ops.asarray(keys_array), model.ops.asarray(vals_array, dtype="f"),
                model.ops.asarray(lengths, dtype="int32")), lambda d: []

    return Model("extract_lemma_char_ngrams", forward, layers=[words])


def _sparse_classifier(
    features: Model[list[Doc], Features], exclusive_classes: bool, no_output_layer: bool, length: int, nO: int | None
) -> Model[list[Doc], Floats2d]:
    length = 2 ** (length - 1).bit_length()
    sparse_linear = SparseLinear_v2(nO=nO, length=length)
    fill_defaults = {"b": 0, "W": 0}
    with Model.define_operators({">>": chain}):
        output_layer = None
        if not no_output_layer:
            fill_defaults["b"] = _NEG_VALUE
            output_layer = softmax_activation() if exclusive_classes else Logistic()
        resizable_layer: Model[Features, Floats2d] = resizable(sparse_linear, resize_layer=partial(resize_linear_weighted, fill_defaults=fill_defaults))
        model = features >> resizable_layer
        model = with_cpu(model, model.ops)
        if output_layer:
            model = model >> with_cpu(output_layer, output_layer.ops)
    if nO is not None:
        model.set_dim("nO", nO)
    model.set_ref("output_layer", sparse_linear)
    model.attrs["multi_label"] = not exclusive_classes
    model.attrs["resize_output"] = partial(resize_and_set_ref, resizable_layer=resizable_layer)
    return model


def build_lemma_bow(
    exclusive_classes: bool, ngram_size: int, no_output_layer: bool, length: int = 262144, nO: int | None = None
) -> Model[list[Doc], Floats2d]:
    return _sparse_classifier(extract_ngrams(ngram_size, attr=LEMMA), exclusive_classes, no_output_layer, length, nO)


def build_lemma_char_bow(
    exclusive_classes: bool,
    ngram_size: int,
    no_output_layer: bool,
    char_low: int = 3,
    char_high: int = 5,
    char_weight: float = 0.5,
    length: int = 262144,
    nO: int | None = None,
) -> Model[list[Doc], Floats2d]:
    features = _extract_features(ngram_size, char_low, char_high, char_weight)
    return _sparse_classifier(features, exclusive_classes, no_output_layer, length, nO)


# Registered by call rather than by decorator: the registry (catalogue) ships no types, and a
# decorator without types would leave the functions untyped.
registry.architectures.register("complaintdesk.LemmaBOW.v1", func=build_lemma_bow)
registry.architectures.register("complaintdesk.LemmaCharBOW.v1", func=build_lemma_char_bow)
