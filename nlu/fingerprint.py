"""What a trained model was built from, so a change to the data or the policy retrains it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from spacy.about import __version__ as SPACY_VERSION

from nlu.dataset import category_file, intent_file

MODEL_FORMAT = 2
_CODE = [Path(__file__).with_name(name) for name in ("bow.py", "en_lemmas.py", "ru_lemmas.py", "pipeline.py", "train_language.py", "dataset.py", "rules.py", "tokens.py",
                                                       "lemmatize.py")]


def fingerprint(lang: str, categories: list[str], held_out_only: bool) -> str:
    digest = hashlib.sha256()
    for part in (MODEL_FORMAT, SPACY_VERSION, lang, sorted(categories), held_out_only):
        digest.update(repr(part).encode("utf-8"))
    for path in (intent_file(lang), category_file(lang), *_CODE):
        digest.update(path.read_bytes())
    return digest.hexdigest()
