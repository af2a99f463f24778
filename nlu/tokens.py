"""Docs made without handing spaCy's tokenizer a long run of characters without spaces.

The tokenizer takes prefixes and suffixes off a run one at a time and looks at the rest of the run
again each time (spaCy issues #1768, #4362), so a run of 8,000 brackets or question marks takes
seconds and one of 40,000 minutes. Nobody writes a word that long: a run longer than
:data:`MAX_RUN` characters becomes one token as it stands, and the doc's text is still the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

MAX_RUN = 64  # longer than the words, numbers and addresses people type; web links are one token anyway
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{MAX_RUN + 1},}}")  # tried from a run's first character only


# The words a few tokenizers were given alone (see _warm), each tokenizer held while its words are,
# so that no other takes its id; the oldest is let go.
_WARMED: dict[int, tuple[Callable[[str], Doc], set[str]]] = {}
_MOST_TOKENIZERS = 8


def _warmed(tokenizer: Callable[[str], Doc]) -> set[str]:
    entry = _WARMED.get(id(tokenizer))
    if entry is None or entry[0] is not tokenizer:
        _WARMED.pop(id(tokenizer), None)
        while len(_WARMED) >= _MOST_TOKENIZERS:
            del _WARMED[next(iter(_WARMED))]
        entry = _WARMED[id(tokenizer)] = (tokenizer, set())
    return entry[1]


def _warm(tokenizer: Callable[[str], Doc], cache_size: int, text: str) -> None:
    """Tokenize each word of ``text`` not seen before on its own, so that spaCy's cache of words
    holds it. spaCy caches a word only when no special case ("don't", "e.g.") came before it in
    the same text (its issue #1250), so the words of a long message after its first "I'm" were
    split into prefixes and suffixes again on every message. A word alone is tokenized as it is
    inside a text (each run between white space is on its own) and is cached unless it is, or
    holds, a special case itself; the cache gives back what tokenizing gives."""
    warmed = _warmed(tokenizer)
    if len(warmed) >= cache_size:
        return  # spaCy's cache is full: it takes no more words
    for word in set(text.split()) - warmed:
        if len(word) <= MAX_RUN:
            tokenizer(word)
        warmed.add(word)


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, with every run of more than :data:`MAX_RUN` characters one token."""
    cache_size = getattr(nlp.tokenizer, "max_cache_size", None)  # spaCy's Tokenizer (a custom one may have none)
    if isinstance(cache_size, int):
        _warm(nlp.tokenizer, cache_size, text)
    runs = list(_LONG_RUN.finditer(text))
    if not runs:
        return nlp.make_doc(text)
    docs, start = [], 0
    for run in runs:
        if run.start() > start:
            docs.append(nlp.make_doc(text[start : run.start()]))
        spaced = text.startswith(" ", run.end())  # a single space after a token belongs to the token
        docs.append(Doc(nlp.vocab, words=[run.group()], spaces=[spaced]))
        start = run.end() + spaced
    if start < len(text):
        docs.append(nlp.make_doc(text[start:]))
    return Doc.from_docs(docs, ensure_whitespace=False)
