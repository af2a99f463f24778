"""The NLU tests' fixed moment and the shared corpora beside the repository."""

from __future__ import annotations

import datetime
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora"
NOW = datetime.datetime(2024, 6, 12, 10, 30)  # a Wednesday
