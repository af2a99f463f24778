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
    assert "| Complaints received | 1 | 0 |" in text and "| Billing and payments | 1 | 0 |" in text


def test_report_for_a_period_in_each_format_and_language(
        submit_case: Callable[[], str], settings: Settings, env: dict[str, str], tmp_path: Path) -> None:
    import json
    from datetime import date, timedelta

    submit_case()
    today = date.today()
    period = ["--from", str(today - timedelta(days=6)), "--to", str(today)]
    result = runner.invoke(app, ["report", *period, "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    headline = next(t for s in data["sections"] for t in s["tables"] if t["key"] == "headline")
    assert headline["rows"][0] == {"key": "received", "name": "Complaints received", "current": 1, "previous": 0, "change": None}
    page = tmp_path / "review.html"
    assert runner.invoke(app, ["report", *period, "--format", "html", "--lang", "ru", "--output", str(page)], env=env).exit_code == 0
    assert "Поступило жалоб" in page.read_text(encoding="utf-8")
    assert runner.invoke(app, ["report", *period, "--format", "csv"], env=env).output.startswith("section,table,row,label,column,value")


def test_a_bad_date_is_refused_clearly(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["report", "--from", "2026-13-01"], env=env)
    assert result.exit_code == 2 and "not a date" in result.output
    result = runner.invoke(app, ["report", "--from", "2026-11-10", "--to", "2026-11-01"], env=env)
    assert result.exit_code == 2 and "before --from" in result.output


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
    assert "| Staff error | 1 |" in text and "| Refund | 1 |" in text and "| GBP | £20 |" in text
    assert f"| {ref} | 4 | Billing and payments | (no agent) | Polite and quick |" in text  # closed unassigned
