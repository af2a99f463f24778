"""The ``complaintdesk`` command: run the product, migrate, check the configuration, verify the
audit trail, let an agent work cases from a terminal, and fill a database with demo history. Each
command group lives in a module of its own; this one assembles them (exit codes: see
``channels.cli.common``)."""

from __future__ import annotations

import asyncio

import typer

from channels.cli import case_records, cases, db, demo, inbound, nlu, outbox, report, timers
from channels.cli.common import settings_or_exit
from channels.console.chat import chat

_ = case_records  # its commands (new, reopen, investigate) join the ``cases`` group

app = typer.Typer(help="complaintdesk: complaint handling after ISO 10002:2018.", no_args_is_help=True,
                  pretty_exceptions_enable=False)


def serve() -> None:
    """Run the product: web app, outbox dispatcher, timers and every configured channel."""
    from channels.app.logs import configure_logging
    from channels.app.runner import serve_forever

    settings = settings_or_exit()
    configure_logging(settings.log_level)
    try:
        asyncio.run(serve_forever(settings))
    except KeyboardInterrupt:
        pass


app.add_typer(cases.app, name="cases")
app.add_typer(outbox.app, name="outbox")
app.add_typer(inbound.app, name="inbound")
app.add_typer(timers.app, name="timers")
app.add_typer(db.retention_app, name="retention")
app.add_typer(db.db_app, name="db")
app.add_typer(db.config_app, name="config")
app.add_typer(db.audit_app, name="audit")
app.command("report")(report.report)
app.command()(serve)
app.add_typer(nlu.app, name="nlu")
app.add_typer(demo.app, name="demo")
app.command("chat")(chat)


def main() -> None:
    app()


if __name__ == "__main__":  # python -m channels.cli.main, as the entry point does
    main()
