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

The phrases of a group are its most distinctive lemma n-grams (one to three words, present in at
least two of its complaints, frequent in it and rare elsewhere), shown as its complaints write them.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy
from spacy.util import get_lang_class

from nlu import en_lemmas, ru_lemmas
from nlu.tokens import MAX_RUN

THRESHOLD = 0.35  # cosine between two complaints about the same thing (TF-IDF of lemma uni- and bigrams)
MOST_FEATURES = 4000  # columns of one block's matrix: the most frequent shared features
MOST_PHRASES = 3
LONGEST_PHRASE = 3
_BIGRAM = "\x1f"  # joins the lemmas of a bigram feature
_WORD = re.compile(r"[^\W\d_]{1,64}(?:['’][^\W\d_]{1,64})?")  # a word (a longer run is cut: no word is that long)
_LEMMATIZERS: dict[str, Callable[[str], str]] = {"en": en_lemmas.lemma_of, "ru": ru_lemmas.lemma_of}


@dataclass(frozen=True, slots=True)
class IssueGroup:
    members: tuple[int, ...]
    matched: tuple[int, ...]
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Read:
    """One complaint as the grouping sees it: its features and its phrases (lemmas -> as written)."""

    features: Counter[str]
    phrases: dict[tuple[str, ...], str]


class LemmaIssueGrouper:
    """:param languages: the languages with a pipeline; a text in another is read with the first's."""

    def __init__(self, languages: Iterable[str] = ("en", "ru"), threshold: float = THRESHOLD) -> None:
        self._languages = tuple(languages)
        self.threshold = threshold

    def group(self, texts: Sequence[tuple[str, str, str]], earlier: Sequence[tuple[str, str, str]],
              least: int) -> list[IssueGroup]:
        read = [self._read(lang, text) for lang, _, text in texts]
        read_earlier = [self._read(lang, text) for lang, _, text in earlier]
        blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, (lang, category, _) in enumerate(texts):
            blocks[(self._lang(lang), category)].append(index)
        earlier_blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, (lang, category, _) in enumerate(earlier):
            earlier_blocks[(self._lang(lang), category)].append(index)
        idf = {lang: _idf([read[i].features for i in range(len(texts)) if self._lang(texts[i][0]) == lang])
               for lang in {key[0] for key in blocks}}
        phrase_df = {lang: _phrase_df([read[i] for i in range(len(texts)) if self._lang(texts[i][0]) == lang])
                     for lang in idf}
        groups: list[IssueGroup] = []
        for (lang, category), members in sorted(blocks.items()):
            others = earlier_blocks.get((lang, category), [])
            for group, matched in self._cluster([read[i] for i in members], [read_earlier[i] for i in others],
                                                idf[lang], least):
                chosen = [members[i] for i in group]
                groups.append(IssueGroup(tuple(chosen), tuple(others[i] for i in matched),
                                         _phrases([read[i] for i in chosen], phrase_df[lang], len(members))))
        groups.sort(key=lambda g: (-len(g.members), g.members[0]))
        return groups

    def _lang(self, lang: str) -> str:
        return lang if lang in self._languages else self._languages[0]

    def _read(self, lang: str, text: str) -> _Read:
        return _read(self._lang(lang), text)

    def _cluster(self, docs: list[_Read], earlier: list[_Read], idf: dict[str, float],
                 least: int) -> list[tuple[list[int], list[int]]]:
        if len(docs) < least:
            return []
        shared = Counter(feature for doc in [*docs, *earlier] for feature in doc.features)  # what two texts share
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


def _read(lang: str, text: str) -> _Read:
    features: Counter[str] = Counter()
    phrases: dict[tuple[str, ...], str] = {}
    run: list[tuple[str, str]] = []  # the content words since the last stop word or mark: (lemma, as written)
    end = 0
    for word in _WORD.finditer(text):
        if text[end:word.start()].strip():  # a mark between: a phrase does not go over it
            run = []
        end = word.end()
        lemma = _content_lemma(lang, word.group())
        if lemma is None:
            run = []
            continue
        run.append((lemma, word.group().lower()))
        features[lemma] += 1
        if len(run) > 1:
            features[run[-2][0] + _BIGRAM + lemma] += 1
        for size in range(1, min(LONGEST_PHRASE, len(run)) + 1):
            key = tuple(item[0] for item in run[-size:])
            phrases.setdefault(key, " ".join(item[1] for item in run[-size:]))
    return _Read(features, phrases)


def _idf(docs: list[Counter[str]]) -> dict[str, float]:
    df = Counter(feature for doc in docs for feature in doc)
    return {feature: math.log((len(docs) + 1) / (n + 1)) + 1 for feature, n in df.items()}


def _matrix(docs: list[_Read], columns: dict[str, int], idf: dict[str, float]) -> numpy.ndarray:
    """Rows of unit length over the block's shared features (a feature outside them counts in the length)."""
    matrix = numpy.zeros((len(docs), len(columns)), dtype=numpy.float32)
    rare = max(idf.values(), default=1.0)
    for row, doc in enumerate(docs):
        length = 0.0
        for feature, count in doc.features.items():
            weight = (1 + math.log(count)) * idf.get(feature, rare)
            length += weight * weight
            column = columns.get(feature)
            if column is not None:
                matrix[row, column] = weight
        if length:
            matrix[row] /= math.sqrt(length)
    return matrix


def _phrase_df(docs: list[_Read]) -> Counter[tuple[str, ...]]:
    return Counter(key for doc in docs for key in doc.phrases)


def _phrases(docs: list[_Read], df: Counter[tuple[str, ...]], total: int) -> tuple[str, ...]:
    inside = Counter(key for doc in docs for key in doc.phrases)
    written: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for key, words in doc.phrases.items():
            written[key][words] += 1
    scored = sorted(((n / len(docs)) * math.log((total + 1) / (df[key] + 1) + 1) * (1 + 0.3 * (len(key) - 1)), key)
                    for key, n in inside.items() if n >= 2)
    chosen: list[tuple[str, ...]] = []
    for _, key in sorted(scored, key=lambda item: (-item[0], item[1])):
        if any(_within(key, other) or _within(other, key) for other in chosen):
            continue
        chosen.append(key)
        if len(chosen) == MOST_PHRASES:
            break
    return tuple(min(written[key].items(), key=lambda item: (-item[1], item[0]))[0] for key in chosen)


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return any(long[i:i + len(short)] == short for i in range(len(long) - len(short) + 1))
