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


def test_every_command_reports_a_configuration_error_alike_with_exit_code_2(settings: Settings,
                                                                            env: dict[str, str]) -> None:
    broken = {**env, "COMPLAINTDESK_HTTP_PORT": "not-a-port"}
    for command in (["serve"], ["chat"], ["cases", "list"], ["cases", "show", "CD-0000-0000"], ["outbox", "list"],
                    ["inbound", "list"], ["db", "upgrade"], ["config", "check"], ["audit", "verify"],
                    ["retention", "run"], ["report"], ["nlu", "evaluate"]):
        result = runner.invoke(app, command, env=broken)
        assert result.exit_code == 2, (command, result.output)
        assert "configuration error:" in result.output and "COMPLAINTDESK_HTTP_PORT" in result.output, command
    missing_policy = runner.invoke(app, ["report"], env={**env, "COMPLAINTDESK_POLICY_FILE": "/nonexistent/policy.toml"})
    assert missing_policy.exit_code == 2 and "configuration error:" in missing_policy.output, missing_policy.output
