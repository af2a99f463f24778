"""The report's charts, drawn with matplotlib's Agg backend on a figure of their own (no pyplot
state, so a chart may be drawn in a worker thread; no display, no font downloaded): inline SVG
for the HTML report (the text stays text, in the page's own font) and PNG for chat, where an
image is what a client shows."""

from __future__ import annotations

import io
import textwrap
import threading
from functools import lru_cache
from typing import Any

from channels.reporting.document import Table

MOST_BARS = 12  # a long breakdown shows its largest rows; the table below it has them all
COLOURS = ("#2f6db5", "#a9c4e4", "#d08a2c", "#5a9e6f")
PNG_DPI = 144  # sharp on a phone's screen, a few tens of kilobytes
SUBTITLE_WIDTH = 80  # characters on a line of the period under a chart's title
_drawing = threading.Lock()


@lru_cache(maxsize=1)
def _matplotlib() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update({
        "svg.fonttype": "none", "svg.hashsalt": "complaintdesk", "font.size": 9,
        "axes.spines.top": False, "axes.spines.right": False,
    })
    return matplotlib


def _drawn(table: Table, title: str = "", subtitle: str = "") -> Any:
    """The table drawn as its ``chart`` says, as a matplotlib ``Figure`` (None when there is nothing to draw)."""
    numeric = [i for i, c in enumerate(table.columns) if c.kind in ("count", "share", "rating") and i > 0]
    if not table.chart or not table.rows or not numeric:
        return None
    _matplotlib()
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator
    rows = table.rows[:MOST_BARS] if table.chart == "bars" else table.rows
    names = [str(row[0]) for row in rows]
    subtitle = textwrap.fill(subtitle, SUBTITLE_WIDTH)
    titled = (0.3 if title else 0.0) + 0.15 * (subtitle.count("\n") + 1) * bool(subtitle)
    if table.chart == "line":
        figure = Figure(figsize=(6.4, 2.4 + titled), layout="constrained")
        axes = figure.subplots()
        column = numeric[0]
        axes.plot(names, [float(row[column] or 0) for row in rows], marker="o", color=COLOURS[0])
        axes.set_ylim(bottom=0)
        if table.columns[column].kind == "count":
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.tick_params(axis="x", labelrotation=45 if len(rows) > 6 else 0)
    else:
        series = [i for i in numeric if table.columns[i].kind == table.columns[numeric[0]].kind]
        figure = Figure(figsize=(6.4, 0.35 * len(rows) * max(1, len(series) * 0.6) + 0.9 + 0.3 * (len(series) > 1) + titled),
                        layout="constrained")
        axes = figure.subplots()
        height = 0.8 / len(series)
        for order, column in enumerate(series):
            positions = [index + order * height - 0.4 + height / 2 for index in range(len(rows))]
            axes.barh(positions, [float(row[column] or 0) for row in rows], height=height,
                      color=COLOURS[order % len(COLOURS)], label=table.columns[column].title)
        axes.set_yticks(range(len(rows)), names)
        axes.invert_yaxis()
        if table.columns[series[0]].kind == "share":
            axes.set_xlim(0, 1)
            axes.xaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
        else:
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        if len(series) > 1:
            figure.legend(loc="outside lower center", ncols=len(series), frameon=False)
    if title:
        figure.suptitle(title, fontsize=10, fontweight="bold")
    if subtitle:
        axes.set_title(subtitle, fontsize=7.5, color="#555555", loc="left")
    return figure


def chart_svg(table: Table) -> str:
    """The table drawn as its ``chart`` says, as an ``<svg>`` element ("" when there is nothing to draw)."""
    figure = _drawn(table)
    if figure is None:
        return ""
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    start = text.index("<svg")
    return text[start:].replace("<svg ", f'<svg role="img" aria-label="{_attribute(table.title)}" ', 1)


def chart_png(table: Table, title: str, subtitle: str = "") -> bytes | None:
    """The table drawn as its ``chart`` says, under ``title`` and ``subtitle`` (the period), as a
    PNG image (None when there is nothing to draw). Draws on a figure of its own, one drawing at a
    time (matplotlib's font cache is shared): fit for a worker thread."""
    with _drawing:
        figure = _drawn(table, title, subtitle)
        if figure is None:
            return None
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=PNG_DPI, metadata={"Software": None}, facecolor="white")
    return out.getvalue()


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
