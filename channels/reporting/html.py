"""The report as one self-contained HTML file: inline CSS and SVG charts, no script, nothing
fetched; fluid on a phone (viewport, tables that scroll sideways) and printable (print CSS)."""

from __future__ import annotations

from html import escape

from channels.reporting.cells import cell_text
from channels.reporting.charts import chart_svg
from channels.reporting.document import Document, Table
from channels.reporting.labels import Labels

STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 0 auto;
       padding: 1rem; max-width: 60rem; color: #1d2430; line-height: 1.45; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; } h2 { font-size: 1.2rem; border-bottom: 2px solid #2f6db5;
       padding-bottom: .2rem; margin-top: 2rem; } h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.meta { color: #555; margin: .1rem 0; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid #dde3ea; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
figure { margin: .5rem 0; } figure svg { width: 100%; height: auto; max-width: 40rem; display: block; }
.none { color: #777; font-style: italic; }
@media (max-width: 40rem) { body { padding: .5rem; } table { font-size: .8rem; } }
@media print { body { max-width: none; padding: 0; font-size: 10pt; } h2 { break-after: avoid; }
  section, figure, table { break-inside: avoid; } .scroll { overflow: visible; } a { color: inherit; } }
@page { margin: 15mm; }
"""


def render_html(document: Document, labels: Labels) -> str:
    parts = [
        "<!DOCTYPE html>", f'<html lang="{document.lang}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(document.title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
        f"<h1>{escape(document.title)}</h1>", f'<p class="meta">{escape(document.period)}</p>',
        f'<p class="meta">{escape(document.generated)}</p>',
    ]
    for section in document.sections:
        parts.append(f'<section id="{section.key}"><h2>{escape(section.title)}</h2>')
        for table in section.tables:
            parts.append(f'<h3 id="{section.key}-{table.key}">{escape(table.title)}</h3>')
            if table.note:
                parts.append(f'<p class="meta">{escape(table.note)}</p>')
            if not table.rows:
                parts.append(f'<p class="none">{escape(labels("none"))}</p>')
                continue
            svg = chart_svg(table)
            if svg:
                parts.append(f"<figure>{svg}</figure>")
            parts.append(_table(table, labels))
        parts.append("</section>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _table(table: Table, labels: Labels) -> str:
    def numeric(kind: str) -> str:
        return "" if kind == "text" else ' class="n"'

    head = "".join(f'<th{numeric(c.kind)} scope="col">{escape(c.title)}</th>' for c in table.columns)
    body = []
    for index, row in enumerate(table.rows):
        key = table.keys[index] if index < len(table.keys) else ""
        cells = "".join(f'<td{numeric(c.kind)}>{escape(cell_text(labels, table.kind(index, c), v, currency=key))}</td>'
                        for c, v in zip(table.columns, row))
        body.append(f'<tr data-key="{escape(key)}">{cells}</tr>')
    return f'<div class="scroll"><table data-table="{table.key}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
