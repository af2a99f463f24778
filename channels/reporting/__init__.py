"""The management-review report as people and programs read it, shared by every channel that
shows it (the ``complaintdesk report`` command, Slack's ``/complaints stats``): one document built
from :class:`core.report_figures.ReportFigures` (:mod:`.document`), its words (:mod:`.labels`),
and its renderings: HTML with charts, Markdown, CSV, JSON, and a PNG chart for chat."""

from __future__ import annotations

from enum import StrEnum

from channels.reporting.document import Document
from channels.reporting.labels import Labels


class Format(StrEnum):
    HTML = "html"
    MD = "md"
    CSV = "csv"
    JSON = "json"


def render(document: Document, labels: Labels, form: Format) -> str:
    """The document in ``form`` (the chart library is loaded only for HTML)."""
    if form is Format.HTML:
        from channels.reporting.html import render_html
        return render_html(document, labels)
    if form is Format.CSV:
        from channels.reporting.tabular import render_csv
        return render_csv(document)
    if form is Format.JSON:
        from channels.reporting.tabular import render_json
        return render_json(document)
    from channels.reporting.markdown import render_markdown
    return render_markdown(document, labels)
