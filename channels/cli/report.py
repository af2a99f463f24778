"""``complaintdesk report``: the management-review figures (ISO 10002 8.4-8.6) for a period."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import typer

from channels.cli.common import console, run_with_core
from core.queries import ProcessFigures
from core.runtime import Core


def _bar(count: int, largest: int, width: int = 30) -> str:
    return "█" * max(1 if count else 0, round(width * count / largest)) if largest else ""


def render_markdown(figures: ProcessFigures, since: datetime, until: datetime, organisation: str) -> str:
    def hours(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f} h"

    lines = [
        f"# Complaints handling review — {organisation}",
        f"Period: {since:%Y-%m-%d} to {until:%Y-%m-%d}",
        "",
        "## Monitoring (ISO 10002 8.4)",
        f"- Complaints received: {figures.received}",
        f"- Still open: {figures.open_cases} (overdue: {figures.overdue})",
        f"- Median time to first response: {hours(figures.median_hours_to_first_response)}",
        f"- Median time to close: {hours(figures.median_hours_to_close)}",
        "- First responses on time: " + ("-" if figures.first_response_on_time is None
                                         else f"{figures.first_response_on_time:.0%}"),
        f"- Escalations: {figures.escalations} (missed time targets: {figures.escalated_by_time})",
        f"- Decisions rejected by the complainant: {figures.decisions_rejected}",
        "- Satisfaction: " + ("no ratings" if figures.satisfaction_average is None
                              else f"{figures.satisfaction_average:.2f} / 5 from {figures.satisfaction_count} rating(s)"),
    ]
    lines += [
        "",
        "## External dispute resolution (ISO 10003)",
        f"- Offered the external body after a rejection at the last level: {figures.external_offered}",
        f"- Referred to the external body: {figures.external_referred}",
        "- Outcomes recorded: " + (", ".join(f"{name} {count}" for name, count in sorted(figures.external_outcomes.items()))
                                   or "none"),
    ]
    for title, counts in (("By category (ISO 10002 8.2)", figures.by_category), ("By status", figures.by_status),
                          ("By channel", figures.by_channel)):
        lines += ["", f"## {title}", "```"]
        largest = max(counts.values(), default=0)
        lines += [f"{name:<22} {count:>6} {_bar(count, largest)}" for name, count in sorted(counts.items(), key=lambda kv: -kv[1])]
        lines.append("```")
    lines += _analysis(figures)
    return "\n".join(lines) + "\n"


def _analysis(figures: ProcessFigures) -> list[str]:
    """What the investigation records and the survey comments say (ISO 10002 8.4, 8.5)."""
    lines = ["", "## Root causes (investigation records)"]
    lines += [f"- {cause}: {count}" for cause, count in sorted(figures.by_root_cause.items(), key=lambda kv: -kv[1])] or ["- none recorded"]
    lines += ["", "## Redress given"]
    lines += [f"- {kind}: {count}" for kind, count in sorted(figures.by_redress_kind.items(), key=lambda kv: -kv[1])] or ["- none recorded"]
    lines += [f"- total {currency}: {total}" for currency, total in sorted(figures.redress_totals.items())]
    lines += ["", "## Survey comments (ISO 10002 8.3)"]
    lines += [f"- {c.reference} ({c.rating}/5): {' '.join(c.comment.split())}" for c in figures.survey_comments] or ["- none"]
    return lines


def report(days: int = typer.Option(30, "--days", min=1, help="The period: the last N days."),
           output: Path | None = typer.Option(None, "--output", help="Also write the report to this Markdown file.")) -> None:
    """Management-review report: volumes, categories, time targets, satisfaction."""
    until = datetime.now(timezone.utc)
    since = until - timedelta(days=days)

    async def work(core: Core) -> tuple[ProcessFigures, str]:
        return await core.queries.figures(since, until), core.policy.organisation.name

    figures, organisation = run_with_core(work)
    text = render_markdown(figures, since, until, organisation)
    console.print(text, markup=False, highlight=False)
    if output:
        output.write_text(text, encoding="utf-8")
