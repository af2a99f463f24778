"""The ``complaintdesk`` command: run the product, migrate, check the configuration, verify the
audit trail, and let an agent work cases from a terminal.

Exit codes: 0 done; 1 refused by the process (a transition or access rule); 2 bad input or
configuration; 3 not found; 4 the audit trail does not verify.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from channels import cli_db, cli_report
from channels.cli_nlu import app as nlu_app
from channels.console import chat
from channels.terminal import literal
from config.errors import ConfigError
from config.settings import Settings, load_settings
from core.actors import Actor
from core.erasure import Erased, RetentionRound
from core.errors import AccessDenied, CaseNotFound, DomainError, InvalidReference, ValidationFailed
from core.results import CaseDetails
from core.runtime import Core
from core.case_filter import CaseFilter

T = TypeVar("T")
app = typer.Typer(help="complaintdesk: complaint handling after ISO 10002:2018.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
cases_app = typer.Typer(help="Work cases from the terminal.", no_args_is_help=True)
outbox_app = typer.Typer(help="Look into the outbox of notifications.", no_args_is_help=True)
inbound_app = typer.Typer(help="Look into what the channels received (emails, updates, events).", no_args_is_help=True)
retention_app = typer.Typer(help="Erase personal data past the policy's retention window.", no_args_is_help=True)
app.add_typer(cases_app, name="cases")
app.add_typer(outbox_app, name="outbox")
app.add_typer(inbound_app, name="inbound")
app.add_typer(retention_app, name="retention")
app.add_typer(cli_db.db_app, name="db")
app.add_typer(cli_db.config_app, name="config")
app.add_typer(cli_db.audit_app, name="audit")
app.command("report")(cli_report.report)

console = Console()
errors = Console(stderr=True)

AgentOption = typer.Option("agent", "--agent", envvar=["COMPLAINTDESK_AGENT", "USER"],
                           help="Your agent id (recorded in the audit trail).")


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except ConfigError as error:
        errors.print(Text.assemble(("configuration error: ", "red"), literal(error)))
        raise typer.Exit(2) from None


def run_with_core(work: Callable[[Core], Awaitable[T]]) -> T:
    """Build the core, run ``work``, map domain refusals to clear messages and exit codes."""
    settings = settings_or_exit()

    async def main() -> T:
        core = Core.build(settings)
        try:
            return await work(core)
        finally:
            await core.close()

    try:
        return asyncio.run(main())
    except InvalidReference as error:
        errors.print(literal(error, "red"))
        raise typer.Exit(2) from None
    except CaseNotFound as error:
        errors.print(literal(error, "red"))
        raise typer.Exit(3) from None
    except (ValidationFailed, ConfigError) as error:
        errors.print(literal(error, "red"))
        raise typer.Exit(2) from None
    except (AccessDenied, DomainError) as error:
        errors.print(Text.assemble(("refused: ", "red"), literal(error)))
        raise typer.Exit(1) from None


def _when(value: datetime | None) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M") if value else "-"


def cases_table(rows: list[CaseDetails], title: str) -> Table:
    table = Table(title=literal(title))
    # A reference is never cut or wrapped, however narrow the terminal: the other columns fold.
    table.add_column("reference", no_wrap=True, min_width=max((len(row.reference) for row in rows), default=9))
    for column in ("status", "priority", "category", "channel", "assignee", "received", "resolve by"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(literal(cell) for cell in (
            row.reference, row.status, row.priority, row.category, row.channel, row.assignee or "-",
            _when(row.received_at), _when(row.due_resolution))))
    return table


@app.command()
def serve() -> None:
    """Run the product: web app, outbox dispatcher, timers and every configured channel."""
    from channels.logs import configure_logging
    from channels.runner import serve_forever

    settings = settings_or_exit()
    configure_logging(settings.log_level)
    try:
        asyncio.run(serve_forever(settings))
    except KeyboardInterrupt:
        pass


def _parse_day(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
    except ValueError:
        errors.print(literal(f"{text!r} is not a date; write YYYY-MM-DD", "red"))
        raise typer.Exit(2) from None


@cases_app.command("list")
def cases_list(
    status: list[str] = typer.Option([], "--status", help="Repeat for several."),
    priority: list[str] = typer.Option([], "--priority"),
    assignee: str | None = typer.Option(None, "--assignee"),
    unassigned: bool = typer.Option(False, "--unassigned"),
    channel: str | None = typer.Option(None, "--channel"),
    category: str | None = typer.Option(None, "--category"),
    open_only: bool = typer.Option(False, "--open"),
    overdue: bool = typer.Option(False, "--overdue", help="Open cases past a due time."),
    due_within: float | None = typer.Option(None, "--due-within", help="Hours: overdue or due within that."),
    since: str | None = typer.Option(None, "--since", help="Received on or after YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--until", help="Received before YYYY-MM-DD."),
    limit: int = typer.Option(50, "--limit"),
) -> None:
    """List cases by filter."""
    async def work(core: Core) -> list[CaseDetails]:
        if overdue or due_within is not None:
            return await core.queries.overdue(due_within or 0.0, limit=limit)
        return await core.queries.list_cases(CaseFilter(
            status=status, priority=priority, assignee=assignee, unassigned=unassigned, channel=channel,
            category=category, open_only=open_only, received_from=_parse_day(since), received_to=_parse_day(until),
            limit=limit,
        ))

    rows = run_with_core(work)
    console.print(cases_table(rows, f"{len(rows)} case(s)"))


@cases_app.command("show")
def cases_show(reference: str, agent: str = AgentOption) -> None:
    """A case's details and its timeline."""
    async def work(core: Core) -> tuple[CaseDetails, list]:
        actor = Actor.agent(agent)
        return await core.queries.details(reference, actor), await core.queries.timeline(reference, actor)

    details, timeline = run_with_core(work)
    table = Table(title=literal(f"{details.reference} ({details.status})"), show_header=False)
    table.add_column("field", no_wrap=True)
    table.add_column("value", overflow="fold")
    for field in ("category", "priority", "severity", "complexity", "impact", "urgency", "signals", "channel",
                  "assignee", "escalation_level", "needs_human", "complainant_name", "product", "order_number",
                  "incident_date", "location", "desired_outcome", "description", "proposed_decision", "complainant_decision",
                  "satisfaction", "version"):
        value = getattr(details, field)
        table.add_row(field, literal(", ".join(value) if isinstance(value, tuple) else value if value is not None else "-"))
    for field in ("received_at", "due_first_response", "first_response_at", "due_resolution", "closed_at"):
        table.add_row(field, _when(getattr(details, field)))
    console.print(table)
    history = Table(title="timeline")
    history.add_column("when", no_wrap=True)
    for column in ("what", "who", "detail"):
        history.add_column(column, overflow="fold")
    for entry in timeline:
        move = f"{entry.from_status or ''} → {entry.to_status}" if entry.to_status else ""
        history.add_row(_when(entry.at), literal(entry.kind), literal(entry.actor),
                        literal(" ".join(x for x in (move, entry.text or "") if x)))
    console.print(history)


def _agent_command(action: Callable[[Core, Actor], Awaitable[object]], done: str, agent: str) -> None:
    run_with_core(lambda core: action(core, Actor.agent(agent)))
    console.print(f"[green]{done}[/]")


@cases_app.command("take")
def cases_take(reference: str, agent: str = AgentOption) -> None:
    """Assign the case to yourself."""
    _agent_command(lambda c, a: c.service.assign(reference, a, a.id), f"{reference} is yours", agent)


@cases_app.command("assign")
def cases_assign(reference: str, assignee: str, agent: str = AgentOption,
                 reassign: bool = typer.Option(False, "--reassign", help="Take it from its current assignee.")) -> None:
    """Assign the case to an agent."""
    _agent_command(lambda c, a: c.service.assign(reference, a, assignee, reassign=reassign),
                   f"{reference} assigned to {assignee}", agent)


@cases_app.command("reassess")
def cases_reassess(
    reference: str,
    reason: str = typer.Option(..., "--reason"),
    category: str | None = typer.Option(None, "--category"),
    priority: str | None = typer.Option(None, "--priority"),
    severity: int | None = typer.Option(None, "--severity", min=1, max=3),
    complexity: int | None = typer.Option(None, "--complexity", min=1, max=3),
    impact: int | None = typer.Option(None, "--impact", min=1, max=3),
    urgency: int | None = typer.Option(None, "--urgency", min=1, max=3),
    agent: str = AgentOption,
) -> None:
    """Revise the initial assessment (recorded with your reason)."""
    changes = {k: v for k, v in dict(category=category, priority=priority, severity=severity, complexity=complexity,
                                     impact=impact, urgency=urgency).items() if v is not None}
    _agent_command(lambda c, a: c.service.assess(reference, a, reason=reason, **changes), f"{reference} reassessed", agent)


@cases_app.command("ask")
def cases_ask(reference: str, question: str, agent: str = AgentOption) -> None:
    """Ask the complainant for information."""
    _agent_command(lambda c, a: c.service.request_information(reference, a, question), "question sent", agent)


@cases_app.command("reply")
def cases_reply(reference: str, text: str, agent: str = AgentOption) -> None:
    """Write to the complainant without changing the status."""
    _agent_command(lambda c, a: c.service.send_message(reference, a, text), "message sent", agent)


@cases_app.command("note")
def cases_note(reference: str, text: str, agent: str = AgentOption) -> None:
    """Add an internal note (never sent to the complainant)."""
    _agent_command(lambda c, a: c.service.add_note(reference, a, text), "note added", agent)


@cases_app.command("respond")
def cases_respond(reference: str, decision: str, agent: str = AgentOption) -> None:
    """Propose a decision to the complainant."""
    _agent_command(lambda c, a: c.service.respond(reference, a, decision), "decision proposed", agent)


@cases_app.command("escalate")
def cases_escalate(reference: str, reason: str, level: int | None = typer.Option(None, "--level"),
                   agent: str = AgentOption) -> None:
    """Escalate to the next level (or --level); reopens a closed case."""
    _agent_command(lambda c, a: c.service.escalate(reference, a, reason, level=level), f"{reference} escalated", agent)


@cases_app.command("refer")
def cases_refer(reference: str, reason: str, agent: str = AgentOption) -> None:
    """Refer to external dispute resolution (ISO 10003)."""
    _agent_command(lambda c, a: c.service.refer_external(reference, a, reason), f"{reference} referred", agent)


@cases_app.command("close")
def cases_close(reference: str, reason: str, agent: str = AgentOption) -> None:
    """Close the case."""
    _agent_command(lambda c, a: c.service.close(reference, a, reason), f"{reference} closed", agent)


@cases_app.command("withdraw")
def cases_withdraw(reference: str, reason: str, agent: str = AgentOption) -> None:
    """Record that the complainant withdrew the complaint (told to an agent)."""
    _agent_command(lambda c, a: c.service.withdraw(reference, a, reason=reason), f"{reference} withdrawn", agent)


async def _erasing(core: Core, erase: Callable[[], Awaitable[T]]) -> T:
    """What the channels keep outside the database (the local Maildir, Slack posts) and the
    dialogue's sessions are erased from the command line as by the running product. A channel
    refusing stops the erasure with nothing lost: run the command again."""
    from bot.factory import session_store
    from channels.registry import channel_plugins, register_personal_data_holders  # the channels' heavy imports

    register_personal_data_holders(core, core.settings, channel_plugins())
    redis = None
    if core.settings.redis_url:
        from redis.asyncio import Redis

        redis = Redis.from_url(core.settings.redis_url)
    try:
        session_store(core, core.settings, redis)
        return await erase()
    finally:
        if redis is not None:
            await redis.aclose()


@cases_app.command("erase-complainant")
def cases_erase(reference: str, agent: str = AgentOption,
                yes: bool = typer.Option(False, "--yes", help="Really erase.")) -> None:
    """Erase the personal data of the complainant of REFERENCE in every case and channel (GDPR art. 17)."""
    if not yes:
        errors.print("[red]add --yes to erase: this cannot be undone[/]")
        raise typer.Exit(2)

    async def work(core: Core) -> Erased:
        return await _erasing(core, lambda: core.service.erase_complainant_of(reference, Actor.agent(agent)))

    done = run_with_core(work)
    console.print(literal(f"personal data erased in {len(done.references)} case(s) ({', '.join(done.references)}), "
                          f"{done.files_deleted} attachment file(s) deleted; the audit trail still verifies", "green"))


@retention_app.command("run")
def retention_run(dry_run: bool = typer.Option(False, "--dry-run", help="Only list the cases that are due.")) -> None:
    """Erase the personal data of cases finished longer ago than retention.closed_case_days."""
    async def work(core: Core) -> RetentionRound:
        return await _erasing(core, lambda: core.erasure.run_retention(dry_run=dry_run))

    done = run_with_core(work)
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


@outbox_app.command("list")
def outbox_list(dead: bool = typer.Option(False, "--dead", help="Only notifications that gave up."),
                reference: str | None = typer.Option(None, "--reference"), limit: int = typer.Option(50, "--limit")) -> None:
    """Notifications and their delivery state."""
    rows = run_with_core(lambda core: core.queries.notifications(
        status=("dead",) if dead else (), reference_text=reference, limit=limit))
    table = Table(title=f"{len(rows)} notification(s)")
    for column in ("id", "kind", "channel", "status", "attempts", "next attempt", "last error"):
        table.add_column(column)
    for row in rows:
        table.add_row(str(row.id), literal(row.kind), literal(row.channel), literal(row.status), str(row.attempts),
                      _when(row.next_attempt_at), literal((row.last_error or "")[:80]))
    console.print(table)


@outbox_app.command("retry")
def outbox_retry(notification_id: int) -> None:
    """Send a dead notification again."""
    async def work(core: Core) -> None:
        async with core.uow() as uow:
            row = await uow.notification(notification_id)
            if row is None:
                raise CaseNotFound(f"notification {notification_id}")
            row.status, row.attempts, row.next_attempt_at, row.last_error = "pending", 0, core.clock.now(), None
            await uow.commit()

    run_with_core(work)
    console.print(f"[green]notification {notification_id} queued again[/]")


@inbound_app.command("list")
def inbound_list(failed: bool = typer.Option(False, "--failed", help="Only deliveries set aside (agents were told)."),
                 channel: str | None = typer.Option(None, "--channel", help="email, telegram or slack"),
                 limit: int = typer.Option(50, "--limit")) -> None:
    """What the channels received and how processing it ended, newest first."""
    rows = run_with_core(lambda core: core.queries.inbound(
        status=("failed",) if failed else (), channel=channel, limit=limit))
    table = Table(title=f"{len(rows)} inbound deliver{'y' if len(rows) == 1 else 'ies'}")
    for column in ("id", "channel", "received", "status", "attempts", "outcome"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(str(row.id), row.channel, _when(row.received_at), row.status, str(row.attempts),
                      (row.outcome or "")[:200])
    console.print(table, markup=False)


@inbound_app.command("retry")
def inbound_retry(record_id: int) -> None:
    """Process a delivery that was set aside again (after fixing what stopped it)."""
    run_with_core(lambda core: core.service.retry_inbound(record_id))
    console.print(f"[green]inbound #{record_id} will be processed again by the running product[/]")


app.add_typer(nlu_app, name="nlu")
app.command("chat")(chat)


def main() -> None:
    app()
