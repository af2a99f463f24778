"""A small, real Telegram Bot API server on loopback for tests and the benchmark.

It speaks the Bot API wire format (``POST /bot<token>/<method>`` with form, multipart or JSON
parameters; ``{"ok": true, "result": ...}`` answers; ``GET /file/bot<token>/<path>`` downloads),
records every call, and can be told to answer with 429 / 403 / 500 like Telegram does.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

JSON_FIELDS = frozenset({"reply_markup", "commands", "allowed_updates", "scope", "link_preview_options",
                         "reply_parameters", "entities"})
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Complaint desk", "username": "complaintdesk_bot",
            "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
TAG = re.compile(r"</?(b|strong|i|em|u|ins|s|strike|del|code|pre|a|tg-spoiler|blockquote)(\s[^>]*)?>")
ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


def html_problem(text: str) -> str | None:
    """What Telegram's HTML parser would refuse in ``text`` (a stray ``<`` or ``&``), if anything."""
    bare = TAG.sub("", text)
    if "<" in bare or ">" in bare:
        return "Unsupported start tag"
    if "&" in ENTITY.sub("", bare):
        return "Unclosed entity"
    return None


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str
    at: float = field(default_factory=time.monotonic)


@dataclass
class Failure:
    status: int
    description: str
    retry_after: int | None = None
    chat_id: str | None = None


@dataclass
class StoredFile:
    data: bytes
    path: str
    size: int  # what getFile reports (may differ from len(data) to simulate huge files)


class FakeBotApi:
    """Start with ``await api.start()``; ``api.base_url`` goes into ``telegram_api_base``."""

    def __init__(self, *, token: str = "123456:TEST", auto_files: bool = True) -> None:
        self.token = token
        self.auto_files = auto_files
        self.calls: list[Call] = []
        self.files: dict[str, StoredFile] = {}
        self.webhook: dict[str, Any] = {}
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.blocked: set[str] = set()
        self.lost: set[str] = set()  # file ids getFile knows but whose download answers 404
        self.failures: dict[str, deque[Failure]] = defaultdict(deque)
        self.sent: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> FakeBotApi:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- what tests arrange ------------------------------------------------------------------

    def fail(self, method: str, status: int, *, times: int = 1, retry_after: int | None = None,
             description: str | None = None, chat_id: int | str | None = None) -> None:
        """The next ``times`` calls of ``method`` (for ``chat_id``, if given) fail like Telegram."""
        text = description or {
            429: f"Too Many Requests: retry after {retry_after or 1}",
            403: "Forbidden: bot was blocked by the user",
            400: "Bad Request: chat not found",
        }.get(status, "Internal Server Error")
        for _ in range(times):
            self.failures[method].append(Failure(status, text, retry_after if status == 429 else None,
                                                 None if chat_id is None else str(chat_id)))

    def block(self, chat_id: int | str) -> None:
        """The person blocked the bot: every sendMessage to them answers 403 from now on."""
        self.blocked.add(str(chat_id))

    def add_file(self, file_id: str, data: bytes, *, reported_size: int | None = None) -> None:
        self.files[file_id] = StoredFile(data, f"documents/{file_id}.bin",
                                         len(data) if reported_size is None else reported_size)

    def next_update_id(self) -> int:
        return next(self._update_ids)

    async def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for ``getUpdates`` (long polling wakes up at once)."""
        async with self._changed:
            self._updates.append(update)
            self._changed.notify_all()

    async def push_updates(self, batch: list[dict[str, Any]]) -> None:
        """Queue several updates at once (one getUpdates answer carries them all)."""
        async with self._changed:
            self._updates.extend(batch)
            self._changed.notify_all()

    async def post_to_webhook(self, update: dict[str, Any] | bytes, *, url: str | None = None,
                              secret: str | None | bool = True) -> int:
        """Deliver an update the way Telegram does in webhook mode; returns the HTTP status.
        ``secret=True`` sends the secret given to setWebhook, a string sends that, None sends none."""
        if self._client is None:
            self._client = aiohttp.ClientSession()
        target = url or self.webhook["url"]
        headers = {"Content-Type": "application/json"}
        token = self.webhook.get("secret_token") if secret is True else secret
        if isinstance(token, str):
            headers["X-Telegram-Bot-Api-Secret-Token"] = token
        body = update if isinstance(update, bytes) else json.dumps(update).encode()
        async with self._client.post(target, data=body, headers=headers) as response:
            await response.read()
            return response.status

    # -- what tests inspect ------------------------------------------------------------------

    def calls_of(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def texts_to(self, chat_id: int | str) -> list[str]:
        return [message["text"] for message in self.sent[str(chat_id)]]

    async def wait_for(self, method: str, count: int = 1, *, timeout: float = 15.0,
                       chat_id: int | str | None = None) -> list[Call]:
        """Wait until ``method`` has been called ``count`` times (for ``chat_id``, if given)."""
        deadline = time.monotonic() + timeout

        def matching() -> list[Call]:
            return [c for c in self.calls_of(method) if chat_id is None or str(c.params.get("chat_id")) == str(chat_id)]

        async with self._changed:
            while len(matching()) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"{method} called {len(matching())} times, expected {count}; "
                                         f"calls so far: {[c.method for c in self.calls]}")
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    pass
        return matching()

    # -- the wire ------------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                form = await request.post()
                params.update({k: v for k, v in form.items() if isinstance(v, str)})
        for key in JSON_FIELDS & params.keys():
            if isinstance(params[key], str):
                params[key] = json.loads(params[key])
        return params

    @staticmethod
    def _ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=status)

    async def _method(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        params = await self._params(request)
        async with self._changed:
            self.calls.append(Call(method, params, token))
            self._changed.notify_all()
        if token != self.token:
            return self._error(401, "Unauthorized")
        failure = self._take_failure(method, params)
        if failure is not None:
            return self._error(failure.status, failure.description, failure.retry_after)
        handler = getattr(self, f"_api_{method.lower()}", None)
        if handler is None:
            return self._error(404, "Not Found: method not found")
        return await handler(params)

    def _take_failure(self, method: str, params: dict[str, Any]) -> Failure | None:
        queue = self.failures.get(method)
        chat = str(params.get("chat_id", ""))
        if queue:
            for failure in list(queue):
                if failure.chat_id is None or failure.chat_id == chat:
                    queue.remove(failure)
                    return failure
        if method == "sendMessage" and chat in self.blocked:
            return Failure(403, "Forbidden: bot was blocked by the user")
        return None

    async def _api_getme(self, params: dict[str, Any]) -> web.Response:
        return self._ok(BOT_USER)

    async def _api_getupdates(self, params: dict[str, Any]) -> web.Response:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        if self.webhook.get("url"):
            return self._error(409, "Conflict: can't use getUpdates method while webhook is active; "
                                    "use deleteWebhook to delete the webhook first")
        deadline = time.monotonic() + timeout
        async with self._changed:
            if offset:
                self._updates = [u for u in self._updates if u.get("update_id", 0) >= offset]
            while not self._updates and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
                if offset:
                    self._updates = [u for u in self._updates if u.get("update_id", 0) >= offset]
            return self._ok(self._updates[:limit])

    async def _api_setwebhook(self, params: dict[str, Any]) -> web.Response:
        self.webhook = {"url": params.get("url", ""), "secret_token": params.get("secret_token"),
                        "allowed_updates": params.get("allowed_updates")}
        return self._ok(True)

    async def _api_deletewebhook(self, params: dict[str, Any]) -> web.Response:
        self.webhook = {}
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            self._updates.clear()
        return self._ok(True)

    async def _api_getwebhookinfo(self, params: dict[str, Any]) -> web.Response:
        return self._ok({"url": self.webhook.get("url", ""), "has_custom_certificate": False,
                         "pending_update_count": 0})

    async def _api_setmycommands(self, params: dict[str, Any]) -> web.Response:
        self.commands[str(params.get("language_code") or "")] = params["commands"]
        return self._ok(True)

    async def _api_sendmessage(self, params: dict[str, Any]) -> web.Response:
        text = params.get("text", "")
        if not text:
            return self._error(400, "Bad Request: message text is empty")
        if params.get("parse_mode") == "HTML":
            problem = html_problem(text)
            if problem:
                return self._error(400, f"Bad Request: can't parse entities: {problem}")
        visible = html.unescape(TAG.sub("", text)) if params.get("parse_mode") == "HTML" else text
        if len(visible.encode("utf-16-le")) // 2 > 4096:
            return self._error(400, "Bad Request: message is too long")
        chat_id = str(params["chat_id"])
        message = {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": {"id": int(chat_id), "type": "private", "first_name": "Person"},
            "from": {k: BOT_USER[k] for k in ("id", "is_bot", "first_name", "username")},
            "text": text,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.sent[chat_id].append({**message, "parse_mode": params.get("parse_mode")})
        return self._ok(message)

    async def _api_editmessagereplymarkup(self, params: dict[str, Any]) -> web.Response:
        chat_id, message_id = str(params.get("chat_id")), int(params.get("message_id") or 0)
        for message in self.sent.get(chat_id, []):
            if message["message_id"] == message_id:
                message["reply_markup"] = params.get("reply_markup")
                return self._ok({k: v for k, v in message.items() if k != "parse_mode"})
        return self._error(400, "Bad Request: message to edit not found")

    async def _api_answercallbackquery(self, params: dict[str, Any]) -> web.Response:
        return self._ok(True)

    async def _api_getfile(self, params: dict[str, Any]) -> web.Response:
        file_id = str(params.get("file_id", ""))
        stored = self.files.get(file_id)
        if stored is None and self.auto_files:
            stored = StoredFile(f"file {file_id}".encode(), f"auto/{file_id}.bin", len(f"file {file_id}"))
            self.files[file_id] = stored
        if stored is None:
            return self._error(400, "Bad Request: invalid file_id")
        if stored.size > 20 * 1024 * 1024:
            return self._error(400, "Bad Request: file is too big")
        return self._ok({"file_id": file_id, "file_unique_id": file_id[:16], "file_size": stored.size,
                         "file_path": stored.path})

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        async with self._changed:
            self.calls.append(Call("download", {"path": path}, request.match_info["token"]))
            self._changed.notify_all()
        for file_id, stored in self.files.items():
            if stored.path == path and file_id not in self.lost:
                return web.Response(body=stored.data, content_type="application/octet-stream")
        return web.Response(status=404)
