"""NLU latency per message (median, p99) for English and Russian, and the process RSS with models loaded.

Run: python bench/bench_nlu.py
"""

from __future__ import annotations

import datetime
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config.policy import load_policy  # noqa: E402
from config.settings import SHIPPED_POLICY  # noqa: E402
from nlu.analyzer import Analyzer  # noqa: E402
from nlu.dataset import entity_file, intents, read_jsonl  # noqa: E402

ROUNDS = 5
LONG_CHARS = 5000  # a long narrative, as far as analysis reads (COMPLAINTDESK_NLU_MAX_CHARS)
LONG_MESSAGES = 40


def _messages(lang: str) -> list[str]:
    return [e.text for e in intents(lang)] + [str(row["text"]) for row in read_jsonl(entity_file(lang))]


def _narratives(messages: list[str]) -> list[str]:
    """Long narratives of :data:`LONG_CHARS` characters, each sentences of the set in another order."""
    found = []
    for start in range(LONG_MESSAGES):
        parts: list[str] = []
        index = start * 7
        while sum(len(p) + 2 for p in parts) < LONG_CHARS:
            parts.append(messages[index % len(messages)].rstrip(".!? "))
            index += 13
        found.append(". ".join(parts)[:LONG_CHARS])
    return found


def _measure(analyzer: Analyzer, lang: str, messages: list[str], now: datetime.datetime) -> tuple[list[float], list[float]]:
    for text in messages:
        analyzer.analyze(text, lang=lang, now=now)  # warm the caches
    timings, cpu = [], []
    for _ in range(ROUNDS):
        for text in messages:
            started, started_cpu = time.perf_counter(), time.thread_time()
            analyzer.analyze(text, lang=lang, now=now)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
    return timings, cpu


def _p99(values: list[float]) -> float:
    """Wall time includes waiting for a core on a busy machine; CPU time (this thread's) does not."""
    ordered = sorted(values)
    return ordered[int(len(ordered) * 0.99) - 1]


def main() -> None:
    with tempfile.TemporaryDirectory() as model_dir:
        analyzer = Analyzer.load(load_policy(SHIPPED_POLICY), Path(model_dir))
        now = datetime.datetime(2024, 6, 12, 10, 0)
        for lang in ("en", "ru"):
            messages = _messages(lang)
            for label, group in ((f"{len(messages)} messages", messages),
                                 (f"{LONG_MESSAGES} narratives of {LONG_CHARS} characters", _narratives(messages))):
                timings, cpu = _measure(analyzer, lang, group, now)
                print(f"{lang}: {label} x {ROUNDS}: wall median {statistics.median(timings):.3f} ms, p99 {_p99(timings):.3f} ms; "
                      f"CPU median {statistics.median(cpu):.3f} ms, p99 {_p99(cpu):.3f} ms per message")
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"max RSS with both pipelines loaded: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
