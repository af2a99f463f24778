"""``complaintdesk serve``: one asyncio process with the web app, the outbox dispatcher, the
timers and every configured channel."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from aiohttp import web

from channels.app import gc_freeze
from channels.app.background import cancel_and_wait
from channels.app.bootstrap import bootstrap
from channels.app.metrics import PrometheusMetrics
from channels.app.plugin import ChannelPlugin, ServeContext
from channels.app.registry import channel_plugins, register_personal_data_holders
from channels.app.web import STARTUP_KEY, build_web_app
from config.settings import Settings
from core.ports import Clock
from core.runtime import Core

log = logging.getLogger(__name__)
TIMER_SECONDS = 60.0


class Runner:
    """Starts and stops the product in-process (tests use it with port 0)."""

    def __init__(self, settings: Settings, *, clock: Clock | None = None,
                 plugins: list[ChannelPlugin] | None = None, metrics: PrometheusMetrics | None = None) -> None:
        """:param metrics: what ``/metrics`` serves; a new registry of this process's own by default"""
        self.settings = settings
        self.metrics = metrics or PrometheusMetrics()
        self.clock = clock
        self._plugins = plugins
        self.context: ServeContext | None = None
        self.started: list[ChannelPlugin] = []
        self.skipped: dict[str, str] = {}
        self._opened = contextlib.AsyncExitStack()
        self._runner: web.AppRunner | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self.port: int | None = None

    @property
    def core(self) -> Core:
        if self.context is None:
            raise RuntimeError("the runner has not been started")
        return self.context.core

    async def start(self) -> ServeContext:
        settings = self.settings
        product = await self._opened.enter_async_context(bootstrap(settings, dialogue=True, clock=self.clock,
                                                                   metrics=self.metrics))
        core, redis = product.core, product.redis
        app = build_web_app(core, redis, self.metrics)
        context = ServeContext(settings=settings, core=core, dialogue=product.dialogue, web=app, redis=redis)
        self.context = context
        plugins = self._plugins if self._plugins is not None else channel_plugins()
        register_personal_data_holders(core, settings, plugins)
        for plugin in plugins:
            reason = plugin.not_configured_reason(settings)
            if reason:
                self.skipped[plugin.name] = reason
                log.info("channel %s not started: %s", plugin.name, reason)
                continue
            await plugin.setup(context)
            self.started.append(plugin)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, settings.http_host, settings.http_port)
        await site.start()
        # the bound port, when 0 was asked for: the runner's public list of bound addresses
        bound = [address for address in self._runner.addresses if isinstance(address, tuple) and len(address) >= 2]
        self.port = int(bound[0][1]) if bound else settings.http_port
        for plugin in self.started:
            await plugin.start(context)
        self._tasks.append(asyncio.create_task(core.dispatcher.run_forever(settings.outbox_poll_seconds), name="outbox"))
        self._tasks.append(asyncio.create_task(self._timers(core), name="timers"))
        app[STARTUP_KEY].done = True
        frozen = gc_freeze.settle()
        log.debug("%d long-lived objects frozen out of the garbage collector's way", frozen)
        log.info(started_line(settings.http_host, self.port, [p.name for p in self.started], sorted(self.skipped)))
        return context

    async def _timers(self, core: Core) -> None:
        while True:
            try:
                done = await core.timers_round()
                result = {**done.counts(), "expired_sessions": await core.conversations.purge()}
                if not done.ran:
                    log.debug("timers: another process is running this round")
                if any(result.values()):
                    log.info("timers: %s", result)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("timers round failed")
            await asyncio.sleep(TIMER_SECONDS)

    async def stop(self) -> None:
        gc_freeze.release()
        await cancel_and_wait(self._tasks)
        for plugin in reversed(self.started):
            try:
                await plugin.stop()
            except Exception:
                log.exception("channel %s did not stop cleanly", plugin.name)
        if self.context:
            for task in list(self.context.background):
                task.cancel()
        if self._runner:
            await self._runner.cleanup()
        await self._opened.aclose()


async def serve_forever(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):  # before starting: a stop while starting is clean too
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    runner = Runner(settings)
    try:
        await runner.start()
        await stop.wait()
        log.info("complaintdesk is stopping: finishing the work in hand")
    finally:
        await runner.stop()
        log.info("complaintdesk stopped")


def started_line(host: str, port: int | None, started: list[str], skipped: list[str]) -> str:
    """What the operator reads once the product is up: where it listens and which channels run."""
    address = f"[{host}]" if ":" in host else host
    channels = ", ".join(started) or "none (the console chat works without them)"
    line = (f"complaintdesk is running: web app on http://{address}:{port} (health: /healthz, readiness: /readyz, metrics: /metrics); "
            f"channels running: {channels}")
    if skipped:
        line += f"; not started: {', '.join(skipped)} (the reasons are logged above)"
    return line + "; stop with Ctrl-C or SIGTERM"
