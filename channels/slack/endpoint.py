"""``POST /slack/events`` on the shared aiohttp app: Events API, interactivity and slash commands.

Every request is verified here, before its body is read as anything: a missing or wrong
signature, a stale or unreadable timestamp, or a body that is not UTF-8 (which Slack signs) is
answered 401; a signed body that is not a Slack payload (not JSON, a JSON array, a ``payload``
field that is not a JSON object) 400. Bolt sees only verified, well-formed requests, and no body reaches the log."""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import parse_qsl

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from channels.slack.app import request_kind

log = logging.getLogger(__name__)
PATH = "/slack/events"
TIMESTAMP_HEADER = "X-Slack-Request-Timestamp"
SIGNATURE_HEADER = "X-Slack-Signature"


class NotAPayload(ValueError):
    """A signed body that Slack would never send; the message says why, never what it held."""


class SlackEndpoint:
    def __init__(self, app: AsyncApp, signing_secret: str) -> None:
        self._app = app
        self._verifier = SignatureVerifier(signing_secret)
        self.ack_seconds: list[float] = []  # the last acks' durations, for the benchmark and health

    async def handle(self, request: web.Request) -> web.Response:
        started = time.perf_counter()
        try:
            text = (await request.read()).decode("utf-8")
        except UnicodeDecodeError:  # Slack signs UTF-8 text: anything else cannot be verified
            text = None
        timestamp = request.headers.get(TIMESTAMP_HEADER, "")
        if text is None or not timestamp.isdigit() or not self._verifier.is_valid(
                text, timestamp, request.headers.get(SIGNATURE_HEADER)):
            log.warning("slack request refused: missing or bad signature, a stale timestamp, or a body not UTF-8")
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            bolt_request = _bolt_request(text, request)
        except NotAPayload as reason:
            log.warning("slack request refused: signed, but %s", reason)
            return web.json_response({"error": "not a Slack payload"}, status=400)
        try:
            response = await self._app.async_dispatch(bolt_request)
        except Exception:  # never let Slack see a crash: it would retry the same request
            log.exception("slack request %s could not be dispatched", request_kind(bolt_request.body))
            return web.Response(status=200)
        if response.status == 404:
            response.status, response.body = 200, ""  # unhandled kinds are acknowledged and logged, never retried
        elif response.status >= 500:
            log.warning("slack request %s answered %s (Slack sends it again)", request_kind(bolt_request.body), response.status)
        elapsed = time.perf_counter() - started
        if len(self.ack_seconds) >= 10_000:
            del self.ack_seconds[:5_000]
        self.ack_seconds.append(elapsed)
        return await to_aiohttp_response(response)


def _bolt_request(text: str, request: web.Request) -> AsyncBoltRequest:
    """The verified body as bolt's request, once it is known to be what Slack sends: a JSON
    object (Events API), or a form whose ``payload``, if any, is a JSON object (interactivity)."""
    if request.content_type == "application/json" or text.startswith("{"):
        body = _json_object(text, "the body")
    else:
        fields = dict(parse_qsl(text, keep_blank_values=True))
        body = _json_object(fields["payload"], "its payload field") if "payload" in fields else fields
    if not _is_object(body.get("event", {})):
        raise NotAPayload("its event is not a JSON object")
    try:
        return AsyncBoltRequest(body=text, query=request.query_string, headers=request.headers)  # type: ignore[arg-type]  # bolt reads aiohttp's multidict as a mapping
    except Exception:  # bolt reads ids out of the body as it builds the request: a team that is a number...
        raise NotAPayload("bolt cannot read it as a request") from None


def _json_object(text: str, what: str) -> dict:
    try:
        value = json.loads(text)
    except ValueError:
        raise NotAPayload(f"{what} is not JSON") from None
    if not _is_object(value):
        raise NotAPayload(f"{what} is JSON but not an object")
    return value  # type: ignore[no-any-return]  # json.loads gives Any: checked above


def _is_object(value: object) -> bool:
    return isinstance(value, dict)
