"""The aiohttp application every HTTP-speaking channel shares: health and readiness first, then
the operators' metrics."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from channels.app.metrics import PrometheusMetrics
from core.runtime import Core

log = logging.getLogger(__name__)
CORE_KEY = web.AppKey("core", Core)
REDIS_KEY = web.AppKey("redis", object)


@dataclass
class Startup:
    """Set by the runner once every channel has started: until then the product is not ready;
    and again when it begins to stop (a balancer then sends its traffic to the other processes)."""

    done: bool = False
    stopping: bool = False
    instance: str = ""  # this process's name in claims and duties
    duties: Callable[[], dict[str, int | None]] | None = None  # the singleton duties held here, with their tokens


STARTUP_KEY = web.AppKey("startup", Startup)
METRICS_KEY = web.AppKey("metrics", PrometheusMetrics)


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """Ready when every channel has started (and the process is not stopping), the database
    answers and, if configured, Redis answers; says which process this is and the singleton
    duties it holds."""
    startup = request.app[STARTUP_KEY]
    checks: dict[str, str] = {"channels": "stopping" if startup.stopping else "ok" if startup.done else "starting"}
    core = request.app[CORE_KEY]
    problem = await core.database_problem()
    checks["database"] = "ok" if problem is None else f"down: {problem}"
    redis = request.app.get(REDIS_KEY)
    if redis is not None:
        try:
            await redis.ping()  # type: ignore[attr-defined]  # kept under an object-typed app key
            checks["redis"] = "ok"
        except Exception as error:
            checks["redis"] = f"down: {type(error).__name__}"
    ready = all(value == "ok" for value in checks.values())
    body: dict[str, object] = {"ready": ready, "checks": checks}
    if startup.instance:
        body["instance"] = startup.instance
    if startup.duties is not None:
        body["duties"] = startup.duties()
    return web.json_response(body, status=200 if ready else 503)


async def metrics(request: web.Request) -> web.Response:
    """This process's metrics in Prometheus's text format (:mod:`channels.app.metrics`); the
    backlog gauges are read from the database at most every few seconds."""
    exporter = request.app[METRICS_KEY]
    await exporter.refresh(request.app[CORE_KEY].queries.backlog)
    return web.Response(body=exporter.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST})


def build_web_app(core: Core, redis: object | None = None, metrics_of: PrometheusMetrics | None = None) -> web.Application:
    """:param metrics_of: what ``/metrics`` serves (the one fed through ``core.metrics``); none: no ``/metrics``"""
    app = web.Application(client_max_size=20 * 1024 * 1024)
    app[CORE_KEY] = core
    app[STARTUP_KEY] = Startup()
    if redis is not None:
        app[REDIS_KEY] = redis
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    if metrics_of is not None:
        app[METRICS_KEY] = metrics_of
        app.router.add_get("/metrics", metrics)
    return app
