"""Complaints grouped by what they say, for the report's recurring issues (the core's
:class:`core.ports.IssueGrouper`).

Each complaint is read with the lemmatizers of the language's pipeline (:mod:`nlu.en_lemmas`,
:mod:`nlu.ru_lemmas`, so "charged", "charges" and «списали», «списал» meet) and spaCy's stop words
for the language, word by word (a spaCy doc per complaint cost ten times as much), and becomes the
vector the category classifier's features start from: its lemma unigrams and bigrams, stop words
left out, weighted by TF-IDF over the complaints read and scaled to unit length. Within one language and one category,
the complaint most others resemble (cosine at least :data:`THRESHOLD`) leads a group of those
resembling it, then the next among the rest, until no complaint has ``least - 1`` left that
resemble it. An earlier complaint joins the group whose leader it resembles most, at the same
threshold. Ties go to the earlier text, so the same texts give the same groups.

The phrases of a group are its most distinctive features (a word or two, present in at least two of
its complaints, frequent in it and rare elsewhere), shown as its complaints write them most often.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy
from spacy.util import get_lang_class

from nlu import en_lemmas, ru_lemmas
from nlu.tokens import MAX_RUN

THRESHOLD = 0.35  # cosine between two complaints about the same thing (TF-IDF of lemma uni- and bigrams)
MOST_FEATURES = 4000  # columns of one block's matrix: the most frequent shared features
MOST_PHRASES = 3
BIGRAM_WEIGHT = 1.5  # two words side by side in two complaints say more than one word in three
_BIGRAM = "\x1f"  # joins the lemmas of a bigram feature
_WORD = re.compile(r"[^\W\d_]{1,64}(?:['’][^\W\d_]{1,64})?")  # a word (a longer run is cut: no word is that long)
_LEMMATIZERS: dict[str, Callable[[str], str]] = {"en": en_lemmas.lemma_of, "ru": ru_lemmas.lemma_of}


@dataclass(frozen=True)
class IssueGroup:
    """A group; its phrases are found when first asked for (a report shows the largest groups only)."""

    members: tuple[int, ...]
    matched: tuple[int, ...]
    _lang: str = field(repr=False, compare=False)
    _texts: tuple[str, ...] = field(repr=False, compare=False)
    _docs: tuple[Counter[str], ...] = field(repr=False, compare=False)
    _idf: dict[str, float] = field(repr=False, compare=False)

    @cached_property
    def phrases(self) -> tuple[str, ...]:
        return _phrases(self._lang, list(self._texts), list(self._docs), self._idf)


class LemmaIssueGrouper:
    """:param languages: the languages with a pipeline; a text in another is read with the first's."""

    def __init__(self, languages: Iterable[str] = ("en", "ru"), threshold: float = THRESHOLD) -> None:
        self._languages = tuple(languages)
        self.threshold = threshold

    def group(self, texts: Sequence[tuple[str, str, str]], earlier: Sequence[tuple[str, str, str]],
              least: int) -> list[IssueGroup]:
        read = [_features(self._lang(lang), text) for lang, _, text in texts]
        read_earlier = [_features(self._lang(lang), text) for lang, _, text in earlier]
        blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, (lang, category, _) in enumerate(texts):
            blocks[(self._lang(lang), category)].append(index)
        earlier_blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, (lang, category, _) in enumerate(earlier):
            earlier_blocks[(self._lang(lang), category)].append(index)
        idf = {lang: _idf([read[i] for i in range(len(texts)) if self._lang(texts[i][0]) == lang])
               for lang in {key[0] for key in blocks}}
        groups: list[IssueGroup] = []
        for (lang, category), members in sorted(blocks.items()):
            others = earlier_blocks.get((lang, category), [])
            for group, matched in self._cluster([read[i] for i in members], [read_earlier[i] for i in others],
                                                idf[lang], least):
                chosen = [members[i] for i in group]
                groups.append(IssueGroup(tuple(chosen), tuple(others[i] for i in matched), lang,
                                         tuple(texts[i][2] for i in chosen), tuple(read[i] for i in chosen), idf[lang]))
        groups.sort(key=lambda g: (-len(g.members), g.members[0]))
        return groups

    def _lang(self, lang: str) -> str:
        return lang if lang in self._languages else self._languages[0]

    def _cluster(self, docs: list[Counter[str]], earlier: list[Counter[str]], idf: dict[str, float],
                 least: int) -> list[tuple[list[int], list[int]]]:
        if len(docs) < least:
            return []
        shared = Counter(feature for doc in [*docs, *earlier] for feature in doc)  # what two texts share
        columns = {feature: column for column, (feature, _) in enumerate(
            sorted(((f, n) for f, n in shared.items() if n >= 2), key=lambda item: (-item[1], item[0]))[:MOST_FEATURES])}
        if not columns:
            return []
        matrix, earlier_matrix = _matrix(docs, columns, idf), _matrix(earlier, columns, idf)
        similar = (matrix @ matrix.T) >= self.threshold
        numpy.fill_diagonal(similar, False)
        free = numpy.ones(len(docs), dtype=bool)
        degree = similar.sum(axis=1).astype(numpy.int64)
        found: list[tuple[list[int], list[int]]] = []
        leaders: list[int] = []
        while True:
            candidates = numpy.where(free, degree, -1)
            leader = int(numpy.argmax(candidates))  # the first of the most resembled
            if candidates[leader] < least - 1:
                break
            group = [leader, *numpy.flatnonzero(similar[leader] & free).tolist()]
            free[group] = False
            degree -= similar[group].sum(axis=0)
            found.append((sorted(group), []))
            leaders.append(leader)
        if found and len(earlier):
            likeness = earlier_matrix @ matrix[leaders].T
            best = likeness.argmax(axis=1)
            for index, (group, score) in enumerate(zip(best.tolist(), likeness.max(axis=1).tolist())):
                if score >= self.threshold:
                    found[group][1].append(index)
        return found


@lru_cache(maxsize=4)
def _stop_words(lang: str) -> frozenset[str]:
    return frozenset(get_lang_class(lang).Defaults.stop_words)


@lru_cache(maxsize=1 << 16)  # words repeat: most words of a complaint were seen before
def _content_lemma(lang: str, word: str) -> str | None:
    """The lemma of a word that says something: None for a stop word, a letter, or no word at all."""
    lower = word.lower()
    if len(lower) < 2 or len(lower) > MAX_RUN or lower in _stop_words(lang):
        return None
    lemma = _LEMMATIZERS.get(lang, str.lower)(word)
    return None if lemma in _stop_words(lang) else lemma


def _features(lang: str, text: str, written: dict[str, Counter[str]] | None = None) -> Counter[str]:
    """The text's lemma unigrams and bigrams (of words side by side, no stop word or mark between);
    with ``written``, how each was written is counted there too."""
    features: Counter[str] = Counter()
    last: tuple[str, str] | None = None  # the content word before, if it stands right before: (lemma, as written)
    end = 0
    for word in _WORD.finditer(text):
        if last is not None and text[end:word.start()].strip():  # a mark between: no bigram over it
            last = None
        end = word.end()
        lemma = _content_lemma(lang, word.group())
        if lemma is None:
            last = None
            continue
        features[lemma] += 1
        if last is not None:
            features[last[0] + _BIGRAM + lemma] += 1
        if written is not None:
            lower = word.group().lower()
            written[lemma][lower] += 1
            if last is not None:
                written[last[0] + _BIGRAM + lemma][f"{last[1]} {lower}"] += 1
        last = (lemma, word.group().lower())
    return features


def _idf(docs: list[Counter[str]]) -> dict[str, float]:
    df = Counter(feature for doc in docs for feature in doc)
    return {feature: math.log((len(docs) + 1) / (n + 1)) + 1 for feature, n in df.items()}


def _matrix(docs: list[Counter[str]], columns: dict[str, int], idf: dict[str, float]) -> numpy.ndarray:
    """Rows of unit length over the block's shared features (a feature outside them counts in the length)."""
    matrix = numpy.zeros((len(docs), len(columns)), dtype=numpy.float32)
    rare = max(idf.values(), default=1.0)
    for row, doc in enumerate(docs):
        length = 0.0
        for feature, count in doc.items():
            weight = (1 + math.log(count)) * idf.get(feature, rare)
            length += weight * weight
            column = columns.get(feature)
            if column is not None:
                matrix[row, column] = weight
        if length:
            matrix[row] /= math.sqrt(length)
    return matrix


def _phrases(lang: str, texts: list[str], docs: list[Counter[str]], idf: dict[str, float]) -> tuple[str, ...]:
    """The group's features in at least two of its texts, frequent in it and rare elsewhere (a
    bigram a little before a word), none within another, each as written most often."""
    inside = Counter(feature for doc in docs for feature in doc)
    scored = sorted((-(n / len(docs)) * idf.get(feature, 1.0) * (BIGRAM_WEIGHT if _BIGRAM in feature else 1.0), feature)
                    for feature, n in inside.items() if n >= 2)
    chosen: list[str] = []
    for _, feature in scored:
        words = set(feature.split(_BIGRAM))
        if any(words <= set(other.split(_BIGRAM)) or words >= set(other.split(_BIGRAM)) for other in chosen):
            continue  # a word of a phrase chosen, or a phrase of a word chosen
        chosen.append(feature)
        if len(chosen) == MOST_PHRASES:
            break
    written: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        _features(lang, text, written)
    return tuple(min(written[feature].items(), key=lambda item: (-item[1], item[0]))[0] for feature in chosen)
