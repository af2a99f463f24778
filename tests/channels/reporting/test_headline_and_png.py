"""The headline for chat and the PNG chart, from the history with known figures
(tests/support/report_cases.py), on SQLite and PostgreSQL: the figures are the database's."""

from __future__ import annotations

import struct
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from channels.reporting.charts import chart_png
from channels.reporting.document import Document, build_document
from channels.reporting.headline import headline_figures
from channels.reporting.labels import Labels
from core.runtime import Core
from core.storage import tables
from tests.support.report_cases import SINCE, UNTIL

NOW = datetime(2026, 11, 24, 10, tzinfo=timezone.utc)


async def _document(core: Core, lang: str) -> tuple[Document, Labels]:
    labels = Labels(core.policy, lang)
    return build_document(await core.queries.report(SINCE, UNTIL), labels, NOW), labels


async def test_the_chat_headline_has_the_report_figures_and_the_targets(history: Core) -> None:
    document, labels = await _document(history, "en")
    figures = {f.key: f for f in headline_figures(document, labels)}
    assert list(figures) == ["received", "open", "overdue", "first_response", "resolution", "satisfaction", "escalations"]
    c = tables.cases.c
    async with history.engine.connect() as connection:
        received = (await connection.execute(select(func.count()).where(
            c.received_at >= SINCE, c.received_at < UNTIL))).scalar_one()
    assert figures["received"].value == str(received) == "4"
    assert figures["received"].detail == "previous period: 2 (+100%)"
    assert figures["resolution"].value == "median 28 h" and "90th percentile 40 h" in figures["resolution"].detail
    assert figures["first_response"].value == "median 24 h"
    assert figures["first_response"].detail == "90th percentile 24 h; targets: High 8 h, Medium 16 h; on time: 33%"  # 1 of 3
    assert (figures["satisfaction"].value, figures["satisfaction"].detail) == ("3.5", "survey answers: 2")
    assert (figures["escalations"].value, figures["escalations"].detail) == ("1", "for a missed time target: 1")


async def test_the_russian_headline_reads_in_russian(history: Core) -> None:
    document, labels = await _document(history, "ru")
    figures = {f.key: f for f in headline_figures(document, labels)}
    assert figures["received"].label == "Поступило жалоб" and figures["received"].detail == "предыдущий период: 2 (+100%)"
    assert figures["resolution"].value == "медиана 28 ч" and figures["satisfaction"].value == "3,5"


async def test_the_category_chart_is_a_png(history: Core) -> None:
    document, _ = await _document(history, "ru")
    table = document.table("category")
    assert table is not None
    png = chart_png(table, table.title, document.period)
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n") and 5_000 < len(png) < 500_000
    width, height = struct.unpack(">II", png[16:24])
    assert width > 600 and height > 150
