"""``POST /slack/events`` on the shared aiohttp app: Events API, interactivity and slash commands."""

from __future__ import annotations

import logging
import time

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from channels.slack.app import request_kind

log = logging.getLogger(__name__)
PATH = "/slack/events"


class SlackEndpoint:
    def __init__(self, app: AsyncApp) -> None:
        self._app = app
        self.ack_seconds: list[float] = []  # the last acks' durations, for the benchmark and health

    async def handle(self, request: web.Request) -> web.Response:
        started = time.perf_counter()
        bolt_request = await to_bolt_request(request)
        try:
            response = await self._app.async_dispatch(bolt_request)
        except Exception:  # never let Slack see a crash: it would retry the same request
            log.exception("slack request %s could not be dispatched", request_kind(bolt_request.body))
            return web.Response(status=200)
        if response.status == 401:
            log.warning("slack request refused: bad signature or stale timestamp")
        elif response.status == 404:
            response.status, response.body = 200, ""  # unhandled kinds are acknowledged and logged, never retried
        elif response.status >= 500:
            log.error("slack request %s answered %s", request_kind(bolt_request.body), response.status)
        elapsed = time.perf_counter() - started
        if len(self.ack_seconds) >= 10_000:
            del self.ack_seconds[:5_000]
        self.ack_seconds.append(elapsed)
        return await to_aiohttp_response(response)
