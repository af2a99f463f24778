"""The report in Markdown, for Slack and email: tables with the same figures as the other formats."""

from __future__ import annotations

from channels.reporting.cells import cell_text
from channels.reporting.document import Document, Table
from channels.reporting.labels import Labels


def render_markdown(document: Document, labels: Labels) -> str:
    lines = [f"# {document.title}", "", document.period, "", document.generated]
    for section in document.sections:
        lines += ["", f"## {section.title}"]
        for table in section.tables:
            lines += ["", f"### {table.title}", ""]
            if table.note:
                lines += [f"_{table.note}_", ""]
            lines += _table(table, labels) if table.rows else [f"_{labels('none')}_"]
    return "\n".join(lines) + "\n"


def _table(table: Table, labels: Labels) -> list[str]:
    def escape(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| " + " | ".join(escape(c.title) for c in table.columns) + " |",
             "|" + "|".join("---" if c.kind == "text" else "---:" for c in table.columns) + "|"]
    for index, row in enumerate(table.rows):
        key = table.keys[index] if index < len(table.keys) else ""
        cells = [cell_text(labels, table.kind(index, column), value, currency=key) for column, value in zip(table.columns, row)]
        lines.append("| " + " | ".join(escape(cell) for cell in cells) + " |")
    return lines
