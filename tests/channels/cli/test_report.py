"""``complaintdesk report``: the management-review figures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from channels.cli.main import app
from config.settings import Settings

runner = CliRunner()


def test_report_writes_markdown(
        submit_case: Callable[[], str], settings: Settings, env: dict[str, str], tmp_path: Path) -> None:
    submit_case()
    result = runner.invoke(app, ["report", "--days", "3650", "--output", str(tmp_path / "review.md")], env=env)
    assert result.exit_code == 0
    text = (tmp_path / "review.md").read_text()
    assert "Complaints received: 1" in text and "billing" in text


def test_report_counts_root_causes_redress_and_survey_comments(
        submit_case: Callable[[], str], settings: Settings, env: dict[str, str]) -> None:
    import asyncio
    from decimal import Decimal

    from core.actors import Actor
    from core.commands import Identity
    from core.investigation import InvestigationInput
    from core.runtime import Core

    ref = submit_case()

    async def work() -> None:
        core = Core.build(settings)
        try:
            agent = Actor.agent("U1")
            await core.service.record_investigation(ref, agent, InvestigationInput(
                root_cause="staff_error", redress_kind="refund", redress_amount=Decimal("20"), redress_currency="GBP"))
            await core.service.close(ref, agent, "refunded")
            await core.service.record_satisfaction(ref, Identity("console", "alice"), 4, "Polite\nand quick")
        finally:
            await core.close()

    asyncio.run(work())
    text = runner.invoke(app, ["report", "--days", "3650"], env=env).output
    assert "- staff_error: 1" in text and "- refund: 1" in text and "total GBP: 20" in text
    assert f"{ref} (4/5): Polite and quick" in text
