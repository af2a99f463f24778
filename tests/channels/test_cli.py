"""The ``complaintdesk`` command as an agent or operator uses it."""

from __future__ import annotations

import asyncio
import secrets
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from channels.cli import app
from channels.email.outbound.compose import Outgoing, build_message
from channels.email.outbound.transport import MAILDIR_NAME, MaildirTransport
from config.settings import Settings
from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from core.runtime import Core
from core.storage.schema import upgrade
from tests.support.clock import FixedClock
from tests.support.personal_data import found_in_files

runner = CliRunner()


@pytest.fixture
def env(settings: Settings) -> dict[str, str]:
    upgrade(settings.effective_database_url)
    return {"COMPLAINTDESK_DATA_DIR": str(settings.data_dir), "COMPLAINTDESK_AGENT": "U_CLI", "COLUMNS": "200"}


def _submit(settings: Settings) -> str:
    async def work() -> str:
        core = Core.build(settings)
        try:
            return (await core.service.submit_complaint(ComplaintSubmission(
                identity=Identity("console", "alice"), description="Charged twice for one order", category="billing",
                name="Alice"))).reference
        finally:
            await core.close()

    return asyncio.run(work())


def test_agent_works_a_case_end_to_end(settings: Settings, env: dict[str, str]) -> None:
    ref = _submit(settings)

    listed = runner.invoke(app, ["cases", "list", "--status", "assessed"], env=env)
    assert listed.exit_code == 0 and ref in listed.output
    assert runner.invoke(app, ["cases", "take", ref], env=env).exit_code == 0
    assert runner.invoke(app, ["cases", "ask", ref, "Which card?"], env=env).exit_code == 0
    refused = runner.invoke(app, ["cases", "close", ref.lower(), "done"], env=env)
    assert refused.exit_code == 0
    shown = runner.invoke(app, ["cases", "show", ref], env=env)
    assert shown.exit_code == 0
    for expected in ("closed", "assigned", "information_requested", "U_CLI", "Which card?"):
        assert expected in shown.output
    outbox = runner.invoke(app, ["outbox", "list", "--reference", ref], env=env)
    assert "information_requested" in outbox.output and "survey" in outbox.output


HOSTILE = ("Closing tag [/] here, [bold]not bold[/bold], [link](https://evil.example/pay) and "
           "[link=https://evil.example]a hidden link[/link]\x1b[2J\x1b]8;;https://evil.example\x07pay here\x1b]8;;\x07"
           "\x07bell\rover\x9b31mred\x7f\tand a tab\nsecond line")


def _submit_hostile(settings: Settings) -> str:
    async def work() -> str:
        core = Core.build(settings)
        try:
            reference = (await core.service.submit_complaint(ComplaintSubmission(
                identity=Identity("console", "mallory"), description=HOSTILE, category="billing",
                name="[red]Mallory[/red]\x1b[5m", product="Router [/] X\x1b]0;owned\x07"))).reference
            await core.service.add_note(reference, Actor.agent("U_CLI"), "They wrote [/]\x1b[31m in red")
            return reference
        finally:
            await core.close()

    return asyncio.run(work())


def test_cases_show_prints_complainant_text_literally_with_control_characters_neutralised(
        settings: Settings, env: dict[str, str]) -> None:
    ref = _submit_hostile(settings)
    shown = runner.invoke(app, ["cases", "show", ref], env=env)
    assert shown.exit_code == 0, shown.output
    flat = " ".join(shown.output.split())  # cells wrap: compare without the line breaks
    for literal in ("[/]", "[bold]not bold[/bold]", "[link](https://evil.example/pay)", "[link=https://evil.example]",
                    "[red]Mallory[/red]", "Router [/] X", "They wrote [/]"):
        assert literal in flat
    for control in ("\x1b", "\x07", "\x9b", "\x7f", "\r"):
        assert control not in shown.output
    assert "␛[2J" in flat and "␇bell␍over" in flat


def test_cases_list_never_cuts_a_reference_at_80_columns(settings: Settings, env: dict[str, str]) -> None:
    references = [_submit(settings), _submit_hostile(settings)]
    listed = runner.invoke(app, ["cases", "list"], env={**env, "COLUMNS": "80"})
    assert listed.exit_code == 0, listed.output
    assert max(len(line) for line in listed.output.splitlines()) <= 80
    for ref in references:
        assert ref in listed.output


def test_exit_codes_say_what_went_wrong(settings: Settings, env: dict[str, str]) -> None:
    ref = _submit(settings)
    typo = ref[:-1] + ("0" if ref[-1] != "0" else "1")

    assert runner.invoke(app, ["cases", "show", typo], env=env).exit_code == 2
    assert runner.invoke(app, ["cases", "show", "CD-0000-0000"], env=env).exit_code == 3
    refused = runner.invoke(app, ["cases", "respond", ref, "A decision before assignment"], env=env)
    assert refused.exit_code == 1 and "cannot go from assessed to responded" in refused.output
    bad = runner.invoke(app, ["cases", "list"], env={**env, "COMPLAINTDESK_HTTP_PORT": "x"})
    assert bad.exit_code == 2 and "COMPLAINTDESK_HTTP_PORT" in bad.output


def test_config_check_masks_secrets(settings: Settings, env: dict[str, str]) -> None:
    result = runner.invoke(app, ["config", "check"], env={
        **env, "COMPLAINTDESK_SLACK_BOT_TOKEN": "xoxb-very-secret", "COMPLAINTDESK_DATABASE_URL":
        "postgresql+asyncpg://user:hunter2@db.example/complaints"})
    assert result.exit_code == 0, result.output
    assert "xoxb-very-secret" not in result.output and "hunter2" not in result.output
    assert "********" in result.output and "configuration is valid" in result.output


def test_config_check_says_where_the_thread_secret_comes_from_and_never_prints_it(settings: Settings,
                                                                                 env: dict[str, str]) -> None:
    generated = runner.invoke(app, ["config", "check"], env=env)
    assert generated.exit_code == 0, generated.output
    assert "generated into" in generated.output and "mail-thread-secret" in generated.output
    own = runner.invoke(app, ["config", "check"], env={**env, "COMPLAINTDESK_MAIL_THREAD_SECRET": "our-own-key-5e1d9c"})
    assert own.exit_code == 0 and "our-own-key-5e1d9c" not in own.output
    assert "set in COMPLAINTDESK_MAIL_THREAD_SECRET" in own.output


def test_serve_refuses_to_start_with_the_published_thread_secret(settings: Settings, env: dict[str, str]) -> None:
    for command in (["serve"], ["config", "check"]):
        result = runner.invoke(app, command, env={**env, "COMPLAINTDESK_MAIL_THREAD_SECRET": "change-me-thread-secret"})
        assert result.exit_code == 2 and "COMPLAINTDESK_MAIL_THREAD_SECRET" in result.output
        assert "placeholder" in result.output


def test_config_check_masks_passwords_in_query_strings_and_in_every_url(settings: Settings, env: dict[str, str]) -> None:
    result = runner.invoke(app, ["config", "check"], env={
        **env,
        "COMPLAINTDESK_DATABASE_URL": "postgresql+asyncpg://app@db.example/complaints?password=dbqueryhunter2&sslmode=require",
        "COMPLAINTDESK_REDIS_URL": "rediss://:redisuserinfo77@cache.example:6380/0?password=redisquery55",
        "COMPLAINTDESK_TELEGRAM_API_BASE": "https://proxyuser:proxypass99@tg-proxy.example/?token=querytoken44",
    })
    assert result.exit_code == 0, result.output
    for secret in ("dbqueryhunter2", "redisuserinfo77", "redisquery55", "proxypass99", "querytoken44"):
        assert secret not in result.output
    for kept in ("db.example/complaints", "sslmode=require", "cache.example:6380/0", "tg-proxy.example"):
        assert kept in result.output


def test_audit_verify_catches_an_edit_behind_the_service(settings: Settings, env: dict[str, str]) -> None:
    _submit(settings)
    assert runner.invoke(app, ["audit", "verify"], env=env).exit_code == 0
    database = Path(settings.data_dir) / "complaintdesk.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE case_events SET to_status = 'closed' WHERE seq = 3")
    broken = runner.invoke(app, ["audit", "verify"], env=env)
    assert broken.exit_code == 4 and "#3" in broken.output


def test_erasure_from_the_cli_keeps_the_audit_green(settings: Settings, env: dict[str, str]) -> None:
    ref = _submit(settings)
    assert runner.invoke(app, ["cases", "erase-complainant", ref], env=env).exit_code == 2
    assert runner.invoke(app, ["cases", "erase-complainant", ref, "--yes"], env=env).exit_code == 0
    assert runner.invoke(app, ["audit", "verify"], env=env).exit_code == 0
    assert "Alice" not in runner.invoke(app, ["cases", "show", ref], env=env).output


def test_report_writes_markdown(settings: Settings, env: dict[str, str], tmp_path: Path) -> None:
    _submit(settings)
    result = runner.invoke(app, ["report", "--days", "3650", "--output", str(tmp_path / "review.md")], env=env)
    assert result.exit_code == 0
    text = (tmp_path / "review.md").read_text()
    assert "Complaints received: 1" in text and "billing" in text


def _mail_to(settings: Settings, address: str, text: str) -> None:
    """A mail the product sent with no relay configured: written to the local Maildir."""
    message = build_message(Outgoing(
        from_name="Example", from_address="complaints@complaintdesk.localhost", to_address=address, subject="Your complaint",
        text=text, html=f"<p>{text}</p>", message_id=f"<{secrets.token_hex(4)}@complaintdesk.localhost>",
        sent_at=datetime.now(timezone.utc), lang="en"))
    asyncio.run(MaildirTransport(settings.data_dir / MAILDIR_NAME).send(message, "complaints@complaintdesk.localhost",
                                                                        address))


def test_erasure_from_the_cli_deletes_the_persons_mail_in_the_local_maildir(settings: Settings, env: dict[str, str]) -> None:
    async def work() -> str:
        core = Core.build(settings)
        try:
            return (await core.service.submit_complaint(ComplaintSubmission(
                identity=Identity("email", "zq.unique77@example.org"), description="The zorblax broke",
                name="Zebedee Quartermain"))).reference
        finally:
            await core.close()

    ref = asyncio.run(work())
    _mail_to(settings, "zq.unique77@example.org", "Dear Mr Quartermain, about the zorblax")
    _mail_to(settings, "someone.else@example.org", "Dear someone else")
    erased = runner.invoke(app, ["cases", "erase-complainant", ref, "--yes"], env=env)
    assert erased.exit_code == 0, erased.output
    assert ref in erased.output
    assert found_in_files(settings.data_dir, ("Quartermain", "zq.unique77", "zorblax")) == []
    assert len(found_in_files(settings.data_dir, ("someone.else",))) == 1


def test_retention_run_erases_what_is_past_the_window_and_dry_run_only_lists(settings: Settings,
                                                                            env: dict[str, str]) -> None:
    async def old_closed_case() -> str:
        core = Core.build(settings, clock=FixedClock(datetime.now(timezone.utc) - timedelta(days=3000)))
        try:
            ref = (await core.service.submit_complaint(ComplaintSubmission(
                identity=Identity("console", "olga"), description="Old zorblax trouble", name="Olga Quartermain"))).reference
            await core.service.close(ref, Actor.agent("U_CLI"), "done")
            return ref
        finally:
            await core.close()

    old = asyncio.run(old_closed_case())
    recent = _submit(settings)
    dry = runner.invoke(app, ["retention", "run", "--dry-run"], env=env)
    assert dry.exit_code == 0 and "1 case(s) closed more than 2190 days ago would be erased" in dry.output
    assert old in dry.output and recent not in dry.output
    assert "Old zorblax trouble" in runner.invoke(app, ["cases", "show", old], env=env).output
    done = runner.invoke(app, ["retention", "run"], env=env)
    assert done.exit_code == 0 and "1 case(s)" in done.output and "1 complainant(s) as a whole" in done.output
    shown = runner.invoke(app, ["cases", "show", old], env=env).output
    assert "zorblax" not in shown and "Quartermain" not in shown and "[erased]" in shown
    assert "Charged twice" in runner.invoke(app, ["cases", "show", recent], env=env).output
    assert "no case is due" in runner.invoke(app, ["retention", "run"], env=env).output
    assert runner.invoke(app, ["audit", "verify"], env=env).exit_code == 0
