"""Cases for scripts: ``cases list --json`` / ``--csv`` and ``cases show --json``.

JSON keeps every value exactly; the few characters a terminal would obey that JSON leaves raw
(DEL and the C1 controls) are written as ``\\u`` escapes, so printing the output is harmless and
a JSON reader still gets the text as it was written. CSV cannot escape: control characters are
shown as on the terminal (``channels.console.terminal``), and a cell a spreadsheet would take
for a formula starts with an apostrophe.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date, datetime

from channels.console.terminal import neutralised
from core.results import CaseDetails, TimelineEntry

FIELDS = tuple(field.name for field in dataclasses.fields(CaseDetails))
_RAW_IN_JSON = str.maketrans({code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


def case_record(details: CaseDetails) -> dict[str, object]:
    return {name: _plain(getattr(details, name)) for name in FIELDS}


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str).translate(_RAW_IN_JSON)


def cases_json(rows: list[CaseDetails]) -> str:
    return _dumps([case_record(row) for row in rows])


def case_json(details: CaseDetails, timeline: list[TimelineEntry]) -> str:
    return _dumps({"case": case_record(details), "timeline": [
        {"at": _plain(entry.at), "kind": entry.kind, "actor": entry.actor, "text": entry.text,
         "from_status": entry.from_status, "to_status": entry.to_status, "data": _plain(entry.data)}
        for entry in timeline]})


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ";".join(str(item) for item in value)
    text = neutralised(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def cases_csv(rows: list[CaseDetails]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for row in rows:
        record = case_record(row)
        writer.writerow([_cell(record[name]) for name in FIELDS])
    return out.getvalue()
