"""Urgency signals: lemma phrase rules per language (``nlu/data/urgency.json``) plus shouting."""

from __future__ import annotations

import json
import re
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
# Lexicon entry that is no signal: figures of speech ("sick of waiting", "shocked to see the bill",
# "hurt my credit score") inside which a harm word says nothing about harm.
IDIOMS = "idioms"


def shouting(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if not _REDACTED.match(w)]
    upper = [w for w in words if w.isupper()]
    if len(upper) < _SHOUTING_MIN_WORDS:
        return False
    return len(upper) / len(words) >= _SHOUTING_SHARE or bool(_EXCLAMATIONS.search(text)) and len(upper) >= 2 * _SHOUTING_MIN_WORDS


def _negated(doc: Doc, start: int) -> bool:
    before = doc[max(0, start - _NEGATION_WINDOW) : start]
    return any(token.lower_ in _NEGATORS or token.lemma_ in _NEGATORS for token in before)


class UrgencyFinder:
    def __init__(self, nlp: Language, lang: str, lexicon: Path = LEXICON) -> None:
        self._matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._matcher_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._idioms = PhraseMatcher(nlp.vocab, attr="LOWER")
        for signal, phrases in json.loads(lexicon.read_text(encoding="utf-8")).items():
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
        for key, start, end in [*self._matcher(doc), *self._matcher_lower(doc)]:
            signal = vocab[key]
            if signal in _NEGATED_SIGNALS and (_negated(doc, start) or figurative.issuperset(range(start, end))):
                continue
            found.add(signal)
        text = doc.text if text is None else text
        if STRONG_ANGER not in found and (shouting(text) or _EXCLAMATIONS.search(text)):
            found.add(STRONG_ANGER)
        return frozenset(found)
