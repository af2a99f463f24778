"""Skips that must not go unnoticed: a missing server, corpus or build tool skips its tests
locally, with the reason repeated at the end of the run (no ``-rs`` needed), and fails them under
CI (``CI=true``), where everything must be there.

(A warning would not do: the suite turns warnings into errors, so the test would error instead.)"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

REASONS: list[str] = []  # in the order they came up, each once


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> NoReturn:
    """Fail the test under CI; skip it locally, loudly."""
    if in_ci():
        pytest.fail(reason)
    if reason not in REASONS:
        REASONS.append(reason)
    pytest.skip(f"SKIPPED LOUDLY: {reason}")


def summarize(reporter: pytest.TerminalReporter) -> None:
    """The end-of-run section that names what was missing (``pytest_terminal_summary``)."""
    if REASONS:
        reporter.section("tests skipped: something they need is missing here (under CI they fail)", yellow=True, bold=True)
        for reason in REASONS:
            reporter.line(f"SKIPPED LOUDLY: {reason}", yellow=True)
