"""Posting to ``/slack/events`` as Slack does: signed with the signing secret (v0 HMAC-SHA256 over
``v0:<timestamp>:<body>``), JSON for the Events API, form-encoded for interactivity and commands."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import aiohttp

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def signature(secret: str, timestamp: str, body: str | bytes) -> str:
    raw = body.encode() if isinstance(body, str) else body
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + raw, hashlib.sha256).hexdigest()
    return f"v0={digest}"


def event_body(payload: dict) -> tuple[str, str]:
    return json.dumps(payload), "application/json"


def interactive_body(payload: dict) -> tuple[str, str]:
    return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"


def command_body(fields: dict) -> tuple[str, str]:
    return urlencode(fields), "application/x-www-form-urlencoded"


@dataclass
class Answer:
    status: int
    text: str
    seconds: float

    def json(self) -> dict:
        return json.loads(self.text) if self.text else {}


class SlackPoster:
    def __init__(self, session: aiohttp.ClientSession, url: str, secret: str = SIGNING_SECRET) -> None:
        self.session, self.url, self.secret = session, url, secret

    async def post(self, body: str | bytes, content_type: str, *, timestamp: int | None = None,
                   secret: str | None = None, headers: dict[str, str] | None = None, signed: bool = True) -> Answer:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        all_headers = {"Content-Type": content_type}
        if signed:
            all_headers |= {"X-Slack-Request-Timestamp": stamp,
                            "X-Slack-Signature": signature(secret or self.secret, stamp, body)}
        all_headers |= headers or {}
        started = time.perf_counter()
        data = body.encode() if isinstance(body, str) else body
        async with self.session.post(self.url, data=data, headers=all_headers) as response:
            text = await response.text()
        return Answer(response.status, text, time.perf_counter() - started)

    async def event(self, payload: dict, **kwargs: object) -> Answer:
        return await self.post(*event_body(payload), **kwargs)  # type: ignore[arg-type]

    async def interactive(self, payload: dict, **kwargs: object) -> Answer:
        return await self.post(*interactive_body(payload), **kwargs)  # type: ignore[arg-type]

    async def command(self, fields: dict, **kwargs: object) -> Answer:
        return await self.post(*command_body(fields), **kwargs)  # type: ignore[arg-type]
