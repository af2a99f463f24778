"""The pictures of the HTML report in docs/ (docs/report-en.png, docs/report-ru.png and the top of
the English one at a phone's width, docs/report-en-phone.png): a year of made-up history (the
report benchmark's, a few hundred cases) in a scratch SQLite database, the last 90 days' report
rendered as ``complaintdesk report --format html`` renders it, photographed whole by headless
Chromium and stored as small palette PNGs.

    python -m bench.report_screenshots [--cases 600] [--days 90] [--out docs]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from bench.bench_report import history
from bench.scratch import scratch_core
from channels.reporting import Format, render
from channels.reporting.document import build_document
from channels.reporting.labels import Labels
from channels.reporting.period import period_of
from tests.support.case_rows import insert_investigations, insert_rows
from tests.support.chromium import require_chromium, screenshot, trimmed

DESKTOP = (1024, 14000)  # a tall window, trimmed to the page
PHONE = (390, 844)  # the first screen on a phone


async def pages(cases: int, days: int) -> dict[str, str]:
    """The report in English and Russian over a made-up history."""
    async with scratch_core("sqlite", "cdshots") as core:
        now = core.clock.now()
        rows = history(cases, now, core)
        await insert_rows(core.engine, rows["people"], rows["cases"], rows["events"], rows["ratings"])
        await insert_investigations(core.engine, rows["records"])
        since, until = period_of(core.policy.business_hours.zone, now, days)
        figures = await core.queries.report(since, until)
        found = {}
        for lang in ("en", "ru"):
            labels = Labels(core.policy, lang)
            found[lang] = render(build_document(figures, labels, now), labels, Format.HTML)
        return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=600)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    require_chromium()
    with tempfile.TemporaryDirectory(prefix="complaintdesk-shots-") as tmp:
        folder = Path(tmp)
        for lang, html in asyncio.run(pages(args.cases, args.days)).items():
            page = folder / f"report-{lang}.html"
            page.write_text(html, encoding="utf-8")
            shots = [(f"report-{lang}.png", DESKTOP)] + ([("report-en-phone.png", PHONE)] if lang == "en" else [])
            for name, (width, height) in shots:
                raw = folder / name
                screenshot(page, raw, width, height)
                size = trimmed(raw, args.out / name)
                print(f"{args.out / name}: {size[0]}x{size[1]}, {(args.out / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
