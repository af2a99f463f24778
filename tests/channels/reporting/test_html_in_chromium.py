"""The HTML report as a browser shows it: headless Chromium (Debian's package) loads the page
rendered from the history with known figures (on SQLite), its DOM holds the figures and charts, and its
screenshot is a page, not a blank. Skipped loudly where /usr/bin/chromium is missing, failed
under CI (``make install-test`` installs it)."""

from __future__ import annotations

import re
import struct
from datetime import datetime, timezone
from pathlib import Path

import pytest

from channels.reporting import Format, render
from channels.reporting.document import build_document
from channels.reporting.labels import Labels
from core.runtime import Core
from tests.support.chromium import dump_dom, require_chromium, screenshot, trimmed
from tests.support.report_cases import SINCE, UNTIL, insert_known_history

NOW = datetime(2026, 11, 24, 10, tzinfo=timezone.utc)
pytestmark = pytest.mark.timeout(300)


@pytest.fixture
async def page(sqlite_core: Core, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    require_chromium()
    core = sqlite_core  # the figures are the same on both databases (test_formats.py): the browser is what is tested
    await insert_known_history(core.engine)
    lang = getattr(request, "param", "en")
    labels = Labels(core.policy, lang)
    path = tmp_path / f"report-{lang}.html"
    path.write_text(render(build_document(await core.queries.report(SINCE, UNTIL), labels, NOW), labels, Format.HTML),
                    encoding="utf-8")
    return path


def _cells(dom: str, table: str, key: str) -> list[str]:
    row = re.search(rf'<table data-table="{table}">.*?<tr data-key="{re.escape(key)}">(.*?)</tr>', dom, re.S)
    assert row, f"no row {key} in the {table} table of the loaded page"
    return re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1))


@pytest.mark.parametrize("page", ["en", "ru"], indirect=True)
async def test_the_browser_loads_the_report_with_its_figures_and_charts(page: Path) -> None:
    dom = dump_dom(page)
    assert dom.count("<svg") >= 5 and "</html>" in dom
    lang = page.stem.split("-")[1]
    received = "Complaints received" if lang == "en" else "Поступило жалоб"
    assert _cells(dom, "headline", "received") == [received, "4", "2", "+100%"]  # tests/support/report_cases.py
    hours = "28 h" if lang == "en" else "28 ч"
    assert _cells(dom, "timings", "resolution:all")[3] == hours


@pytest.mark.parametrize("page", ["en"], indirect=True)
async def test_the_report_photographs_as_a_whole_page(page: Path, tmp_path: Path) -> None:
    raw, small = tmp_path / "raw.png", tmp_path / "page.png"
    screenshot(page, raw, 1024, 9000)
    width, height = trimmed(raw, small)
    data = small.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and struct.unpack(">II", data[16:24]) == (width, height)
    assert width == 1024 and 3000 < height < 9000, "the page is long, and ends before the window does"
    assert 20_000 < len(data) < 500_000
