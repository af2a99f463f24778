"""``complaintdesk timers run [--at ISO-TIME]``: one round on demand, printed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from typer.testing import CliRunner

from channels.cli.main import app
from config.settings import Settings
from core.actors import Actor
from core.runtime import Core

runner = CliRunner()


def details(settings: Settings, ref: str) -> tuple[str, int, datetime | None]:
    async def work() -> tuple[str, int, datetime | None]:
        core = Core.build(settings)
        try:
            found = await core.queries.details(ref, Actor.agent("U_CLI"))
            return found.status, found.escalation_level, found.due_resolution
        finally:
            await core.close()

    return asyncio.run(work())


def test_a_round_at_another_time_escalates_and_says_so(submit_case: Callable[[], str], settings: Settings,
                                                      env: dict[str, str]) -> None:
    ref = submit_case()
    now = runner.invoke(app, ["timers", "run"], env=env)
    assert now.exit_code == 0 and "nothing to do" in now.output

    later = (datetime.now(timezone.utc) + timedelta(days=40)).replace(microsecond=0)
    done = runner.invoke(app, ["timers", "run", "--at", later.isoformat()], env=env)

    assert done.exit_code == 0, done.output
    status, level, due = details(settings, ref)
    assert (status, level) == ("escalated", 1) and due is not None
    assert f"{ref}: first response target missed, escalated to level 1; resolution now due " \
           f"{due.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC" in done.output
    assert f"timers round at {later:%Y-%m-%d %H:%M} UTC" in done.output
    again = runner.invoke(app, ["timers", "run", "--at", later.isoformat()], env=env)
    assert again.exit_code == 0 and "nothing to do" in again.output


def test_a_time_without_an_offset_is_the_policy_s_and_a_wrong_one_is_refused(env: dict[str, str]) -> None:
    summer = runner.invoke(app, ["timers", "run", "--at", "2026-07-01T12:00"], env=env)
    assert summer.exit_code == 0 and "timers round at 2026-07-01 11:00 UTC" in summer.output  # London in summer

    wrong = runner.invoke(app, ["timers", "run", "--at", "next tuesday"], env=env)
    assert wrong.exit_code == 2 and "not an ISO 8601 time" in wrong.output
