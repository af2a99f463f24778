"""Core service benchmark (issue 2): submit 50,000 complaints through the service layer on SQLite
and on PostgreSQL, at concurrency 1 and 16, then time reference lookups at that size.

Baseline in the same run: a bare one-row INSERT transaction through the same engine, so the
figures can be read as a ratio on a noisy machine.

    python -m bench.bench_core [--total 50000] [--serial 5000] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import random
import statistics
import time

from sqlalchemy import text

from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from bench.scratch import scratch_core
from core.runtime import Core

TEXTS = ["I was charged twice for my order", "The parcel arrived damaged", "Your agent was rude to me on the phone",
         "My account was locked without warning", "The app crashes when I pay"]


def _submission(index: int) -> ComplaintSubmission:
    return ComplaintSubmission(
        identity=Identity("email", f"person{index % 5000}@example.com"), description=f"{TEXTS[index % 5]} (#{index})",
        category=["billing", "delivery", "staff_conduct", "account", "service"][index % 5], name=f"Person {index}",
    )


async def _timed_submissions(core: Core, start: int, count: int, concurrency: int) -> tuple[float, list[str]]:
    queue = iter(range(start, start + count))
    references: list[str] = []

    async def worker() -> None:
        for index in queue:
            references.append((await core.service.submit_complaint(_submission(index))).reference)

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return count / (time.perf_counter() - began), references


async def _baseline(core: Core, count: int) -> float:
    async with core.engine.begin() as connection:
        await connection.execute(text("CREATE TABLE IF NOT EXISTS bench_baseline (id INTEGER PRIMARY KEY, body TEXT)"))
    began = time.perf_counter()
    for index in range(count):
        async with core.engine.begin() as connection:
            await connection.execute(text("INSERT INTO bench_baseline (id, body) VALUES (:i, :b)"), {"i": index, "b": "x" * 64})
    return count / (time.perf_counter() - began)


async def _lookups(core: Core, references: list[str], count: int) -> tuple[float, float]:
    agent = Actor.agent("bench")
    rng = random.Random(7)
    timings = []
    for _ in range(count):
        ref = rng.choice(references)
        began = time.perf_counter()
        await core.queries.status(ref, agent)
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.99) - 1]


async def run_backend(backend: str, total: int, serial: int) -> dict[str, float]:
    async with scratch_core(backend, "cdbench") as core:
        baseline = await _baseline(core, 2000)
        serial_rate, refs = await _timed_submissions(core, 0, serial, 1)
        parallel_rate, more = await _timed_submissions(core, serial, total - serial, 16)
        p50, p99 = await _lookups(core, refs + more, 2000)
    return {"baseline_insert_per_s": baseline, "submit_per_s_c1": serial_rate, "submit_per_s_c16": parallel_rate,
            "lookup_p50_ms": p50, "lookup_p99_ms": p99, "cases": total}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--total", type=int, default=50_000)
    parser.add_argument("--serial", type=int, default=5_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    print(f"machine: {platform.node()} {platform.machine()} python {platform.python_version()}; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    for backend in args.backends.split(","):
        result = asyncio.run(run_backend(backend, args.total, args.serial))
        print(f"{backend}: " + ", ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items())
              + f"; submit/baseline c1 ratio={result['submit_per_s_c1'] / result['baseline_insert_per_s']:.3f}")


if __name__ == "__main__":
    main()
