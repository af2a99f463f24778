"""Urgency signals: lemma phrase rules per language (``nlu/data/urgency.json``) plus shouting.

Some harm words are figures of speech as often as harm: "I am shocked" by rude staff, "burned by
this deal", "hurt my feelings", "it makes me sick how", «обжёгся на акции». The lexicon's
``contexts`` name such words per language with the cues that read them as harm (electricity, a
device, a hot thing, a body part, food) or as a figure (seeing, hearing, a price, feelings, a
deal), and what they mean without a cue. The cue nearest to the word in its clause decides.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from nlu.lemmatize import lemmatized

LEXICON = Path(__file__).with_name("data") / "urgency.json"
STRONG_ANGER = "strong_anger"
_WORD = re.compile(r"[^\W\d_]{3,}")
_REDACTED = re.compile(r"^X+$")
# "!!!", or two "!?" / "?!" pairs in one run. The match starts at a pair (a leading "[!?]*" would
# rescan a long run of "?" from every position: quadratic); only whether it matches is used.
_EXCLAMATIONS = re.compile(r"!{3,}|(?:!\?|\?!)[!?]*(?:!\?|\?!)")
_SHOUTING_SHARE = 0.6
_SHOUTING_MIN_WORDS = 4
# "nobody was hurt", "не пострадал", "no injuries": a negation just before a harm phrase cancels it.
_NEGATED_SIGNALS = frozenset({"safety", "health", "legal_threat", "vulnerable_person"})
_NEGATORS = frozenset({"no", "not", "n't", "nobody", "noone", "never", "without", "neither", "nor", "nothing", "none",
                       "не", "нет", "никто", "ни", "без", "никого", "ничего", "никогда"})
_NEGATION_WINDOW = 3
# "чуть не убило током", "едва не обжёгся", "чуть было не": "nearly", not a negation.
_NEARLY = frozenset({"чуть", "едва"})
# Lexicon entry that is no signal: set figures of speech ("sick of waiting", "hurt my credit score",
# "smoke and mirrors") inside which a harm word says nothing about harm.
IDIOMS = "idioms"
# Lexicon entry that is no signal: per language, words read by their context (see the module's
# docstring): ``words``, ``default`` ("harm" or "figure"), ``harm`` and ``figure`` cue phrases.
CONTEXTS = "contexts"
HARM, FIGURE = "harm", "figure"
# How far (in tokens, within the clause) a cue may be from the word it reads.
_CONTEXT_REACH = 8
_CLAUSE_ENDS = frozenset({".", "!", "?", ";", "\n"})


def shouting(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if not _REDACTED.match(w)]
    upper = [w for w in words if w.isupper()]
    if len(upper) < _SHOUTING_MIN_WORDS:
        return False
    return len(upper) / len(words) >= _SHOUTING_SHARE or bool(_EXCLAMATIONS.search(text)) and len(upper) >= 2 * _SHOUTING_MIN_WORDS


def _negated(doc: Doc, start: int) -> bool:
    before = doc[max(0, start - _NEGATION_WINDOW) : start]
    return any((token.lower_ in _NEGATORS or token.lemma_ in _NEGATORS) and not _nearly(doc, token.i) for token in before)


def _nearly(doc: Doc, i: int) -> bool:
    """Whether the "не" at ``doc[i]`` says "nearly" ("чуть не", "едва не", "чуть было не")."""
    before = [token.lower_ for token in doc[max(0, i - 2) : i]]
    return bool(before) and (before[-1] in _NEARLY or before[-1] == "было" and len(before) == 2 and before[0] in _NEARLY)


def _clause(doc: Doc, i: int) -> tuple[int, int]:
    """The tokens around ``doc[i]`` that a cue may come from: up to the clause's end, at most the reach."""
    start = i
    while start > max(0, i - _CONTEXT_REACH) and not _ends_clause(doc[start - 1].text):
        start -= 1
    end = i + 1
    while end < min(len(doc), i + 1 + _CONTEXT_REACH) and not _ends_clause(doc[end].text):
        end += 1
    return start, end


def _ends_clause(text: str) -> bool:
    return text in _CLAUSE_ENDS or "\n" in text


@dataclass(frozen=True)
class _Reading:
    """A word read by its context: the matches of its cues are keyed by ``key``."""

    key: int
    figure_by_default: bool


class UrgencyFinder:
    def __init__(self, nlp: Language, lang: str, lexicon: Path = LEXICON) -> None:
        self._matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._matcher_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._idioms = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._cues = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._cues_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._readings: dict[str, _Reading] = {}  # a word (lemma or lower case) -> how it is read
        self._cue_keys: dict[int, tuple[int, bool]] = {}  # a cue's match key -> (its word's key, figure?)
        entries = json.loads(lexicon.read_text(encoding="utf-8"))
        for index, context in enumerate(entries.pop(CONTEXTS, {}).get(lang, [])):
            reading = _Reading(index, context["default"] == FIGURE)
            for word in context["words"]:
                self._readings[word.lower()] = reading
                self._readings[lemmatized(nlp, word)[0].lemma_] = reading
            for kind in (HARM, FIGURE):
                key = f"{CONTEXTS}-{index}-{kind}"
                self._cue_keys[nlp.vocab.strings.add(key)] = (index, kind == FIGURE)
                self._cues.add(key, [lemmatized(nlp, phrase) for phrase in context[kind]])
                self._cues_lower.add(key, [nlp.make_doc(phrase) for phrase in context[kind]])
        for signal, phrases in entries.items():
            patterns = phrases.get(lang, [])
            if signal == IDIOMS:
                self._idioms.add(IDIOMS, [nlp.make_doc(phrase) for phrase in patterns])
                continue
            self._matcher.add(signal, [lemmatized(nlp, phrase) for phrase in patterns])
            self._matcher_lower.add(signal, [nlp.make_doc(phrase) for phrase in patterns])

    def find(self, doc: Doc, text: str | None = None) -> frozenset[str]:
        vocab = doc.vocab.strings
        found = set()
        figurative = {i for _, start, end in self._idioms(doc) for i in range(start, end)}
        cues: dict[int, list[tuple[int, bool, int]]] = {}  # by where they start: (word's key, figure?, end)
        for key, start, end in [*self._cues(doc), *self._cues_lower(doc)]:
            cues.setdefault(start, []).append((*self._cue_keys[key], end))
        for key, start, end in [*self._matcher(doc), *self._matcher_lower(doc)]:
            signal = vocab[key]
            if signal in _NEGATED_SIGNALS and (_negated(doc, start) or figurative.issuperset(range(start, end))
                                               or self._figure_in_context(doc, start, end, cues)):
                continue
            found.add(signal)
        text = doc.text if text is None else text
        if STRONG_ANGER not in found and (shouting(text) or _EXCLAMATIONS.search(text)):
            found.add(STRONG_ANGER)
        return frozenset(found)

    def _figure_in_context(self, doc: Doc, start: int, end: int, cues: dict[int, list[tuple[int, bool, int]]]) -> bool:
        """Whether the match ``doc[start:end]`` holds a word that its nearest cue (or its default) reads as a figure.

        ``cues``: the cues found in ``doc`` by the token they start at (only the clause's few are read).
        """
        found = next(((token.i, reading) for token in doc[start:end]
                      if (reading := self._readings.get(token.lemma_) or self._readings.get(token.lower_))), None)
        if found is None:
            return False
        i, reading = found
        first, last = _clause(doc, i)
        nearest: tuple[int, bool] | None = None
        for cue_start in range(first, last):
            for key, figure, cue_end in cues.get(cue_start, ()):
                if key != reading.key or cue_start <= i < cue_end or cue_end > last:
                    continue
                distance = cue_start - i if cue_start > i else i - cue_end + 1
                if nearest is None or (distance, figure) < nearest:  # at the same distance, harm wins
                    nearest = (distance, figure)
        return reading.figure_by_default if nearest is None else nearest[1]
