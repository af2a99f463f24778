"""The reporting tests' known history (tests/support/report_cases.py) in the test's database."""

from __future__ import annotations

import pytest

from core.runtime import Core
from tests.support.report_cases import insert_known_history


@pytest.fixture
async def history(core: Core) -> Core:
    await insert_known_history(core.engine)
    return core
