"""Report benchmark (issue 17): the management-review report over 100,000 cases on SQLite and on
PostgreSQL. The cases (with events, survey answers and investigation records) are written with
bulk INSERTs, not through the service, spread over the twelve months before now; then the report's
figures for the whole year are computed (the aggregates in the database, business hours over the
time columns, the recurring issues among the latest complaints with the NLU's language tools, the
survey comments anonymised) and the HTML report rendered with its charts. Target: under 5 s each.

    python -m bench.bench_report [--cases 100000] [--backends sqlite,postgresql] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from channels.reporting import Format, render
from channels.reporting.document import build_document
from channels.reporting.labels import Labels
from channels.reporting.language_tools import language_tools
from bench.scratch import scratch_core
from core.runtime import Core
from tests.support.case_rows import (
    case_row, complainant_row, event_row, insert_investigations, insert_rows, investigation_row, rating_row,
)

CHANNELS = ("web", "email", "telegram", "slack", "console")
FINAL = ("closed",) * 8 + ("withdrawn", "referred_external")
OPEN = ("investigating", "awaiting_complainant", "escalated", "responded")
EVENTS = ("escalated", "escalated_by_time", "reopened", "decision_accepted", "decision_rejected")
# What the complaints say: a few issues per language, each told in several ways with other words
# around it, so that the recurring issues have something to find (and something to leave alone).
ISSUES: dict[str, list[tuple[str, ...]]] = {
    "en": [("charged twice", "double charge", "billed two times", "duplicate payment taken"),
           ("parcel never arrived", "delivery did not come", "package lost in transit", "courier never delivered"),
           ("refund not received", "still waiting for my refund", "money not returned", "refund promised weeks ago"),
           ("rude staff", "the agent was rude", "unhelpful and rude employee", "manager was very rude"),
           ("app keeps crashing", "cannot log in to the app", "website error at checkout", "app freezes on payment"),
           ("item arrived broken", "damaged product", "screen cracked on arrival", "faulty device out of the box")],
    "ru": [("списали деньги дважды", "двойное списание", "оплата прошла два раза"),
           ("посылка не пришла", "доставка не состоялась", "курьер не привёз заказ"),
           ("не вернули деньги", "возврат не получен", "жду возврат уже месяц"),
           ("грубый сотрудник", "оператор нагрубил", "хамство в магазине")],
}
FILLER: dict[str, tuple[str, ...]] = {"en": ("I am very unhappy.", "This is the third time.", "Please sort this out.", "My order was last week.",
                 "Nobody answered my emails.", "I expect a reply today.", "It happened on Monday.", ""),
          "ru": ("Я очень недоволен.", "Это уже третий раз.", "Прошу разобраться.", "Заказ был на прошлой неделе.",
                 "Никто не отвечает.", "Жду ответа сегодня.", "")}
COMMENTS = ("Took a while but sorted", "Thanks to Priya, sorted quickly", "Call me on 07700 900123 if anything changes",
            "Slow. Write to me at sam.jones@example.com", "Order #A-5521 is still wrong")


EXAMPLES = Path(__file__).resolve().parents[1] / "nlu" / "data"


def examples(lang: str) -> list[tuple[str, str]]:
    """The NLU's own category examples in ``lang``: (category, text), thousands of different words."""
    with open(EXAMPLES / f"categories_{lang}.jsonl", encoding="utf-8") as lines:
        return [(item["category"], item["text"]) for item in map(json.loads, lines)]


def complaint_text(rng: random.Random, lang: str, said: list[tuple[str, str]]) -> tuple[str | None, str]:
    """(its category, or None for any, and the text): half say one of a few issues in one of several
    ways; half are one of the NLU's own examples (thousands of different words to lemmatize)."""
    if rng.random() < 0.5:
        issue = rng.choice(rng.choice(ISSUES[lang]))
        return None, " ".join(part for part in (rng.choice(FILLER[lang]), issue.capitalize() + ".", rng.choice(FILLER[lang]))
                              if part)
    category, text = rng.choice(said)
    return category, f"{text[:1].upper()}{text[1:]}. {rng.choice(FILLER[lang])}".strip()


def history(total: int, now: datetime, core: Core, seed: int = 17) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(seed)
    categories, priorities = list(core.policy.categories), list(core.policy.priorities)
    causes: list[str | None] = [*core.policy.investigation.root_causes] or [None]
    redress: list[str | None] = [*core.policy.investigation.redress_kinds] or [None]
    said = {lang: examples(lang) for lang in ISSUES}
    start = now - timedelta(days=365)
    people = [complainant_row(i, start) for i in range(total // 3 + 1)]
    cases, events, ratings, records = [], [], [], []
    for index in range(total):
        received = start + timedelta(seconds=rng.randrange(365 * 86400 - 3600))
        recent = now - received < timedelta(days=45)  # older cases are mostly finished, a few still open
        status = rng.choice(OPEN) if rng.random() < (0.5 if recent else 0.03) else rng.choice(FINAL)
        final = status in ("closed", "withdrawn", "referred_external")
        closed_after = timedelta(hours=rng.uniform(2, 24 * 25)) if final else None
        if closed_after and received + closed_after > now:
            closed_after = now - received
        cases.append(case_row(
            index, received, complainant=rng.randrange(len(people)), status=status, category=rng.choice(categories),
            channel=rng.choice(CHANNELS), product=f"Product {rng.randrange(40)}" if rng.random() < 0.7 else None,
            priority=rng.choice(priorities), acknowledged_after=timedelta(minutes=rng.uniform(0, 90)),
            first_response_after=timedelta(hours=rng.uniform(1, 96)) if rng.random() < 0.9 else None,
            closed_after=closed_after, due=(timedelta(hours=1), timedelta(days=2), timedelta(days=rng.choice((3, 7, 14, 21)))),
            referral_offered=status == "referred_external", referred=status == "referred_external",
            referral_outcome=rng.choice(("upheld", "not_upheld", None)) if status == "referred_external" else None))
        lang = "ru" if rng.random() < 0.2 else "en"
        category, text = complaint_text(rng, lang, said[lang])
        cases[-1].update(language=lang, description=text, **({"category": category} if category in categories else {}))
        for seq in range(1, rng.choice((1, 1, 2, 3)) + 1):
            events.append(event_row(index, seq, rng.choice(EVENTS), received + timedelta(hours=seq)))
        if closed_after and rng.random() < 0.4:
            ratings.append(rating_row(index, rng.randint(1, 5), received + closed_after + timedelta(hours=1),
                                      comment=rng.choice(COMMENTS) if rng.random() < 0.3 else None,
                                      agent=f"U{rng.randrange(25)}"))
        if final and rng.random() < 0.3:
            records.append(investigation_row(index, received + timedelta(days=1), root_cause=rng.choice(causes),
                                             corrective_action="Fixed the process", redress_kind=rng.choice(redress),
                                             amount=f"{rng.randrange(5, 200)}.50", currency="GBP"))
    return {"people": people, "cases": cases, "events": events, "ratings": ratings, "records": records}


async def run_backend(backend: str, total: int, runs: int) -> dict[str, float]:
    async with scratch_core(backend, "cdreport") as core:
        now = core.clock.now()
        rows = history(total, now, core)
        began = time.perf_counter()
        await insert_rows(core.engine, rows["people"], rows["cases"], rows["events"], rows["ratings"])
        await insert_investigations(core.engine, rows["records"])
        if backend == "postgresql":
            async with core.engine.connect() as connection:
                await connection.exec_driver_sql("ANALYZE")
        inserted = time.perf_counter() - began
        since, until = now - timedelta(days=366), now + timedelta(seconds=1)
        figures_s, html_s, cpu_s = [], [], []
        began = time.perf_counter()
        tools = language_tools(core.policy)  # as the command line makes them: spaCy and pymorphy3 are imported
        tools_s = time.perf_counter() - began
        for _ in range(runs):
            began, cpu = time.perf_counter(), time.process_time()
            report = await core.queries.report(since, until, grouper=tools.grouper, anonymiser=tools.anonymiser)
            figures_s.append(time.perf_counter() - began)
            cpu_s.append(time.process_time() - cpu)
            labels = Labels(core.policy, "en")
            page = render(build_document(report, labels, now), labels, Format.HTML)
            html_s.append(time.perf_counter() - began)
        assert report.received == total, (report.received, total)
        assert report.recurring_issues and report.issue_sample is not None
        plain_s, plain_cpu_s, plain_html_s = [], [], []
        for _ in range(runs):  # beside it, the same report without the language tools (no recurring issues)
            began, cpu = time.perf_counter(), time.process_time()
            plain = await core.queries.report(since, until)
            plain_s.append(time.perf_counter() - began)
            plain_cpu_s.append(time.process_time() - cpu)
            render(build_document(plain, labels, now), labels, Format.HTML)
            plain_html_s.append(time.perf_counter() - began)
        month = now - timedelta(days=30)
        began = time.perf_counter()
        last_month = await core.queries.report(month, until, grouper=tools.grouper, anonymiser=tools.anonymiser)
        month_s = time.perf_counter() - began
    return {"cases": total, "events": len(rows["events"]), "ratings": len(rows["ratings"]), "insert_s": inserted,
            "language_tools_s": tools_s, "figures_first_s": figures_s[0], "figures_median_s": statistics.median(figures_s), "figures_max_s": max(figures_s),
            "figures_without_issues_median_s": statistics.median(plain_s),
            "html_without_issues_median_s": statistics.median(plain_html_s),
            # this process's processor time (the load of other processes on the machine counts less)
            "figures_cpu_median_s": statistics.median(cpu_s), "figures_without_issues_cpu_median_s": statistics.median(plain_cpu_s), "last_30_days_s": month_s, "issues": len(report.recurring_issues), "issues_read": report.issue_sample.read,
            "month_issues_read": last_month.issue_sample.read if last_month.issue_sample else 0,
            "html_median_s": statistics.median(html_s), "html_max_s": max(html_s), "html_kb": len(page.encode()) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.node()} {platform.machine()} python {platform.python_version()}; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    for backend in args.backends.split(","):
        result = asyncio.run(run_backend(backend, args.cases, args.runs))
        print(f"{backend}: " + ", ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()),
              flush=True)


if __name__ == "__main__":
    main()
