"""The report rendered in each format from a history with known figures (tests/support/report_cases.py),
on SQLite and PostgreSQL; the figures are checked against the database, and the Russian report's labels."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timezone
from typing import Any

import pytest
from sqlalchemy import func, select

from channels.reporting import Format, render
from channels.reporting.document import Document, build_document
from channels.reporting.labels import Labels
from core.runtime import Core
from core.storage import tables
from tests.support.report_cases import SINCE, UNTIL

NOW = datetime(2026, 11, 24, 10, tzinfo=timezone.utc)


async def _document(core: Core, lang: str) -> tuple[Document, Labels]:
    labels = Labels(core.policy, lang)
    return build_document(await core.queries.report(SINCE, UNTIL), labels, NOW), labels


async def _count(core: Core, *where: Any) -> int:
    c = tables.cases.c
    async with core.engine.connect() as connection:
        return int((await connection.execute(select(func.count()).where(
            c.received_at >= SINCE, c.received_at < UNTIL, *where))).scalar_one())


def _rows(data: dict[str, Any], table: str) -> dict[str, dict[str, Any]]:
    found = next(t for s in data["sections"] for t in s["tables"] if t["key"] == table)
    return {row["key"]: row for row in found["rows"]}


async def test_json_gives_the_database_figures(history: Core) -> None:
    document, labels = await _document(history, "en")
    data = json.loads(render(document, labels, Format.JSON))
    c = tables.cases.c
    channel = _rows(data, "channel")
    assert channel["web"]["current"] == await _count(history, func.coalesce(c.received_via, c.channel) == "web") == 2
    assert (channel["web"]["previous"], channel["web"]["change"]) == (1, 1.0)
    assert _rows(data, "headline")["received"]["current"] == await _count(history) == 4
    assert _rows(data, "status")["withdrawn"]["current"] == await _count(history, c.status == "withdrawn") == 1
    timings = _rows(data, "timings")
    assert (timings["resolution:all"]["median"], timings["resolution:all"]["p90"]) == (28.0, 40.0)
    assert (timings["first_response:high"]["target"], timings["first_response:high"]["on_time"]) == (8.0, 0.5)
    assert _rows(data, "backlog_age")["40-80"]["count"] == 1
    assert _rows(data, "outcomes")["reopened"]["count"] == 1  # the reopening of a case after the period is not counted
    assert _rows(data, "ratings")["5"]["count"] == 1 and _rows(data, "satisfaction_agent")["U2"]["average"] == 2.0
    assert _rows(data, "root_causes")["process"] == {"key": "process", "name": "Process failure", "count": 2, "corrective": 1}
    assert _rows(data, "redress_totals")["GBP"]["total"] == "20.50"
    assert list(_rows(data, "iso")) == ["8.2", "8.3", "8.4", "8.5", "8.6"]


async def test_csv_gives_the_same_figures_as_json(history: Core) -> None:
    document, labels = await _document(history, "en")
    data = json.loads(render(document, labels, Format.JSON))
    figures = list(csv.DictReader(io.StringIO(render(document, labels, Format.CSV))))
    assert figures
    for figure in figures:
        value = _rows(data, figure["table"])[figure["row"]][figure["column"]]
        assert figure["value"] == ("" if value is None else str(value))


async def test_html_is_one_self_contained_page_with_charts_for_phones_and_print(history: Core) -> None:
    document, labels = await _document(history, "en")
    page = render(document, labels, Format.HTML)
    assert page.startswith("<!DOCTYPE html>") and '<meta name="viewport" content="width=device-width' in page
    assert "@media print" in page and page.count("<svg") >= 5
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page) and "<script" not in page
    row = re.search(r'<table data-table="channel">.*?<tr data-key="web">(.*?)</tr>', page, re.S)
    assert row and re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1)) == ["Web", "2", "1", "+100%"]
    timing = re.search(r'<tr data-key="resolution:all">(.*?)</tr>', page, re.S)
    assert timing and "28 h" in timing.group(1) and "40 h" in timing.group(1)
    assert "8.6 Management review of the complaints-handling process" in page


async def test_markdown_keeps_the_analysis_for_slack_and_email(history: Core) -> None:
    document, labels = await _document(history, "en")
    text = render(document, labels, Format.MD)
    assert "| Web | 2 | 1 | +100% |" in text
    assert "| CMP-00000004 | 2 | Billing and payments | U2 | Slow and late |" in text
    assert "| Process failure | 2 | 1 |" in text and "| GBP | £20.50 |" in text
    assert "## Latest survey comments" in text and "### Time from receipt, in business hours" in text


async def test_the_russian_report_reads_in_russian(history: Core) -> None:
    document, labels = await _document(history, "ru")
    page = render(document, labels, Format.HTML)
    assert '<html lang="ru">' in page and "Анализ работы с жалобами" in page
    for label in ("По каналу", "Этот период", "Предыдущий период", "Первый ответ", "Медиана", "Просроченные жалобы",
                  "Удовлетворённость по сотрудникам", "8.4 Мониторинг процесса работы с жалобами", "Сайт", "Отозвана",
                  "Счета и платежи"):
        assert label in page, label
    row = re.search(r'<tr data-key="resolution:all">(.*?)</tr>', page, re.S)
    assert row and "28 ч" in row.group(1) and "Решение" in row.group(1)
    assert "Период: с 9 ноября 2026 по 22 ноября 2026 (предыдущий период: с 26 октября 2026 по 8 ноября 2026)" in page
    assert re.search(r'<tr data-key="satisfaction">.*?<td class="n">3,5</td>', page)


def test_every_report_label_is_in_both_languages() -> None:
    from config.catalog import default_catalog

    catalog = default_catalog()
    english = {k for k in catalog.keys("en") if k.startswith("report.")}
    assert english and english == {k for k in catalog.keys("ru") if k.startswith("report.")}
