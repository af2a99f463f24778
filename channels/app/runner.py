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
from channels.app.leadership import DEFAULT_RENEW_SECONDS, Leadership, duty_locks
from channels.app.metrics import PrometheusMetrics
from channels.app.plugin import ChannelPlugin, ServeContext
from channels.app.registry import channel_plugins, register_personal_data_holders
from channels.app.web import STARTUP_KEY, build_web_app
from config.settings import Settings
from core.ports import Clock
from core.runtime import Core

log = logging.getLogger(__name__)
TIMER_SECONDS = 60.0
TIMERS_DUTY = "timers"
STOP_GRACE_SECONDS = 20.0  # systemd's TimeoutStopSec must be longer (docs/operations.md)


class Runner:
    """Starts and stops the product in-process (tests use it with port 0)."""

    def __init__(self, settings: Settings, *, clock: Clock | None = None,
                 plugins: list[ChannelPlugin] | None = None, metrics: PrometheusMetrics | None = None,
                 grace_seconds: float = STOP_GRACE_SECONDS, renew_seconds: float = DEFAULT_RENEW_SECONDS) -> None:
        """:param metrics: what ``/metrics`` serves; a new registry of this process's own by default
        :param grace_seconds: how long a stop waits for each kind of work in hand (requests,
            deliveries, the outbox)
        :param renew_seconds: how often the singleton duties are kept (and a dead holder's taken over)"""
        self.grace_seconds = grace_seconds
        self.renew_seconds = renew_seconds
        self.duties: Leadership | None = None
        self._outbox: asyncio.Task[None] | None = None
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
        self.duties = duties = Leadership(duty_locks(core, redis, product.dialogue.keys),
                                          renew_seconds=self.renew_seconds)
        app = build_web_app(core, redis, self.metrics)
        app[STARTUP_KEY].instance, app[STARTUP_KEY].duties = settings.instance, duties.held
        context = ServeContext(settings=settings, core=core, dialogue=product.dialogue, web=app, redis=redis,
                               duties=duties)
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
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=self.grace_seconds)
        await self._runner.setup()
        site = web.TCPSite(self._runner, settings.http_host, settings.http_port)
        await site.start()
        # the bound port, when 0 was asked for: the runner's public list of bound addresses
        bound = [address for address in self._runner.addresses if isinstance(address, tuple) and len(address) >= 2]
        self.port = int(bound[0][1]) if bound else settings.http_port
        for plugin in self.started:
            await plugin.start(context)
        self._outbox = asyncio.create_task(core.dispatcher.run_forever(settings.outbox_poll_seconds), name="outbox")
        self._tasks.append(self._outbox)
        duties.duty(TIMERS_DUTY, lambda: self._timers(core))
        await duties.start()
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
        """A graceful stop: ``/readyz`` says so at once (the balancer sends no more), the
        singleton duties are let go (another process takes them now), the listeners close, the
        deliveries in hand and the outbox are finished within the grace period each, and what
        is cut short goes back to the journal for another process."""
        gc_freeze.release()
        if self.context is not None:
            self.context.web[STARTUP_KEY].stopping = True
        if self.duties is not None:
            await self.duties.stop()
        if self._runner:
            await self._runner.cleanup()  # no new requests; those in hand finish (up to the grace period)
            self._runner = None
        for plugin in reversed(self.started):
            try:
                await plugin.drain(self.grace_seconds)
            except Exception:
                log.exception("channel %s did not drain cleanly", plugin.name)
        if self._outbox is not None and self.context is not None:
            self.context.core.dispatcher.finish()  # what the last turns queued goes out first
            done, _ = await asyncio.wait([self._outbox], timeout=self.grace_seconds)
            if not done:
                log.warning("the outbox was still delivering after %g s; the rest waits for the next process",
                            self.grace_seconds)
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
