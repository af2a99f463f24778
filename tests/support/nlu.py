"""The NLU tests' fixed moment (the corpora are found by ``tests.support.corpora``)."""

from __future__ import annotations

import datetime

NOW = datetime.datetime(2024, 6, 12, 10, 30)  # a Wednesday
