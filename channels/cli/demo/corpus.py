"""Where the demo's complaints come from: the CFPB narratives of the shared ``complaints-en`` corpus
(real complaints, in English) and, for Russian, the project's own annotated conversations
(``bot/evaluation/conversations/ru.jsonl``): no complaint text is written here."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from bot.evaluation import spec

CORPUS_FILE = "cfpb.jsonl"
CORPORA_ENV = "COMPLAINTDESK_TEST_CORPORA"  # the corpora's folder, as tests/support/corpora.py reads it
CHECKOUT = Path(__file__).resolve().parents[3]


class CorpusMissing(Exception):
    """The corpus is not where it was looked for, or holds no narrative."""


@dataclass(frozen=True, slots=True)
class Source:
    """One complaint as a person will make it: the first message and, per slot the bot may ask
    for, the answer given (the person's persona fills the rest)."""

    text: str
    lang: str
    product: str | None = None  # the corpus's label (CFPB's product), not necessarily our catalog's
    issue: str | None = None
    answers: dict[str, str] = field(default_factory=dict)


def default_corpus() -> Path:
    """``$COMPLAINTDESK_TEST_CORPORA/complaints-en``, else ``shared/corpora/complaints-en`` beside the checkout."""
    configured = os.environ.get(CORPORA_ENV)
    root = Path(configured) if configured else CHECKOUT.parent / "shared" / "corpora"
    return root / "complaints-en"


def corpus_file(path: Path) -> Path:
    """The narratives' file: ``path`` itself or ``cfpb.jsonl`` in the folder ``path``."""
    found = path / CORPUS_FILE if path.is_dir() else path
    if not found.is_file():
        raise CorpusMissing(f"no complaint corpus at {found}: pass --corpus with the folder of complaints-en "
                            f"(its {CORPUS_FILE}), or set {CORPORA_ENV} to the shared corpora's folder")
    return found


def english(path: Path) -> list[Source]:
    """The narratives of the CFPB corpus at ``path`` (a folder or its ``cfpb.jsonl``)."""
    found = corpus_file(path)
    sources = []
    try:
        with found.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                row = json.loads(line)
                text = str(row.get("text") or "").strip()
                if text:
                    sources.append(Source(text, "en", row.get("product"), row.get("issue")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError) as error:
        raise CorpusMissing(f"{found} is not a CFPB corpus (one JSON object a line with a \"text\"): {error}") from None
    if not sources:
        raise CorpusMissing(f"{found} holds no complaint narrative")
    return sources


def russian() -> list[Source]:
    """The Russian conversations of the evaluation set that end in a case without a person's help:
    their opening, and what they answer when asked."""
    path = Path(spec.__file__).resolve().parent / "conversations" / "ru.jsonl"
    sources = []
    for conversation in spec.load(path):
        expect = conversation.expect
        if (conversation.script or conversation.interject or not expect.case or not expect.consent or expect.handoff
                or expect.safety or not conversation.opening):
            continue
        sources.append(Source(conversation.opening, "ru", answers=dict(conversation.later)))
    return sources
