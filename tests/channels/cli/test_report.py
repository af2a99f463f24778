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
