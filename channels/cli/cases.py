"""``complaintdesk cases``: an agent works cases from the terminal (list, show, take, ask, reply,
respond, escalate, refer externally and record the outcome, close, erase a complainant's personal data)."""

from __future__ import annotations

from typing import Any

from collections.abc import Awaitable, Callable
from datetime import datetime, timezone

import typer
from rich.table import Table

from channels.cli.case_export import case_json, cases_csv, cases_json
from channels.cli.common import AgentOption, console, errors, run_with_core, when
from channels.console.terminal import literal
from core.actors import Actor
from core.erasure import Erased
from core.referrals import REFERRAL_OUTCOMES
from core.results import CaseDetails, InvestigationRecord, TimelineEntry
from core.runtime import Core
from core.case_filter import CaseFilter

app = typer.Typer(help="Work cases from the terminal.", no_args_is_help=True)
# Who complained and how to answer them, as the case queries return it ("channel" is shown above).
CONTACT_FIELDS = ("complainant_name", "complainant_email", "complainant_phone", "reply_address", "on_behalf_of",
                  "language")


def cases_table(rows: list[CaseDetails], title: str) -> Table:
    table = Table(title=literal(title))
    # A reference is never cut or wrapped, however narrow the terminal: the other columns fold.
    table.add_column("reference", no_wrap=True, min_width=max((len(row.reference) for row in rows), default=9))
    for column in ("status", "priority", "category", "channel", "assignee", "received", "resolve by"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(literal(cell) for cell in (
            row.reference, row.status, row.priority, row.category, row.channel, row.assignee or "-",
            when(row.received_at), when(row.due_resolution))))
    return table


def _parse_day(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
    except ValueError:
        errors.print(literal(f"{text!r} is not a date; write YYYY-MM-DD", "red"))
        raise typer.Exit(2) from None


@app.command("list")
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
    as_json: bool = typer.Option(False, "--json", help="Print the cases as a JSON array (every field), for scripts."),
    as_csv: bool = typer.Option(False, "--csv", help="Print the cases as CSV with a header row (every field)."),
) -> None:
    """List cases by filter."""
    if as_json and as_csv:
        errors.print("[red]--json and --csv: choose one[/]")
        raise typer.Exit(2)

    async def work(core: Core) -> list[CaseDetails]:
        if overdue or due_within is not None:
            return await core.queries.overdue(due_within or 0.0, limit=limit)
        return await core.queries.list_cases(CaseFilter(
            status=status, priority=priority, assignee=assignee, unassigned=unassigned, channel=channel,
            category=category, open_only=open_only, received_from=_parse_day(since), received_to=_parse_day(until),
            limit=limit,
        ))

    rows = run_with_core(work)
    if as_json:
        typer.echo(cases_json(rows))
    elif as_csv:
        typer.echo(cases_csv(rows), nl=False)
    else:
        console.print(cases_table(rows, f"{len(rows)} case(s)"))


@app.command("show")
def cases_show(reference: str, agent: str = AgentOption,
               as_json: bool = typer.Option(False, "--json", help="Print the case and its timeline as JSON.")) -> None:
    """A case's details, the complainant's contact details and the case's timeline."""
    async def work(core: Core) -> tuple[CaseDetails, list[TimelineEntry]]:
        actor = Actor.agent(agent)
        return await core.queries.details(reference, actor), await core.queries.timeline(reference, actor)

    details, timeline = run_with_core(work)
    if as_json:
        typer.echo(case_json(details, timeline))
        return
    table = Table(title=literal(f"{details.reference} ({details.status})"), show_header=False)
    table.add_column("field", no_wrap=True)
    table.add_column("value", overflow="fold")
    for field in ("category", "priority", "severity", "complexity", "impact", "urgency", "signals", "channel",
                  "assignee", "escalation_level", "needs_human", *CONTACT_FIELDS, "product", "order_number",
                  "amount", "incident_date", "location", "desired_outcome", "description", "proposed_decision", "complainant_decision",
                  "referral_body", "referral_outcome", "satisfaction", "version"):
        value = getattr(details, field)
        if field == "amount" and value is not None:
            value = f"{value} {details.currency}"
        table.add_row(field, literal(", ".join(value) if isinstance(value, tuple) else value if value is not None else "-"))
    for field in ("received_at", "due_first_response", "first_response_at", "due_resolution", "referral_offered_at",
                  "referred_at", "referral_outcome_at", "closed_at"):
        table.add_row(field, when(getattr(details, field)))
    if details.received_via:
        registered_by = next((e.data.get("registered_by") for e in timeline if e.kind == "received"), None)
        table.add_row("received_via", literal(f"{details.received_via}, registered by {registered_by or '-'}"))
    for kind, related in details.related:
        table.add_row(kind, literal(related))
    if details.investigation is not None:
        for field, value in _investigation_rows(details.investigation):
            table.add_row(field, literal(value))
    console.print(table)
    history = Table(title="timeline")
    history.add_column("when", no_wrap=True)
    for column in ("what", "who", "detail"):
        history.add_column(column, overflow="fold")
    for entry in timeline:
        move = f"{entry.from_status or ''} → {entry.to_status}" if entry.to_status else ""
        history.add_row(when(entry.at), literal(entry.kind), literal(entry.actor),
                        literal(" ".join(x for x in (move, entry.text or "") if x)))
    console.print(history)


def _investigation_rows(record: InvestigationRecord) -> list[tuple[str, str]]:
    """The investigation record as (field, value) rows for ``cases show``."""
    redress = record.redress_kind or "-"
    if record.redress_amount is not None:
        redress = f"{redress} {record.redress_amount} {record.redress_currency}"
    return [("findings", record.findings or "-"), ("root_cause", record.root_cause or "-"),
            ("corrective_action", record.corrective_action or "-"), ("redress", redress),
            ("investigation_by", f"{record.recorded_by}, {record.recorded_at:%Y-%m-%d %H:%M} UTC")]


def _agent_command(action: Callable[[Core, Actor], Awaitable[object]], done: str, agent: str) -> None:
    run_with_core(lambda core: action(core, Actor.agent(agent)))
    console.print(f"[green]{done}[/]")


@app.command("take")
def cases_take(reference: str, agent: str = AgentOption) -> None:
    """Assign the case to yourself."""
    _agent_command(lambda c, a: c.service.assign(reference, a, a.id), f"{reference} is yours", agent)


@app.command("assign")
def cases_assign(reference: str, assignee: str, agent: str = AgentOption,
                 reassign: bool = typer.Option(False, "--reassign", help="Take it from its current assignee.")) -> None:
    """Assign the case to an agent."""
    _agent_command(lambda c, a: c.service.assign(reference, a, assignee, reassign=reassign),
                   f"{reference} assigned to {assignee}", agent)


@app.command("reassess")
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
    changes: dict[str, Any] = {k: v for k, v in dict(category=category, priority=priority, severity=severity, complexity=complexity,
                                     impact=impact, urgency=urgency).items() if v is not None}
    _agent_command(lambda c, a: c.service.assess(reference, a, reason=reason, **changes), f"{reference} reassessed", agent)


@app.command("ask")
def cases_ask(reference: str, question: str, agent: str = AgentOption) -> None:
    """Ask the complainant for information."""
    _agent_command(lambda c, a: c.service.request_information(reference, a, question), "question sent", agent)


@app.command("reply")
def cases_reply(reference: str, text: str, agent: str = AgentOption) -> None:
    """Write to the complainant without changing the status."""
    _agent_command(lambda c, a: c.service.send_message(reference, a, text), "message sent", agent)


@app.command("note")
def cases_note(reference: str, text: str, agent: str = AgentOption) -> None:
    """Add an internal note (never sent to the complainant)."""
    _agent_command(lambda c, a: c.service.add_note(reference, a, text), "note added", agent)


@app.command("respond")
def cases_respond(reference: str, decision: str, agent: str = AgentOption) -> None:
    """Propose a decision to the complainant."""
    _agent_command(lambda c, a: c.service.respond(reference, a, decision), "decision proposed", agent)


@app.command("escalate")
def cases_escalate(reference: str, reason: str, level: int | None = typer.Option(None, "--level"),
                   agent: str = AgentOption) -> None:
    """Escalate to the next level (or --level); reopens a closed case."""
    _agent_command(lambda c, a: c.service.escalate(reference, a, reason, level=level), f"{reference} escalated", agent)


@app.command("refer")
def cases_refer(reference: str, reason: str, agent: str = AgentOption) -> None:
    """Refer to external dispute resolution (ISO 10003)."""
    _agent_command(lambda c, a: c.service.refer_external(reference, a, reason), f"{reference} referred", agent)


@app.command("referral-outcome")
def cases_referral_outcome(
    reference: str,
    outcome: str = typer.Argument(..., help=f"One of: {', '.join(REFERRAL_OUTCOMES)}."),
    note: str = typer.Option("", "--note", help="What the body decided, in a few words (kept in the audit trail)."),
    agent: str = AgentOption,
) -> None:
    """Record the external body's outcome on a referred case (ISO 10003): the complainant is told,
    the case closes and the survey is sent."""
    _agent_command(lambda c, a: c.service.record_referral_outcome(reference, a, outcome, note=note),
                   f"{reference}: external outcome {outcome} recorded; the case is closed", agent)


@app.command("close")
def cases_close(reference: str, reason: str, agent: str = AgentOption) -> None:
    """Close the case."""
    _agent_command(lambda c, a: c.service.close(reference, a, reason), f"{reference} closed", agent)


@app.command("withdraw")
def cases_withdraw(reference: str, reason: str, agent: str = AgentOption) -> None:
    """Record that the complainant withdrew the complaint (told to an agent)."""
    _agent_command(lambda c, a: c.service.withdraw(reference, a, reason=reason), f"{reference} withdrawn", agent)


@app.command("erase-complainant")
def cases_erase(reference: str, agent: str = AgentOption,
                yes: bool = typer.Option(False, "--yes", help="Really erase.")) -> None:
    """Erase the personal data of the complainant of REFERENCE in every case and channel (GDPR art. 17)."""
    if not yes:
        errors.print("[red]add --yes to erase: this cannot be undone[/]")
        raise typer.Exit(2)

    done: Erased = run_with_core(lambda core: core.service.erase_complainant_of(reference, Actor.agent(agent)),
                                 erasure=True)
    console.print(literal(f"personal data erased in {len(done.references)} case(s) ({', '.join(done.references)}), "
                          f"{done.files_deleted} attachment file(s) deleted; the audit trail still verifies", "green"))


