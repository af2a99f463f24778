"""``complaintdesk outbox``: the notifications waiting, sent or given up, and a dead one sent again."""

from __future__ import annotations

import typer
from rich.table import Table

from channels.cli.common import console, run_with_core, when
from channels.console.terminal import literal

app = typer.Typer(help="Look into the outbox of notifications.", no_args_is_help=True)


@app.command("list")
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
                      when(row.next_attempt_at), literal((row.last_error or "")[:80]))
    console.print(table)


@app.command("retry")
def outbox_retry(notification_id: int) -> None:
    """Send a dead notification again."""
    run_with_core(lambda core: core.service.retry_notification(notification_id))
    console.print(f"[green]notification {notification_id} queued again[/]")
