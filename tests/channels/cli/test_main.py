"""``complaintdesk`` itself: the commands assembled, ``serve`` refusing a bad configuration."""

from __future__ import annotations

from typer.testing import CliRunner

from channels.cli.main import app
from config.settings import Settings

runner = CliRunner()


def test_serve_refuses_to_start_with_the_published_thread_secret(settings: Settings, env: dict[str, str]) -> None:
    for command in (["serve"], ["config", "check"]):
        result = runner.invoke(app, command, env={**env, "COMPLAINTDESK_MAIL_THREAD_SECRET": "change-me-thread-secret"})
        assert result.exit_code == 2 and "COMPLAINTDESK_MAIL_THREAD_SECRET" in result.output
        assert "placeholder" in result.output
