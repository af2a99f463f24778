"""What the CLI's tests share: a migrated database and the environment the command runs in, and
a complaint to work on."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from config.settings import Settings
from core.commands import ComplaintSubmission, Identity
from core.runtime import Core
from core.storage.schema import upgrade


@pytest.fixture
def env(settings: Settings) -> dict[str, str]:
    upgrade(settings.effective_database_url)
    return {"COMPLAINTDESK_DATA_DIR": str(settings.data_dir), "COMPLAINTDESK_AGENT": "U_CLI", "COLUMNS": "200"}


@pytest.fixture
def submit_case(settings: Settings) -> Callable[[], str]:
    """Files Alice's complaint about a double charge; returns its reference."""
    def submit() -> str:
        async def work() -> str:
            core = Core.build(settings)
            try:
                return (await core.service.submit_complaint(ComplaintSubmission(
                    identity=Identity("console", "alice"), description="Charged twice for one order", category="billing",
                    name="Alice"))).reference
            finally:
                await core.close()

        return asyncio.run(work())

    return submit
