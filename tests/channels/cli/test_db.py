"""``complaintdesk db``, ``config``, ``audit`` and ``retention`` as an operator uses them."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from typer.testing import CliRunner

from channels.cli.main import app
from config.settings import Settings, load_settings
from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from core.runtime import Core
from core.storage.schema import upgrade
from tests.support.clock import FixedClock

runner = CliRunner()


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


def test_audit_verify_catches_an_edit_behind_the_service(
        submit_case: Callable[[], str], settings: Settings, env: dict[str, str]) -> None:
    submit_case()
    assert runner.invoke(app, ["audit", "verify"], env=env).exit_code == 0
    database = Path(settings.data_dir) / "complaintdesk.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE case_events SET to_status = 'closed' WHERE seq = 3")
    broken = runner.invoke(app, ["audit", "verify"], env=env)
    assert broken.exit_code == 4 and "#3" in broken.output


def test_retention_run_erases_what_is_past_the_window_and_dry_run_only_lists(
        submit_case: Callable[[], str], settings: Settings, env: dict[str, str]) -> None:
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
    recent = submit_case()
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


def test_db_upgrade_says_whether_it_created_migrated_or_found_the_schema_current(settings: Settings,
                                                                                 tmp_path: Path) -> None:
    fresh = {"COMPLAINTDESK_DATA_DIR": str(tmp_path / "fresh"), "COLUMNS": "200"}
    created = runner.invoke(app, ["db", "upgrade"], env=fresh)
    assert created.exit_code == 0, created.output
    assert "schema created" in created.output and "up to date" not in created.output
    again = runner.invoke(app, ["db", "upgrade"], env=fresh)
    assert again.exit_code == 0 and "database is up to date" in again.output and "created" not in again.output

    older = tmp_path / "older"
    upgrade(load_settings(data_dir=older).effective_database_url, "0003")
    migrated = runner.invoke(app, ["db", "upgrade"], env={"COMPLAINTDESK_DATA_DIR": str(older), "COLUMNS": "200"})
    assert migrated.exit_code == 0 and "database migrated from revision 0003 to" in migrated.output, migrated.output
