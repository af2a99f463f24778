"""A small rule lemmatizer for English, since spaCy's English tables are not installed.

Lower case, with regular plural, past and gerund endings taken off, so "Charged", "charges" and
"charging" meet at one lemma; irregular forms that matter to complaints are listed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from nlu.lemmatize import set_lemmas

_IRREGULAR = {
    "was": "be", "were": "be", "is": "be", "are": "be", "been": "be", "am": "be", "'s": "be", "'m": "be", "'re": "be",
    "has": "have", "had": "have", "did": "do", "does": "do", "done": "do", "went": "go", "gone": "go",
    "got": "get", "gotten": "get", "took": "take", "taken": "take", "sent": "send", "paid": "pay", "bought": "buy",
    "spoke": "speak", "spoken": "speak", "told": "tell", "said": "say", "made": "make", "gave": "give", "given": "give",
    "came": "come", "left": "leave", "lost": "lose", "caught": "catch", "stole": "steal", "stolen": "steal",
    "broke": "break", "broken": "break", "felt": "feel", "fell": "fall", "hurt": "hurt", "burnt": "burn",
    "children": "child", "people": "person", "men": "man", "women": "woman", "n't": "not", "wo": "will",
    "ca": "can", "sued": "sue", "suing": "sue", "charges": "charge", "charged": "charge", "charging": "charge",
    "refunds": "refund", "delivered": "deliver", "called": "call", "calling": "call", "calls": "call",
}
_KEEP = re.compile(r".*(?:ss|us|is|ous|ies)$")


@lru_cache(maxsize=1 << 16)  # words repeat: most tokens of a message were seen before
def lemma_of(word: str) -> str:
    lower = word.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if not lower.isalpha() or len(lower) <= 3:
        return lower
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith("s") and not _KEEP.match(lower):
        return lower[:-1]
    for suffix in ("ing", "ed"):
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            stem = lower[: -len(suffix)]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                stem = stem[:-1]
            return stem
    return lower


@Language.component("complaintdesk_en_lemmatizer")
def en_lemmatizer(doc: Doc) -> Doc:
    return set_lemmas(doc, lemma_of)
