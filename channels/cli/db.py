"""``complaintdesk db``, ``config``, ``audit`` and ``retention``: the operator's commands."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlsplit

import typer
from rich.table import Table
from rich.text import Text

from channels.cli.common import console, errors, exit_2_on_config_error, run_with_core, settings_or_exit
from channels.console.terminal import literal
from config.policy import load_policy
from config.thread_secret import describe_thread_secret
from core.erasure import RetentionRound

db_app = typer.Typer(help="The database.", no_args_is_help=True)
config_app = typer.Typer(help="The configuration.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit trail.", no_args_is_help=True)
retention_app = typer.Typer(help="Erase personal data past the policy's retention window.", no_args_is_help=True)
SECRET_FIELDS = {"telegram_token", "telegram_webhook_secret", "slack_bot_token", "slack_signing_secret",
                 "slack_app_token", "mail_relay_password", "mail_thread_secret"}
MASK = "********"
# Query parameters that carry credentials: libpq's ``password`` and ``sslpassword``, redis-py's
# ``password``, the tokens and keys of HTTP APIs.
_SECRET_PARAMETER = re.compile(r"pass|pwd|secret|token|key|auth|credential|signature", re.IGNORECASE)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the schema in a new database, or migrate an existing one to the newest."""
    from core.runtime import upgrade_database

    settings = settings_or_exit()
    try:
        done = upgrade_database(settings)
    except Exception as error:  # the database is unreachable or refuses the migration
        errors.print(Text.assemble(("migration failed: ", "red"), literal(f"{type(error).__name__}: {error}")))
        raise typer.Exit(1) from None
    console.print(literal(done.summary(), "green"))


def _masked(name: str, value: object) -> str:
    if value is None:
        return "(unset)"
    if name in SECRET_FIELDS:
        return MASK
    text = str(value)
    if "://" in text:  # the database and Redis URLs, API bases, a webhook: any may carry credentials
        return masked_url(text)
    return text


def masked_url(text: str) -> str:
    """``text`` with the password of its user part and every credential in its query masked."""
    try:
        parts = urlsplit(text)
        password = parts.password
    except ValueError:  # not a URL after all (a stray bracket): show nothing of it
        return MASK
    netloc = parts.netloc
    if password is not None:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}:{MASK}@{host}"
    query = "&".join(f"{key}={MASK}" if _SECRET_PARAMETER.search(key) else f"{key}={quote(value, safe='/:,')}"
                     for key, value in parse_qsl(parts.query, keep_blank_values=True))
    # assembled by hand: urlunsplit would drop the "//" of an empty host (unix:///run/redis.sock)
    return f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "") + (
        f"#{parts.fragment}" if parts.fragment else "")


@config_app.command("check")
def config_check() -> None:
    """Validate settings and the policy file; print the effective configuration, secrets masked."""
    settings = settings_or_exit()
    with exit_2_on_config_error():
        policy = load_policy(settings.policy_file)
    table = Table(title="settings (COMPLAINTDESK_*)")
    table.add_column("name")
    table.add_column("value")
    for name in type(settings).model_fields:
        table.add_row(f"COMPLAINTDESK_{name.upper()}", literal(_masked(name, getattr(settings, name))))
    table.add_row("(effective database)", literal(_masked("database_url", settings.effective_database_url)))
    with exit_2_on_config_error():
        table.add_row("(Message-ID signing key)", literal(describe_thread_secret(settings)))
    console.print(table)
    channels = Table(title="channels")
    channels.add_column("channel")
    channels.add_column("state")
    from channels.app.registry import channel_plugins

    for plugin in channel_plugins():
        reason = plugin.not_configured_reason(settings)
        channels.add_row(plugin.name, f"not started: {reason}" if reason else "will start")
    channels.add_row("console", "always available: complaintdesk chat")
    console.print(channels)
    console.print(literal(f"policy: {settings.policy_file} — {policy.organisation.name}; categories: "
                  f"{', '.join(policy.categories)}; priorities: {', '.join(policy.priorities_by_rank())}; "
                  f"escalation levels: {len(policy.escalation.levels)}; languages: {', '.join(policy.languages.supported)}"))
    console.print("[green]configuration is valid[/]")


@audit_app.command("verify")
def audit_verify() -> None:
    """Walk the hash chain of every case; exit 4 at the first event that does not match."""
    checked, breach = run_with_core(lambda core: core.queries.verify_audit())
    if breach is not None:
        errors.print(f"[red]audit trail broken[/] at case {breach.case_id} event #{breach.seq} "
                     f"(row {breach.event_id}): {breach.problem}")
        raise typer.Exit(4)
    console.print(f"[green]audit trail verified:[/] {checked} events, every chain intact")


@retention_app.command("run")
def retention_run(dry_run: bool = typer.Option(False, "--dry-run", help="Only list the cases that are due.")) -> None:
    """Erase the personal data of cases finished longer ago than retention.closed_case_days."""
    done: RetentionRound = run_with_core(lambda core: core.erasure.run_retention(dry_run=dry_run), erasure=True)
    window = f"closed more than {done.window_days} days ago"
    if done.inbound_cleared:
        console.print(literal(f"{done.inbound_cleared} raw delivery(ies) received more than {done.window_days} days "
                              "ago cleared"))
    if not done.due:
        console.print(literal(f"no case is due: none {window} still holds personal data"))
        return
    if done.dry_run:
        console.print(literal(f"{len(done.due)} case(s) {window} would be erased: {', '.join(done.due)}"))
        return
    console.print(literal(f"{len(done.erased)} case(s) {window} erased, {done.people} complainant(s) as a whole: "
                          f"{', '.join(done.erased) or '-'}", "green"))
    if done.failed:
        errors.print(literal(f"{len(done.failed)} case(s) not erased this time (a channel could not be cleaned, or "
                             f"the person wrote again): {', '.join(done.failed)}; run it again", "red"))
        raise typer.Exit(1)
