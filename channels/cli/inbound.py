"""``complaintdesk inbound``: what the channels received, and a delivery set aside processed again."""

from __future__ import annotations

import typer
from rich.table import Table

from channels.cli.common import console, run_with_core, when

app = typer.Typer(help="Look into what the channels received (emails, updates, events).", no_args_is_help=True)


@app.command("list")
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
        table.add_row(str(row.id), row.channel, when(row.received_at), row.status, str(row.attempts),
                      (row.outcome or "")[:200])
    console.print(table, markup=False)


@app.command("retry")
def inbound_retry(record_id: int) -> None:
    """Process a delivery that was set aside again (after fixing what stopped it)."""
    run_with_core(lambda core: core.service.retry_inbound(record_id))
    console.print(f"[green]inbound #{record_id} will be processed again by the running product[/]")
