"""Telegram channel benchmark (issue 5): webhook updates per second end to end (update posted to
the webhook -> stored -> dialogue manager -> sendMessage received by the fake Bot API) with 50
people writing at once, each waiting for the bot's answer before writing again.

Baseline in the same run: aiogram's own webhook handler (SimpleRequestHandler, answering in the
background) with a do-nothing handler that only sends "ok" back, posted the same updates by the
same people against the same fake Bot API, so the figures read as a ratio on a noisy machine.
The fake Bot API and the 50 people run in a second process (bench/peer.py), so the handler under
test, the do-nothing one or ours, has its process to itself.
Targets: >= 500 updates/s and >= 0.4 of the do-nothing throughput.

Each person's round: /start, two button presses (new complaint, consent), a complaint sentence,
"yesterday", a product, /help, /cancel: four turns that run NLU, four that do not.

    python -m bench.bench_telegram [--people 50] [--rounds 6] [--redis]
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
from collections import defaultdict
from pathlib import Path
from typing import Any

import aiohttp
from aiogram import Dispatcher, Router
from aiogram.types import CallbackQuery, Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import SecretStr

from channels.app.runner import Runner
from channels.telegram.api import build_bot
from channels.telegram.plugin import TelegramPlugin
from config.policy import load_policy
from config.settings import SHIPPED_POLICY, load_settings
from core.storage.engine import create_engine
from core.storage.schema import create_all
from tests.support.telegram import updates
from tests.support.telegram.bot_api import FakeBotApi
from tests.support import databases
from bench.peer import PeerProcess
from tests.support.browser import served

TOKEN = "123456:BENCH"
SECRET = "bench-secret"
REPO = Path(__file__).resolve().parents[1]
SCRIPT: list[tuple[str, str]] = [
    ("text", "/start"), ("press", "new"), ("press", "consent:yes"),
    ("text", "My parcel arrived broken and the courier was rude to me on the phone."),
    ("text", "yesterday"), ("text", "the mobile app"), ("text", "/help"), ("text", "/cancel"),
]
_update_ids = itertools.count(1)


class CountingApi(FakeBotApi):
    """The fake Bot API, waking whoever waits for a chat's next message."""

    def __init__(self) -> None:
        super().__init__(token=TOKEN)
        self.arrived: dict[str, asyncio.Condition] = defaultdict(asyncio.Condition)

    async def _api_sendmessage(self, params: dict[str, Any]) -> web.Response:
        response = await super()._api_sendmessage(params)
        condition = self.arrived[str(params["chat_id"])]
        async with condition:
            condition.notify_all()
        return response

    async def wait_count(self, chat: str, count: int, timeout: float = 30.0) -> None:
        condition = self.arrived[chat]
        async with condition:
            await asyncio.wait_for(condition.wait_for(lambda: len(self.sent[chat]) >= count), timeout)


class Person:
    def __init__(self, api: CountingApi, user_id: int, expected: list[int] | None) -> None:
        self.api = api
        self.user = updates.user(user_id, first_name=f"P{user_id}")
        self.chat = str(user_id)
        self.expected = expected
        self.replies: list[int] = []

    def update(self, kind: str, value: str) -> dict[str, Any]:
        if kind == "text":
            return updates.message(next(_update_ids), self.user, value)
        sent = self.api.sent[self.chat]
        shown = next((m for m in reversed(sent) if m.get("reply_markup")), sent[-1])  # the baseline shows none
        return updates.callback(next(_update_ids), self.user, value, shown)

    async def round(self, session: aiohttp.ClientSession, url: str, latencies: list[float]) -> None:
        for index, (kind, value) in enumerate(SCRIPT):
            before = len(self.api.sent[self.chat])
            body = json.dumps(self.update(kind, value)).encode()
            started = time.perf_counter()
            async with session.post(url, data=body, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET,
                                                             "Content-Type": "application/json"}) as response:
                assert response.status == 200, response.status
            if self.expected is None:  # the warm-up learns how many messages each turn sends
                await self.api.wait_count(self.chat, before + 1)
                await asyncio.sleep(0.3)
                self.replies.append(len(self.api.sent[self.chat]) - before)
            else:
                await self.api.wait_count(self.chat, before + self.expected[index])
            latencies.append(time.perf_counter() - started)


async def drive(api: CountingApi, url: str, people: int, rounds: int, first_id: int,
                expected: list[int]) -> tuple[float, list[float]]:
    crowd = [Person(api, first_id + n, expected) for n in range(people)]
    latencies: list[float] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=people)) as session:
        started = time.perf_counter()

        async def person(p: Person) -> None:
            for _ in range(rounds):
                await p.round(session, url, latencies)

        await asyncio.gather(*(person(p) for p in crowd))
        elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, latencies


class TelegramPeer:
    """The far side, in the peer process: the fake Bot API and the people writing to the bot."""

    api: CountingApi

    async def start(self) -> str:
        self.api = await CountingApi().start()
        return self.api.base_url

    async def wait_webhook(self) -> None:
        await self.api.wait_for("setWebhook")

    async def learn(self, url: str) -> list[int]:
        learner = Person(self.api, 5_000_000, None)
        async with aiohttp.ClientSession() as session:
            await learner.round(session, url, [])
        return learner.replies

    async def drive(self, url: str, people: int, rounds: int, first_id: int,
                    expected: list[int]) -> tuple[float, list[float]]:
        return await drive(self.api, url, people, rounds, first_id, expected)

    async def close(self) -> None:
        await self.api.close()


async def baseline(api_base: str, peer: PeerProcess, people: int, rounds: int) -> tuple[float, list[float]]:
    """aiogram's webhook handler with a handler that only answers "ok"."""
    settings = load_settings(telegram_token=TOKEN, telegram_api_base=api_base)
    bot = build_bot(settings)
    router = Router()

    @router.message()
    async def on_message(message: Message) -> None:
        await message.answer("ok")

    @router.callback_query()
    async def on_press(query: CallbackQuery) -> None:
        await bot.send_message(query.from_user.id, "ok")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, secret_token=SECRET, handle_in_background=True).register(app, "/hook")
    try:
        async with served(app) as base:
            url = f"{base}/hook"
            await peer.call("drive", url, people, 1, 900_000, [1] * len(SCRIPT))  # warm-up
            return await peer.call("drive", url, people, rounds, 1_000_000, [1] * len(SCRIPT))
    finally:
        await bot.session.close()


async def product(api_base: str, peer: PeerProcess, people: int, rounds: int, data_dir: Path, model_dir: Path,
                  redis_url: str | None, database_url: str | None) -> tuple[float, list[float], list[int]]:
    settings = load_settings(data_dir=data_dir, http_port=0, telegram_token=TOKEN, telegram_api_base=api_base,
                             telegram_webhook_url="https://bench.example.org/telegram/webhook",
                             telegram_webhook_secret=SecretStr(SECRET), redis_url=redis_url,
                             database_url=database_url)
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "nlu").symlink_to(model_dir.resolve(), target_is_directory=True)
    engine = create_engine(settings.effective_database_url)
    await create_all(engine)
    await engine.dispose()
    runner = Runner(settings, plugins=[TelegramPlugin()])
    await runner.start()
    try:
        await peer.call("wait_webhook")
        url = f"http://127.0.0.1:{runner.port}/telegram/webhook"
        expected = await peer.call("learn", url)
        await peer.call("drive", url, people, 1, 6_000_000, expected)  # warm-up
        throughput, latencies = await peer.call("drive", url, people, rounds, 7_000_000, expected)
        return throughput, latencies, expected
    finally:
        await runner.stop()


def ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def ensure_models(model_dir: Path) -> Path:
    from nlu.analyzer import Analyzer

    Analyzer.load(load_policy(SHIPPED_POLICY), model_dir)
    return model_dir


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--redis", action="store_true", help="sessions and dedup keys in the local Redis")
    parser.add_argument("--postgres", action="store_true", help="the core on a fresh database of the local PostgreSQL")
    parser.add_argument("--model-dir", type=Path, default=REPO / ".pytest_cache" / "d" / "complaintdesk-nlu")
    args = parser.parse_args()
    model_dir = await asyncio.to_thread(ensure_models, args.model_dir)
    async with PeerProcess("bench.bench_telegram:TelegramPeer") as peer:
        api_base = await peer.call("start")
        try:
            base_rate, base_lat = await baseline(api_base, peer, args.people, args.rounds)
            database_url = await asyncio.to_thread(databases.create_database) if args.postgres else None
            try:
                with tempfile.TemporaryDirectory() as tmp:
                    rate, lat, expected = await product(api_base, peer, args.people, args.rounds, Path(tmp) / "data",
                                                        model_dir, "redis://127.0.0.1:6379/0" if args.redis else None,
                                                        database_url)
            finally:
                if database_url:
                    await asyncio.to_thread(databases.drop_database, database_url)
        finally:
            await peer.call("close")
    print(f"python {platform.python_version()} on {platform.machine()}; {args.people} people x {args.rounds} rounds "
          f"x {len(SCRIPT)} updates; Bot API and people in a second process; sessions in {'Redis' if args.redis else 'memory'}, core on {'PostgreSQL' if args.postgres else 'SQLite'}")
    print(f"messages per turn: {expected}")
    print(f"aiogram do-nothing webhook: {base_rate:8.1f} updates/s  p50 {ms(base_lat, .5):6.1f} ms  "
          f"p99 {ms(base_lat, .99):6.1f} ms")
    print(f"complaintdesk webhook:      {rate:8.1f} updates/s  p50 {ms(lat, .5):6.1f} ms  p99 {ms(lat, .99):6.1f} ms"
          f"  (mean {statistics.mean(lat) * 1000:.1f} ms)")
    print(f"ratio to the do-nothing handler: {rate / base_rate:.2f}  (targets: >= 500 updates/s, >= 0.4)")


if __name__ == "__main__":
    asyncio.run(main())
