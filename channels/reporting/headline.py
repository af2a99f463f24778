"""The report's headline as short lines for chat (Slack's ``/complaints stats``): the same figures
as the HTML report's headline table, with the time targets in business hours and escalations,
each a label, a value and a detail, formatted for the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from channels.reporting.cells import cell_text
from channels.reporting.document import Cell, Document, Table
from channels.reporting.labels import Labels

ESCALATIONS = ("escalated", "escalated_by_time")


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    label: str
    value: str
    detail: str = ""  # the previous period, the percentile and targets ... ("" when there is none)


def headline_figures(document: Document, labels: Labels) -> list[Figure]:
    """Received (beside the previous period), open, overdue, first response and resolution
    (median business hours, 90th percentile, targets by priority, share on time), satisfaction and
    escalations."""
    figures: list[Figure] = []
    headline = document.table("headline")
    rows = _rows(headline)
    if headline is not None and "received" in rows:
        index, row = rows["received"]
        detail = ""
        if len(row) >= 4:
            detail = labels("chat.previous", value=_text(labels, headline, index, 2, row),
                            change=_text(labels, headline, index, 3, row))
        figures.append(Figure("received", str(row[0]), _text(labels, headline, index, 1, row), detail))
        for key in ("open", "overdue"):
            index, row = rows[key]
            figures.append(Figure(key, str(row[0]), _text(labels, headline, index, 1, row)))
    timings = document.table("timings")
    for measure, on_time_key in (("first_response", "first_response_on_time"), ("resolution", "resolved_on_time")):
        on_time = ""
        if headline is not None and on_time_key in rows:
            index, row = rows[on_time_key]
            on_time = _text(labels, headline, index, 1, row)
        figures.append(_timing(labels, timings, measure, on_time))
    if headline is not None and "satisfaction" in rows:
        index, row = rows["satisfaction"]
        count_index, count_row = rows["satisfaction_count"]
        figures.append(Figure("satisfaction", str(row[0]), _text(labels, headline, index, 1, row),
                              labels("chat.answers", count=_text(labels, headline, count_index, 1, count_row))))
    outcomes = _rows(document.table("outcomes"))
    escalated = sum(int(outcomes[key][1][1] or 0) for key in ESCALATIONS if key in outcomes)
    by_time = int(outcomes["escalated_by_time"][1][1] or 0) if "escalated_by_time" in outcomes else 0
    figures.append(Figure("escalations", labels("chat.escalations"), labels.number(escalated, 0),
                          labels("chat.escalated_by_time", count=labels.number(by_time, 0))))
    return figures


def _timing(labels: Labels, timings: Table | None, measure: str, on_time: str) -> Figure:
    """A measure's median for all priorities, its 90th percentile, the targets of the priorities
    that had cases, and the share on time."""
    rows = _rows(timings)
    label = labels(f"chat.{measure}")
    found = rows.get(f"{measure}:all")
    if timings is None or found is None or not found[1][2]:
        return Figure(measure, label, labels("none"), labels("chat.on_time", share=on_time) if on_time else "")
    index, row = found
    targets = [f"{row_of[1]} {_text(labels, timings, i, 5, row_of)}" for key, (i, row_of) in rows.items()
               if key.startswith(f"{measure}:") and key != f"{measure}:all" and row_of[5] is not None]
    parts = [labels("chat.p90", value=_text(labels, timings, index, 4, row))]
    if targets:
        parts.append(labels("chat.targets", targets=", ".join(targets)))
    if on_time:
        parts.append(labels("chat.on_time", share=on_time))
    return Figure(measure, label, labels("chat.median", value=_text(labels, timings, index, 3, row)), "; ".join(parts))


def _rows(table: Table | None) -> dict[str, tuple[int, list[Cell]]]:
    if table is None:
        return {}
    return {key: (index, table.rows[index]) for index, key in enumerate(table.keys) if index < len(table.rows)}


def _text(labels: Labels, table: Table, row: int, column: int, cells: list[Cell]) -> str:
    return cell_text(labels, table.kind(row, table.columns[column]), cells[column])
