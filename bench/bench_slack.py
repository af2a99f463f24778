"""Slack channel benchmark (issue 6): complainant DM events per second end to end (signed event ->
ack -> dialogue manager -> reply posted to the fake Web API), and the ack latency of agent actions
(card button presses) while DM load runs. Targets: >= 300 events/s, ack p99 < 100 ms.

Baselines in the same run: a bare bolt AsyncApp on aiohttp acking a no-op listener, and an echo
app (bolt acking each DM and answering it with chat.postMessage, measured end to end as ours),
posted the same signed requests by the same client, so figures read as a ratio on a noisy machine. The fake
Web API and the load (signed requests) run in a second process (bench/peer.py), so the app under
test, the bare one or ours, has its process to itself, as it would with Slack on other machines.

    python -m bench.bench_slack [--events 1500] [--actions 1000] [--concurrency 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from pydantic import SecretStr
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient

from channels.app.runner import Runner
from channels.slack import SlackPlugin
from config.settings import load_settings
from core.commands import ComplaintSubmission, Identity
from core.storage.engine import create_engine
from core.storage.schema import create_all
from tests.support.slack.web_api import BOT_TOKEN, FakeSlackApi
from tests.support.slack.payloads import block_actions, message_event
from tests.support.slack.signing import SIGNING_SECRET, SlackPoster
from bench.cpu import cpu_seconds, server_pids
from bench.peer import PeerProcess
from tests.support.browser import served

TRIAGE = "C0TRIAGE"
AGENT = "U0AGENT1"
REPO = Path(__file__).resolve().parents[1]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


class CpuMeter:
    """CPU seconds spent by the app under test (this process and its worker processes) and by the
    peer while a load runs: a figure per DM that the machine's other work disturbs less than
    a rate does."""

    def __init__(self, peer: PeerProcess) -> None:
        self.peer_pid = peer.pid or 0
        self.app_pids = server_pids()
        self._app = [cpu_seconds(pid) for pid in self.app_pids]
        self._peer = cpu_seconds(self.peer_pid)

    def spent(self) -> dict[str, object]:
        return {"app_cpu": [cpu_seconds(pid) - before for pid, before in zip(self.app_pids, self._app)],
                "peer_cpu": cpu_seconds(self.peer_pid) - self._peer}


async def bounded(items: list, worker, concurrency: int) -> list:
    semaphore = asyncio.Semaphore(concurrency)

    async def one(item: object) -> object:
        async with semaphore:
            return await worker(item)

    return await asyncio.gather(*(one(i) for i in items))


class SlackPeer:
    """The far side, in the peer process: the fake Web API and the clients posting signed requests."""

    api: FakeSlackApi

    async def start(self) -> str:
        self.api = FakeSlackApi(agents_group={AGENT})
        await self.api.start()
        return self.api.base_url

    async def wait_for(self, method: str, count: int, channel: str, timeout: float) -> None:
        await self.api.wait_for(method, count=count, channel=channel, timeout=timeout)

    async def baseline_load(self, url: str, events: int, concurrency: int,
                            ack_concurrency: int) -> tuple[float, list[float]]:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency * 2)) as session:
            poster = SlackPoster(session, url)
            started = time.perf_counter()
            await bounded([message_event(user=f"U{i:08d}", channel=f"D{i:08d}", text="hello") for i in range(events)],
                          poster.event, concurrency)
            rate = events / (time.perf_counter() - started)
            answers = await bounded([block_actions(user=AGENT, channel=TRIAGE, message_ts="1.1", action_id="case_reply",
                                                   value="CD-X|1") for _ in range(events // 2)], poster.interactive,
                                    ack_concurrency)
        return rate, [a.seconds for a in answers]

    async def echo_load(self, url: str, events: int, concurrency: int) -> float:
        """DMs from ``events`` people, done when each has had its answer posted: the seconds taken."""
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency * 2)) as session:
            poster = SlackPoster(session, url)
            dms = [message_event(user=f"U{i:08d}", channel=f"D{i:08d}",
                                 text="Hello, I want to complain about my broadband") for i in range(events)]
            before = len(self.api.of("chat.postMessage"))
            started = time.perf_counter()
            answers = await bounded(dms, poster.event, concurrency)
            await self.api.wait_for("chat.postMessage", count=before + events, timeout=600)
            assert all(answer.status == 200 for answer in answers)
            return time.perf_counter() - started

    async def product_load(self, url: str, events: int, actions: int, concurrency: int, ack_concurrency: int,
                           references: list[str]) -> dict[str, object]:
        """DMs from ``events`` people while an agent presses card buttons; done when every DM has had
        its reply posted."""
        api = self.api
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency * 2)) as session:
            poster = SlackPoster(session, url)
            dms = [message_event(user=f"U{i:08d}", channel=f"D{i:08d}",
                                 text="Hello, I want to complain about my broadband") for i in range(events)]
            before = len(api.of("chat.postMessage"))
            started = time.perf_counter()
            dm_load = asyncio.ensure_future(bounded(dms, poster.event, concurrency))
            await asyncio.sleep(0.2)  # agent actions arrive while the DM load runs
            load = asyncio.ensure_future(bounded(
                [block_actions(user=AGENT, channel=TRIAGE, message_ts="1.1", action_id="case_reply",
                               value=f"{references[i % len(references)]}|3") for i in range(actions)],
                poster.interactive, ack_concurrency))
            dm_answers = await dm_load
            await api.wait_for("chat.postMessage", count=before + events, timeout=600)  # a reply per DM at least
            elapsed = time.perf_counter() - started
            action_answers = await load
        return {"elapsed": elapsed, "statuses": [a.status for a in dm_answers + action_answers],
                "dm_acks": [a.seconds for a in dm_answers], "acks": [a.seconds for a in action_answers]}

    async def close(self) -> None:
        await self.api.stop()


def _authorize(token: str):  # type: ignore[no-untyped-def]
    async def authorize(enterprise_id: str | None, team_id: str | None, user_id: str | None) -> AuthorizeResult:
        return AuthorizeResult(enterprise_id=None, team_id=team_id, bot_token=token, bot_user_id="UBOT", bot_id="BBOT")

    return authorize


def _web_app(bolt: AsyncApp) -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    app = web.Application()
    app.router.add_post("/slack/events", handle)
    return app


async def baseline(peer: PeerProcess, events: int, concurrency: int, ack_concurrency: int) -> tuple[float, list[float]]:
    """A bare bolt app acking a no-op message listener and a no-op action listener."""
    bolt = AsyncApp(signing_secret=SIGNING_SECRET, authorize=_authorize("xoxb-baseline"), process_before_response=True)

    @bolt.event("message")
    async def on_message(ack) -> None:  # type: ignore[no-untyped-def]
        await ack()

    @bolt.action("case_reply")
    async def on_action(ack) -> None:  # type: ignore[no-untyped-def]
        await ack()

    async with served(_web_app(bolt)) as base:
        return await peer.call("baseline_load", f"{base}/slack/events", events, concurrency,
                               ack_concurrency)


async def echo(peer: PeerProcess, api_base: str, events: int, concurrency: int) -> dict[str, object]:
    """A bolt app that only answers each DM (acks, then posts the DM's words back with
    chat.postMessage on the same fake Web API): DMs per second end to end."""
    bolt = AsyncApp(signing_secret=SIGNING_SECRET, authorize=_authorize(BOT_TOKEN),
                    client=AsyncWebClient(base_url=api_base))

    @bolt.event("message")
    async def on_message(ack, event, client) -> None:  # type: ignore[no-untyped-def]
        await ack()
        await client.chat_postMessage(channel=event["channel"], text=event.get("text") or "")

    async with served(_web_app(bolt)) as base:
        meter = CpuMeter(peer)
        seconds = await peer.call("echo_load", f"{base}/slack/events", events, concurrency)
        return {"rate": events / seconds, **meter.spent()}


async def product_run(peer: PeerProcess, api_base: str, events: int, actions: int, concurrency: int,
                      ack_concurrency: int) -> dict[str, Any]:
    data = Path(tempfile.mkdtemp(prefix="bench-slack-"))
    settings = load_settings(data_dir=data / "data", http_port=0, outbox_poll_seconds=0.05,
                             slack_bot_token=SecretStr(BOT_TOKEN), slack_signing_secret=SecretStr(SIGNING_SECRET),
                             slack_api_base=api_base, slack_triage_channel=TRIAGE, slack_agents_usergroup="S0AGENTS",
                             log_level="WARNING")  # as bench_email: no log line per message in a worker process
    settings.data_dir.mkdir(parents=True)
    cached = REPO / ".pytest_cache" / "d" / "complaintdesk-nlu"
    if cached.is_dir():
        (settings.data_dir / "nlu").symlink_to(cached, target_is_directory=True)
    engine = create_engine(settings.effective_database_url)
    await create_all(engine)
    await engine.dispose()
    plugin = SlackPlugin()
    runner = Runner(settings, plugins=[plugin])
    await runner.start()
    core = runner.context.core  # type: ignore[union-attr]
    references = []
    for i in range(20):
        submitted = await core.service.submit_complaint(ComplaintSubmission(
            identity=Identity("telegram", f"{i}"), description="Charged twice for one order"))
        references.append(submitted.reference)
    await peer.call("wait_for", "chat.postMessage", 20, TRIAGE, 60)
    meter = CpuMeter(peer)
    load = await peer.call("product_load", f"http://127.0.0.1:{runner.port}/slack/events", events, actions,
                           concurrency, ack_concurrency, references)
    cpu = meter.spent()
    await plugin.deps.work.drain(timeout=120)  # type: ignore[union-attr]
    # the ceiling: the same DMs straight into the dialogue manager, no Slack in between
    from bot.messages import InboundMessage
    from datetime import datetime, timezone

    dialogue = runner.context.dialogue  # type: ignore[union-attr]
    direct = [InboundMessage(channel="slack", conversation=f"E{i:08d}", sender=f"W{i:08d}",
                             text="Hello, I want to complain about my broadband", received_at=datetime.now(timezone.utc),
                             platform_message_id=f"direct-{i}") for i in range(events)]
    started = time.perf_counter()
    await bounded(direct, dialogue.handle, concurrency)
    dialogue_rate = events / (time.perf_counter() - started)
    await runner.stop()
    assert all(status == 200 for status in load["statuses"])
    dm_acks, acks = load["dm_acks"], load["acks"]
    return {"events_per_second": events / load["elapsed"], "dialogue_per_second": dialogue_rate,
            "dm_ack_p50": pct(dm_acks, 0.5), "dm_ack_p99": pct(dm_acks, 0.99),
            "action_ack_p50": pct(acks, 0.5), "action_ack_p99": pct(acks, 0.99), **cpu}


def cpu_line(figures: dict, events: int) -> tuple[str, float, float]:
    """The app's and the peer's CPU per DM, in words, and as two numbers (ms)."""
    app = [seconds * 1000 / events for seconds in figures["app_cpu"]]
    peer = figures["peer_cpu"] * 1000 / events
    parts = " + ".join(f"{ms:.2f}" for ms in app)
    return (f"CPU per DM: app {sum(app):.2f} ms" + (f" ({parts}: serving + worker process)" if len(app) > 1 else "")
            + f", peer {peer:.2f} ms", sum(app), peer)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1500)
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50, help="DM events in flight")
    parser.add_argument("--ack-concurrency", type=int, default=10, help="agent actions in flight")
    args = parser.parse_args()
    async with PeerProcess("bench.bench_slack:SlackPeer") as peer:
        api_base = await peer.call("start")
        try:
            base_rate, base_acks = await baseline(peer, args.events, args.concurrency, args.ack_concurrency)
            echoed = await echo(peer, api_base, args.events, args.concurrency)
            ours = await product_run(peer, api_base, args.events, args.actions, args.concurrency, args.ack_concurrency)
        finally:
            await peer.call("close")
    print(f"baseline (bare bolt, no-op ack): {base_rate:8.1f} acks/s   ack p50 {pct(base_acks, 0.5):6.1f} ms"
          f"   p99 {pct(base_acks, 0.99):6.1f} ms")
    echo_rate = float(echoed["rate"])  # type: ignore[arg-type]
    echo_cpu, echo_app, echo_peer = cpu_line(echoed, args.events)
    ours_cpu, ours_app, ours_peer = cpu_line(ours, args.events)
    print(f"echo app (bolt, ack + chat.postMessage per DM): {echo_rate:8.1f} DMs/s end to end   {echo_cpu}")
    print(f"complaintdesk DM end to end:     {ours['events_per_second']:8.1f} events/s (target >= 300)"
          f"   ratio to the echo app {ours['events_per_second'] / echo_rate:.2f} (target >= 0.4)"
          f"   ratio to baseline acks/s {ours['events_per_second'] / base_rate:.2f}")
    print(f"  {ours_cpu} (agent actions included)   ratio to the echo app by CPU per DM: app {echo_app / ours_app:.2f},"
          f" app and peer {(echo_app + echo_peer) / (ours_app + ours_peer):.2f}")
    print(f"  ceiling: the dialogue manager alone on the same DMs: {ours['dialogue_per_second']:8.1f} turns/s"
          f"   Slack end to end / dialogue alone {ours['events_per_second'] / ours['dialogue_per_second']:.2f}")
    print(f"  DM ack latency:                 p50 {ours['dm_ack_p50']:6.1f} ms   p99 {ours['dm_ack_p99']:6.1f} ms")
    print(f"agent action ack under DM load:  p50 {ours['action_ack_p50']:6.1f} ms   p99 {ours['action_ack_p99']:6.1f} ms"
          f" (target < 100)   ratio p99 to baseline {ours['action_ack_p99'] / pct(base_acks, 0.99):.2f}")
    print(f"({args.events} DM events at concurrency {args.concurrency}, {args.actions} agent actions at concurrency"
          f" {args.ack_concurrency}; SQLite, memory KV; the app in one process (and its worker process), the Web API and"
          f" the load in another; baseline acks at the same concurrencies; load average {os.getloadavg()[0]:.1f} at the end)")


if __name__ == "__main__":
    asyncio.run(main())
