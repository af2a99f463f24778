"""``complaintdesk report``: the management-review report (ISO 10002 8.2-8.6) for a period, beside
the period before it: HTML (self-contained, charts), Markdown (Slack, email), CSV and JSON (the
same figures for spreadsheets and programs), in English or Russian."""

from __future__ import annotations

import sys
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

import typer

from channels.cli.common import errors, run_with_core
from channels.reporting import Format, render
from channels.reporting.document import build_document
from channels.reporting.labels import Labels
from channels.reporting.language_tools import language_tools
from channels.reporting.period import period_of
from config.policy import Policy
from core.report_figures import ReportFigures
from core.runtime import Core


class Language(StrEnum):
    EN = "en"
    RU = "ru"


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.print(f"{option} {text!r} is not a date: write YYYY-MM-DD", markup=False, highlight=False)
        raise typer.Exit(2) from None


def report(
        since_text: str | None = typer.Option(None, "--from", metavar="DATE", help="First day of the period (YYYY-MM-DD)."),
        until_text: str | None = typer.Option(None, "--to", metavar="DATE", help="Last day of the period, included (YYYY-MM-DD; today by default)."),
        days: int = typer.Option(30, "--days", min=1, help="Without --from: the period is the last N days up to --to."),
        form: Format = typer.Option(Format.MD, "--format", help="html, md (Markdown), csv or json."),
        lang: Language | None = typer.Option(None, "--lang", help="en or ru (the policy's default language otherwise)."),
        output: Path | None = typer.Option(None, "--output", help="Write the report to this file instead of the screen.")) -> None:
    """Management-review report: volumes beside the previous period, time targets in business hours,
    backlog, escalations and referrals, satisfaction, root causes, ISO 10002 8.2-8.6."""
    first, last = _day(since_text, "--from"), _day(until_text, "--to")
    if first and last and last < first:
        errors.print("--to is before --from", markup=False, highlight=False)
        raise typer.Exit(2)

    async def work(core: Core) -> tuple[ReportFigures, Policy, datetime]:
        policy, now = core.policy, core.clock.now()
        since, until = period_of(policy.business_hours.zone, now, days, first, last)
        tools = language_tools(policy)
        return (await core.queries.report(since, until, grouper=tools.grouper, anonymiser=tools.anonymiser),
                policy, now)

    figures, policy, now = run_with_core(work)
    labels = Labels(policy, (lang.value if lang else policy.languages.default))
    text = render(build_document(figures, labels, now), labels, form)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
