"""The report for spreadsheets and programs: CSV (one row per figure) and JSON (the tables), with
raw values (hours as numbers, shares as fractions) and the same figures as the HTML report."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from channels.reporting.document import Cell, Document


def _raw(value: Cell) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return round(value, 4)
    return value


def render_csv(document: Document) -> str:
    """Columns: section, table, row (its key), label (its name), column (its key), value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "table", "row", "label", "column", "value"])
    for section in document.sections:
        for table in section.tables:
            for index, row in enumerate(table.rows):
                key = table.keys[index] if index < len(table.keys) else str(index + 1)
                for column, value in zip(table.columns[1:], row[1:]):
                    writer.writerow([section.key, table.key, key, row[0], column.key, "" if value is None else _raw(value)])
    return out.getvalue()


def render_json(document: Document) -> str:
    data = {
        "title": document.title, "period": document.period, "lang": document.lang,
        "since": document.since.isoformat() if document.since else None,
        "until": document.until.isoformat() if document.until else None,
        "sections": [{"key": s.key, "title": s.title, "tables": [{
            "key": t.key, "title": t.title, **({"note": t.note} if t.note else {}), "columns": [{"key": c.key, "title": c.title, "kind": c.kind} for c in t.columns],
            "rows": [dict(zip(["key", *(c.key for c in t.columns)],
                              [t.keys[i] if i < len(t.keys) else str(i + 1), *(_raw(v) for v in row)]))
                     for i, row in enumerate(t.rows)]} for t in s.tables]} for s in document.sections],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
