"""``complaintdesk inbound``: an operator sees what was set aside and has it tried again."""

from __future__ import annotations

import asyncio

from typer.testing import CliRunner

from channels.cli.main import app
from channels.inbound.journal import Arrival, InboundJournal, Settlement
from config.settings import Settings
from core.ports import SystemClock
from core.runtime import Core
from core.status import InboundStatus

runner = CliRunner()


def _set_aside(settings: Settings) -> int:
    async def work() -> int:
        core = Core.build(settings)
        journal = InboundJournal("email", core.uow, SystemClock(), "host:8080")
        try:
            record = await journal.store(Arrival("<m1@example.org>", b"Subject: x\r\n\r\nbody", SystemClock().now()))
            assert record is not None and record.id is not None
            await journal.settle(record.dedup_key, Settlement(InboundStatus.FAILED, "failed: DataError: bad bytes"))
            return record.id
        finally:
            await journal.close()
            await core.close()

    return asyncio.run(work())


def _row(settings: Settings, record_id: int) -> tuple[str, int]:
    async def work() -> tuple[str, int]:
        core = Core.build(settings)
        try:
            (row,) = [r for r in await core.queries.inbound() if r.id == record_id]
            return row.status, row.attempts
        finally:
            await core.close()

    return asyncio.run(work())


def test_a_set_aside_delivery_is_listed_and_tried_again(settings: Settings, env: dict[str, str]) -> None:
    record_id = _set_aside(settings)
    listed = runner.invoke(app, ["inbound", "list", "--failed"], env=env)
    assert listed.exit_code == 0
    assert f"{record_id}" in listed.output and "DataError" in listed.output and "1 inbound delivery" in listed.output

    retried = runner.invoke(app, ["inbound", "retry", str(record_id)], env=env)
    assert retried.exit_code == 0 and "processed again" in retried.output
    assert _row(settings, record_id) == ("pending", 0)
    assert runner.invoke(app, ["inbound", "list", "--failed"], env=env).output.count("DataError") == 0

    again = runner.invoke(app, ["inbound", "retry", str(record_id)], env=env)
    assert again.exit_code == 2 and "only a failed one" in again.output
    assert runner.invoke(app, ["inbound", "retry", "999"], env=env).exit_code == 3
