"""Docs made without handing spaCy's tokenizer a long run of characters without spaces.

The tokenizer takes prefixes and suffixes off a run one at a time and looks at the rest of the run
again each time (spaCy issues #1768, #4362), so a run of 8,000 brackets or question marks takes
seconds and one of 40,000 minutes. Nobody writes a word that long: a run longer than
:data:`MAX_RUN` characters becomes one token as it stands, and the doc's text is still the text.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

MAX_RUN = 64  # longer than the words, numbers and addresses people type; web links are one token anyway
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{MAX_RUN + 1},}}")  # tried from a run's first character only


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, with every run of more than :data:`MAX_RUN` characters one token."""
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
