"""``complaintdesk cases new|reopen|investigate``: an agent registers a complaint received by
phone, letter or in person, reopens a closed case, and keeps the investigation record."""

from __future__ import annotations

from datetime import date, datetime, timezone

import typer

from channels.cli.cases import app
from channels.cli.common import AgentOption, console, errors, run_with_core
from channels.console.terminal import literal
from core.actors import Actor
from core.errors import ValidationFailed
from core.investigation import InvestigationInput, parse_amount
from core.registration import OFFLINE_CHANNELS, Registration
from core.runtime import Core


def _refuse(message: str) -> typer.Exit:
    errors.print(literal(message, "red"))
    return typer.Exit(2)


def _day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _refuse(f"{option} {text!r} is not a date; write YYYY-MM-DD") from None


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _refuse(f"--received-at {text!r} is not a time; write YYYY-MM-DDTHH:MM (UTC unless an offset is given)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _amount(text: str | None, option: str) -> object:
    try:
        return parse_amount(text)
    except ValidationFailed as error:
        raise _refuse(f"{option}: {error}") from None


@app.command("new")
def cases_new(
    via: str = typer.Option(..., "--via", help=f"How it came: {', '.join(OFFLINE_CHANNELS)}."),
    description: str = typer.Option(..., "--description", help="The complaint in the complainant's own words."),
    name: str | None = typer.Option(None, "--name"),
    email: str | None = typer.Option(None, "--email", help="Updates (and the acknowledgement) go here; none: no one is written to."),
    phone: str | None = typer.Option(None, "--phone"),
    language: str = typer.Option("en", "--language", help="The complainant's language (en, ru)."),
    product: str | None = typer.Option(None, "--product"),
    order_number: str | None = typer.Option(None, "--order-number"),
    incident_date: str | None = typer.Option(None, "--incident-date", help="YYYY-MM-DD"),
    desired_outcome: str | None = typer.Option(None, "--desired-outcome"),
    on_behalf_of: str | None = typer.Option(None, "--on-behalf-of"),
    category: str | None = typer.Option(None, "--category", help="A category of the policy; else the rules choose."),
    amount: str | None = typer.Option(None, "--amount", help="The money it is about (with --currency)."),
    currency: str | None = typer.Option(None, "--currency", help="ISO 4217, e.g. GBP."),
    received_at: str | None = typer.Option(None, "--received-at", help="When it was received, if not now."),
    agent: str = AgentOption,
) -> None:
    """Register a complaint received by phone, letter or in person."""
    registration = Registration(
        received_via=via.replace("-", "_").strip().lower(), description=description, name=name, email=email, phone=phone,
        language=language, product=product, order_number=order_number,
        incident_date=_day(incident_date, "--incident-date"), desired_outcome=desired_outcome,
        on_behalf_of=on_behalf_of, category=category, amount=_amount(amount, "--amount"),  # type: ignore[arg-type]  # a Decimal or None
        currency=currency.upper() if currency else None, received_at=_moment(received_at))
    submitted = run_with_core(lambda core: core.service.register_complaint(registration, Actor.agent(agent)))
    sent = f"; the acknowledgement goes to {registration.email.strip().lower()}" if registration.email else \
        "; no contact address: nothing is sent to the complainant"
    console.print(literal(f"registered {submitted.reference} ({submitted.priority} priority){sent}", "green"))


@app.command("reopen")
def cases_reopen(reference: str, reason: str, agent: str = AgentOption) -> None:
    """Reopen a closed case for review one escalation level up."""
    level = run_with_core(lambda core: core.service.reopen(reference, Actor.agent(agent), reason))
    console.print(literal(f"{reference} reopened at escalation level {level}", "green"))


@app.command("investigate")
def cases_investigate(
    reference: str,
    findings: str | None = typer.Option(None, "--findings"),
    root_cause: str | None = typer.Option(None, "--root-cause", help="A key of the policy's investigation.root_causes."),
    corrective_action: str | None = typer.Option(None, "--corrective-action"),
    redress: str | None = typer.Option(None, "--redress", help="A key of the policy's investigation.redress_kinds."),
    redress_amount: str | None = typer.Option(None, "--redress-amount", help="With --currency."),
    currency: str | None = typer.Option(None, "--currency", help="ISO 4217 code of --redress-amount."),
    agent: str = AgentOption,
) -> None:
    """Record the investigation: findings, root cause, corrective action, redress given.
    Options left out keep what was recorded before."""
    given = InvestigationInput(findings=findings, root_cause=root_cause, corrective_action=corrective_action,
                               redress_kind=redress, redress_amount=_amount(redress_amount, "--redress-amount"),  # type: ignore[arg-type]  # a Decimal or None
                               redress_currency=currency.upper() if currency else None)

    async def work(core: Core) -> None:
        await core.service.record_investigation(reference, Actor.agent(agent), given)

    run_with_core(work)
    console.print(literal(f"investigation of {reference} recorded", "green"))

