"""The annotated examples shipped in ``nlu/data`` and their deterministic, leak-free held-out split.

Every row carries a ``group``: the paraphrase family it belongs to (the examples generated from one
hand-written meaning, see ``nlu/datagen``). Rows without one are grouped by their normalised text.
Before splitting, near-duplicates are merged: two rows whose normalised text is the same (case,
punctuation, emoji, ``ё``, greeting and politeness words aside) are one example, and the first
one's group wins. The split then holds out whole groups (about one in five, chosen by a hash of
the group key), so no paraphrase family, and no sentence differing only by "hi," or "please",
is on both sides.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")
HELD_OUT_PERCENT = 20
INTENTS = ("new_complaint", "add_information", "status_request", "cancel", "help", "human",
           "greeting", "thanks", "accept", "reject", "other")
TRAIN_ONLY_PREFIX = "train-only:"  # groups never held out (the mapped CFPB narratives, see nlu/cfpb.py)

_FILLER = re.compile(
    r"\b(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening|day)|please|pls|plz|thanks|thank you|ok|okay|so|well|um|erm"
    r"|привет|здравствуйте|здрасте|добрый (?:день|вечер)|доброе утро|пожалуйста|плз|спасибо|ну|так|ок|слушайте)\b",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str
    group: str = ""


def normalised(text: str) -> str:
    """The near-duplicate key of a text: lower case, ``ё`` as ``е``, no punctuation, greetings or politeness words."""
    lower = text.lower().replace("ё", "е")
    return " ".join(_NON_WORD.sub(" ", _FILLER.sub(" ", lower)).split())


def intent_file(lang: str) -> Path:
    return DATA_DIR / f"intents_{lang}.jsonl"


def category_file(lang: str) -> Path:
    return DATA_DIR / f"categories_{lang}.jsonl"


def entity_file(lang: str) -> Path:
    return DATA_DIR / f"entities_{lang}.jsonl"


def read_jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def deduplicated(examples: list[Example]) -> list[Example]:
    """One example per normalised text (the first), each with a group key (its own or its text's)."""
    seen: set[str] = set()
    kept = []
    for example in examples:
        key = normalised(example.text) or example.text
        if key in seen:
            continue
        seen.add(key)
        kept.append(Example(example.text, example.label, example.group or f"text:{key}"))
    return kept


def intents(lang: str) -> list[Example]:
    rows = read_jsonl(intent_file(lang))
    return deduplicated([Example(str(row["text"]), str(row["intent"]), str(row.get("group") or "")) for row in rows])


def categories(lang: str, known: list[str]) -> list[Example]:
    """Category examples; a label the policy does not know counts as ``other``."""
    rows = read_jsonl(category_file(lang))
    return deduplicated([
        Example(str(row["text"]), str(row["category"]) if row["category"] in known else "other", str(row.get("group") or ""))
        for row in rows
    ])


def held_out_group(group: str) -> bool:
    if group.startswith(TRAIN_ONLY_PREFIX):
        return False
    digest = hashlib.sha256(group.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < HELD_OUT_PERCENT


def held_out(example: Example) -> bool:
    return held_out_group(example.group or f"text:{normalised(example.text) or example.text}")


def split(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    """(train, held out): whole groups held out, about one in five, chosen by a hash of the group key.

    ``examples`` should come from :func:`intents` or :func:`categories` (deduplicated, grouped).
    """
    return [e for e in examples if not held_out(e)], [e for e in examples if held_out(e)]
