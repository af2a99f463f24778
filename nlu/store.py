"""Trained pipelines on disk, one folder per language, each with the fingerprint it was built from."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import spacy
from spacy.language import Language

import nlu.pipeline  # noqa: F401  (registers the custom components before spacy.load)

_FINGERPRINT = "fingerprint.txt"


def stored_fingerprint(folder: Path) -> str | None:
    try:
        return (folder / _FINGERPRINT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def save(nlp: Language, folder: Path, fingerprint: str) -> None:
    """Write beside the target, then swap it in, so a reader never sees half a model."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    nlp.to_disk(staging)
    (staging / _FINGERPRINT).write_text(fingerprint, encoding="utf-8")
    retired = folder.with_name(f".{folder.name}-retired-{staging.name}")
    if folder.exists():
        folder.rename(retired)
    staging.rename(folder)
    shutil.rmtree(retired, ignore_errors=True)


def load(folder: Path) -> Language:
    return spacy.load(folder)
