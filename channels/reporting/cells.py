"""How a cell of the report reads in a document for people (Markdown, HTML)."""

from __future__ import annotations

from decimal import Decimal

from channels.reporting.document import Cell, Kind
from channels.reporting.labels import Labels


def cell_text(labels: Labels, kind: Kind, value: Cell, currency: str = "") -> str:
    if value is None:
        return "–"
    if kind == "hours":
        return labels("hours", value=labels.number(float(value)))
    if kind == "share":
        return labels.share(float(value))
    if kind == "change":
        sign = "+" if float(value) > 0 else ""
        return sign + labels.share(float(value))
    if kind == "rating":
        return labels.number(float(value), 2)
    if kind == "money" and isinstance(value, Decimal):
        return labels.money(value, currency)
    if isinstance(value, int):
        return labels.number(value, 0)
    return str(value)
