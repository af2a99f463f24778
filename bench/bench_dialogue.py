"""Dialogue benchmark (issue 3): conversation turns through the real DialogueManager with NLU, on
the memory session store (the figure earlier runs reported), the embedded default (sessions in
the SQLite database) and the real Redis store; NLU time per message; resident memory with the
models loaded; Redis bytes per idle session.

Each conversation is a full intake in English or Russian (complaint, consent, answers, summary)
ending in a submission to the core on SQLite, then a status check and a follow-up. Two turn
mixes are timed: "dialogue" (every turn but the submission, which is core work measured by
bench_core) and "all" (every turn). Baseline in the same run: the bare NLU analysis of the same
messages, so turns/s read as a ratio to what NLU alone allows.

    python -m bench.bench_dialogue [--conversations 400] [--concurrency 32] [--model-dir PATH] [--metrics]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import platform
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from redis.asyncio import Redis

from bot.keys import KeyBuilder
from bot.kv import MemoryKeyValue, RedisKeyValue
from bot.manager import DialogueManager
from bot.messages import InboundMessage
from bot.session_stores import DatabaseSessionStore, MemorySessionStore, RedisSessionStore
from channels.app import gc_freeze
from channels.app.metrics import PrometheusMetrics
from config.settings import load_settings
from core.runtime import Core
from core.storage.schema import create_all
from nlu.analyzer import Analyzer

REDIS_URL = "redis://127.0.0.1:6379/0"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "complaints-en" / "cfpb.jsonl"
SUBMIT = "confirm:submit"
SCRIPTS = {
    "en": ["The parcel arrived broken and the courier was rude to me", "yes", "20 November", "home insurance",
           "I want a refund", "John Smith", "call me", "john@example.com", "actually it was on 19 November",
           SUBMIT, "status", "Also, nobody answered my calls"],
    "ru": ["Курьер не привёз заказ и нагрубил мне по телефону", "да", "вчера", "доставка", "хочу вернуть деньги",
           "Анна Петрова", "позвоните мне", "+7 912 345-67-89", "на самом деле это было 20 ноября", SUBMIT, "статус",
           "И ещё: мне никто не перезвонил"],
}
_ids = itertools.count()


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def _conversation(dialogue: DialogueManager, user: str, lang: str, dialogue_ms: list[float],
                        submit_ms: list[float]) -> None:
    for text in SCRIPTS[lang]:
        choice = text if text == SUBMIT else None
        message = InboundMessage("bench", user, user, "" if choice else text, datetime.now(timezone.utc),
                                 platform_message_id=f"b{next(_ids)}", choice=choice)
        started = time.perf_counter()
        replies = await dialogue.handle(message)
        elapsed = (time.perf_counter() - started) * 1000
        assert replies, f"no reply to {text!r}"
        (submit_ms if choice else dialogue_ms).append(elapsed)


async def _run_store(name: str, dialogue: DialogueManager, conversations: int, concurrency: int) -> dict:
    dialogue_ms: list[float] = []
    submit_ms: list[float] = []
    gate = asyncio.Semaphore(concurrency)
    prefix = f"{name}-{time.time_ns()}"

    async def one(index: int) -> None:
        async with gate:
            await _conversation(dialogue, f"{prefix}-{index}", "en" if index % 2 == 0 else "ru", dialogue_ms, submit_ms)

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(conversations)))
    wall = time.perf_counter() - started
    turns = len(dialogue_ms) + len(submit_ms)
    submit_total = sum(submit_ms) / 1000
    return {
        "store": name, "conversations": conversations, "turns": turns, "wall_s": round(wall, 2),
        "turns_per_s_all": round(turns / wall, 1),
        # dialogue-only rate: wall time minus the time turns spent in submissions, per concurrent slot
        "turns_per_s_dialogue": round(len(dialogue_ms) / max(wall - submit_total / concurrency, 1e-9), 1),
        "dialogue_p50_ms": round(_p(dialogue_ms, 0.5), 2), "dialogue_p99_ms": round(_p(dialogue_ms, 0.99), 2),
        "submit_p50_ms": round(_p(submit_ms, 0.5), 2), "submit_p99_ms": round(_p(submit_ms, 0.99), 2),
        "all_p99_ms": round(_p(dialogue_ms + submit_ms, 0.99), 2),
    }


async def _serial_turns(name: str, dialogue: DialogueManager, conversations: int) -> dict:
    """Turns one at a time (concurrency 1): the latency a single person sees, without queueing."""
    dialogue_ms: list[float] = []
    submit_ms: list[float] = []
    started = time.perf_counter()
    for index in range(conversations):
        await _conversation(dialogue, f"serial-{name}-{time.time_ns()}-{index}", "en" if index % 2 == 0 else "ru",
                            dialogue_ms, submit_ms)
    wall = time.perf_counter() - started
    return {"store": name, "serial_dialogue_turns_per_s": round(len(dialogue_ms) / (wall - sum(submit_ms) / 1000), 1),
            "serial_dialogue_p50_ms": round(_p(dialogue_ms, 0.5), 2),
            "serial_dialogue_p99_ms": round(_p(dialogue_ms, 0.99), 2)}


def _nlu_timing(analyzer: Analyzer, limit: int = 300) -> dict:
    texts = [t for lang in SCRIPTS for t in SCRIPTS[lang] if t != SUBMIT]
    if CORPUS.exists():
        texts += [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()[:limit]]
    short = [t for t in texts if len(t) < 200]
    timings = {}
    for label, sample in (("short_messages", short), ("all_incl_cfpb_narratives", texts)):
        elapsed = []
        for text in sample:
            started = time.perf_counter()
            analyzer.analyze(text)
            elapsed.append((time.perf_counter() - started) * 1000)
        timings[label] = {"n": len(sample), "median_ms": round(statistics.median(elapsed), 3),
                          "p99_ms": round(_p(elapsed, 0.99), 3), "mean_ms": round(statistics.mean(elapsed), 3)}
    return timings


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--serial", type=int, default=40)
    parser.add_argument("--model-dir", type=Path, default=Path(".pytest_cache/d/complaintdesk-nlu"))
    parser.add_argument("--no-redis", action="store_true")
    parser.add_argument("--metrics", action="store_true", help="count and time the work in Prometheus, as serve does")
    args = parser.parse_args()

    rss_start = _rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp))
        core = Core.build(settings, metrics=PrometheusMetrics() if args.metrics else None)
        await create_all(core.engine)
        analyzer = await asyncio.to_thread(Analyzer.load, core.policy, args.model_dir)
        rss_loaded = _rss_mb()
        gc_freeze.settle()  # as Runner.start does once the product is loaded
        print(f"python {platform.python_version()} on {platform.machine()}; RSS {rss_start:.0f} MB at start, "
              f"{rss_loaded:.0f} MB with NLU models loaded")
        nlu = _nlu_timing(analyzer)
        print("NLU per message:", json.dumps(nlu))
        results = []
        memory = DialogueManager(core, analyzer, MemorySessionStore(), MemoryKeyValue(), KeyBuilder("bench"))
        results.append(await _serial_turns("memory", memory, args.serial))
        results.append(await _run_store("memory", memory, args.conversations, args.concurrency))
        embedded = DialogueManager(core, analyzer, DatabaseSessionStore(core.conversations, KeyBuilder("bench")),
                                   MemoryKeyValue(), KeyBuilder("bench"))
        results.append(await _serial_turns("database", embedded, args.serial))
        results.append(await _run_store("database", embedded, args.conversations, args.concurrency))
        idle_bytes = None
        if not args.no_redis:
            redis = Redis.from_url(REDIS_URL)
            keys = KeyBuilder(f"bench{time.time_ns()}")
            on_redis = DialogueManager(core, analyzer, RedisSessionStore(redis, keys), RedisKeyValue(redis), keys)
            results.append(await _serial_turns("redis", on_redis, args.serial))
            results.append(await _run_store("redis", on_redis, args.conversations, args.concurrency))
            sizes = [await redis.memory_usage(key) async for key in redis.scan_iter(keys.build("session", "*"))]
            idle_bytes = statistics.mean(s for s in sizes if s) if sizes else None
            async for key in redis.scan_iter(keys.build("*")):
                await redis.delete(key)
            await redis.aclose()
        await core.close()
    for row in results:
        print(json.dumps(row))
    baseline = 1000 / nlu["short_messages"]["mean_ms"]
    print(f"baseline (NLU alone, serial): {baseline:.0f} messages/s")
    for row in results:
        if "serial_dialogue_turns_per_s" in row:
            print(f"{row['store']}: serial dialogue turns/s = {row['serial_dialogue_turns_per_s']} "
                  f"({row['serial_dialogue_turns_per_s'] / baseline:.2f} x NLU alone)")
    if idle_bytes is not None:
        print(f"Redis bytes per idle session (MEMORY USAGE, mean over {len(sizes)} sessions): {idle_bytes:.0f}")
    print(f"RSS at the end: {_rss_mb():.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
