"""``complaintdesk timers run [--at ISO-TIME]``: one timers round on demand, for deployments that
drive the timers from cron and for trying the policy with another clock; prints what it did."""

from __future__ import annotations

from datetime import datetime

import typer

from channels.cli.common import console, errors, run_with_core, settings_or_exit, when
from channels.console.terminal import literal
from config.policy import load_policy
from core.ports import StoppedClock
from core.timer_round import (AUTO_CLOSED, CLOSED_UNANSWERED, DUE_SOON, ESCALATED, OVERDUE, TimerAction)

app = typer.Typer(help="The timers: time targets, silent cases, retention.", no_args_is_help=True)

TARGETS = {"first_response": "first response", "resolution": "resolution"}


@app.command("run")
def timers_run(at: str | None = typer.Option(
        None, "--at", help="Run the round as if it were this time (ISO 8601, e.g. 2026-12-01T10:00:00+00:00; "
                           "without an offset, in the policy's time zone).")) -> None:
    """Run one timers round now (or at --at) and print what it did."""
    clock = StoppedClock(_instant(at)) if at else None
    done = run_with_core(lambda core: core.timers_round(), clock=clock)
    if not done.ran:
        console.print("another process is running the timers now: nothing done")
        return
    console.print(f"timers round at {when(done.at)} UTC")
    for action in done.actions:
        console.print(literal(describe(action)))
    if done.retention_erased or done.inbound_payloads_cleared:
        console.print(f"retention: {done.retention_erased} case(s) erased, "
                      f"{done.inbound_payloads_cleared} inbound payload(s) cleared")
    if not done.actions and not done.retention_erased and not done.inbound_payloads_cleared:
        console.print("nothing to do")


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        errors.print(literal(f"--at {text!r} is not an ISO 8601 time; write e.g. 2026-12-01T10:00:00+00:00", "red"))
        raise typer.Exit(2) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=load_policy(settings_or_exit().policy_file).business_hours.zone)
    return value


def describe(action: TimerAction) -> str:
    """One line of what the round did to a case."""
    target = TARGETS.get(action.target, action.target)
    due = f"{when(action.due)} UTC" if action.due else "-"
    if action.kind == ESCALATED:
        return f"{action.reference}: {target} target missed, escalated to level {action.level}; resolution now due {due}"
    if action.kind == OVERDUE:
        return f"{action.reference}: {target} target missed (due {due}); agents alerted"
    if action.kind == DUE_SOON:
        return f"{action.reference}: {target} due {due}; warning sent"
    if action.kind == AUTO_CLOSED:
        return f"{action.reference}: closed, the proposed decision was not answered within the policy's window"
    if action.kind == CLOSED_UNANSWERED:
        return f"{action.reference}: closed, the question to the complainant was not answered within the policy's window"
    return f"{action.reference}: {action.kind}"

