"""The annotated examples shipped in ``nlu/data`` and their deterministic held-out split."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")
HELD_OUT_PERCENT = 20
INTENTS = ("new_complaint", "add_information", "status_request", "cancel", "help", "human",
           "greeting", "thanks", "accept", "reject", "other")


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str


def intent_file(lang: str) -> Path:
    return DATA_DIR / f"intents_{lang}.jsonl"


def category_file(lang: str) -> Path:
    return DATA_DIR / f"categories_{lang}.jsonl"


def entity_file(lang: str) -> Path:
    return DATA_DIR / f"entities_{lang}.jsonl"


def read_jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def intents(lang: str) -> list[Example]:
    return [Example(str(row["text"]), str(row["intent"])) for row in read_jsonl(intent_file(lang))]


def categories(lang: str, known: list[str]) -> list[Example]:
    """Category examples; a label the policy does not know counts as ``other``."""
    rows = read_jsonl(category_file(lang))
    return [Example(str(row["text"]), str(row["category"]) if row["category"] in known else "other") for row in rows]


def held_out(example: Example) -> bool:
    digest = hashlib.sha256(example.text.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < HELD_OUT_PERCENT


def split(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    """(train, held out): about one in five examples held out, chosen by a hash of the text."""
    return [e for e in examples if not held_out(e)], [e for e in examples if held_out(e)]
