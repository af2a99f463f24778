"""The HTML report's charts: drawn with matplotlib's Agg backend (no display, no font downloaded:
the text stays text in the SVG, in the page's own font) and embedded as inline SVG."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from channels.reporting.document import Table

MOST_BARS = 12  # a long breakdown shows its largest rows; the table below it has them all
COLOURS = ("#2f6db5", "#a9c4e4", "#d08a2c", "#5a9e6f")


@lru_cache(maxsize=1)
def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update({
        "svg.fonttype": "none", "svg.hashsalt": "complaintdesk", "font.size": 9,
        "axes.spines.top": False, "axes.spines.right": False,
    })
    import matplotlib.pyplot as pyplot

    return pyplot


def chart_svg(table: Table) -> str:
    """The table drawn as its ``chart`` says, as an ``<svg>`` element ("" when there is nothing to draw)."""
    numeric = [i for i, c in enumerate(table.columns) if c.kind in ("count", "share", "rating") and i > 0]
    if not table.chart or not table.rows or not numeric:
        return ""
    pyplot = _pyplot()
    from matplotlib.ticker import MaxNLocator
    rows = table.rows[:MOST_BARS] if table.chart == "bars" else table.rows
    names = [str(row[0]) for row in rows]
    if table.chart == "line":
        figure, axes = pyplot.subplots(figsize=(6.4, 2.4), layout="constrained")
        column = numeric[0]
        axes.plot(names, [float(row[column] or 0) for row in rows], marker="o", color=COLOURS[0])
        axes.set_ylim(bottom=0)
        if table.columns[column].kind == "count":
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.tick_params(axis="x", labelrotation=45 if len(rows) > 6 else 0)
    else:
        series = [i for i in numeric if table.columns[i].kind == table.columns[numeric[0]].kind]
        figure, axes = pyplot.subplots(figsize=(6.4, 0.35 * len(rows) * max(1, len(series) * 0.6) + 0.9 + 0.3 * (len(series) > 1)),
                                       layout="constrained")
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
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    pyplot.close(figure)
    text = out.getvalue()
    start = text.index("<svg")
    return text[start:].replace("<svg ", f'<svg role="img" aria-label="{_attribute(table.title)}" ', 1)


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
