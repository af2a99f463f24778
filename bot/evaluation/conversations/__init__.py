"""The evaluation conversations, one JSON Lines file per language (``en.jsonl``, ``ru.jsonl``,
``mixed.jsonl``), written by hand: never generated from the NLU's training templates."""

from pathlib import Path

DIRECTORY = Path(__file__).parent
