"""A small real Slack Web API on loopback: answers the methods the Slack channel calls in the
shapes Slack documents, and records every call. Tests may slow it down or make methods fail.

It also plays Slack's Socket Mode end: ``apps.connections.open`` (with the app-level token) hands
out a WebSocket URL on the same server, which greets with ``hello`` and then carries envelopes
(``events_api``, ``interactive``, ``slash_commands``) that the app must acknowledge by
``envelope_id``.

Files go up as Slack's current upload does it (slack_sdk's ``files_upload_v2``):
``files.getUploadURLExternal`` (filename, length) hands out an upload URL on this server and a
file id; the bytes are POSTed to that URL (raw or as a multipart form, no token: the URL is the
credential) and answered ``OK - <length>``; ``files.completeUploadExternal`` (files as JSON,
``channel_id``) shares them. Uploaded files are kept in ``uploads``."""

from __future__ import annotations

import asyncio
import itertools
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_TOKEN = "xoxb-test-token"
TEAM = "T0000TEAM"
BOT_USER = "U0000BOT"
BOT_ID = "B0000BOT"
APP_TOKEN = "xapp-1-A0000APP-1-test"


@dataclass
class ApiCall:
    method: str
    params: dict[str, Any]
    answer: dict[str, Any] = field(default_factory=dict)  # what the fake answered (a posted message's ts)

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)


@dataclass
class Upload:
    """A file as it went up: announced, sent to its upload URL, then completed into a channel."""

    file_id: str
    filename: str
    length: int
    alt_txt: str = ""
    data: bytes | None = None
    channel: str = ""
    title: str = ""
    initial_comment: str = ""
    completed: bool = False


@dataclass
class FakeSlackApi:
    agents_group: set[str] = field(default_factory=set)
    channel_members: dict[str, set[str]] = field(default_factory=dict)
    locales: dict[str, str] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # method -> Slack error code
    outages: dict[str, tuple[int, str]] = field(default_factory=dict)  # method -> (HTTP status, content type): no JSON
    calls: list[ApiCall] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # served at /files-pri/... to the bot token only
    downloads: list[str] = field(default_factory=list)
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    _views: itertools.count = field(default_factory=lambda: itertools.count(1))
    url: str = ""
    _runner: web.AppRunner | None = None
    _changed: asyncio.Condition | None = None
    sockets: list[web.WebSocketResponse] = field(default_factory=list)
    socket_acks: dict[str, dict[str, Any]] = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)  # by file id
    upload_status: int = 200  # what the upload URL answers (a 5xx: the file storage is in trouble)
    _upload_tokens: dict[str, str] = field(default_factory=dict)  # upload URL token -> file id
    _file_ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def base_url(self) -> str:
        return self.url + "/api/"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle)
        app.router.add_get("/link", self._socket)
        app.router.add_get("/files-pri/{team_file}/download/{name}", self._download)
        app.router.add_post("/upload/v1/{token}", self._upload)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        self._changed = asyncio.Condition()

    def add_file(self, file_id: str, name: str, data: bytes, mimetype: str, *, size: int | None = None) -> dict[str, Any]:
        """A file object as Slack puts it in a ``file_share`` message (``size`` may be made to lie)."""
        self.files[f"T0000TEAM-{file_id}/{name}"] = data
        return {"id": file_id, "name": name, "title": name, "mimetype": mimetype, "filetype": name.rsplit(".", 1)[-1],
                "size": len(data) if size is None else size, "mode": "hosted", "is_external": False,
                "url_private": f"{self.url}/files-pri/T0000TEAM-{file_id}/{name}",
                "url_private_download": f"{self.url}/files-pri/T0000TEAM-{file_id}/download/{name}"}

    async def _download(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
            return web.Response(status=302, headers={"Location": "https://slack.com/signin"})  # as Slack does
        key = f"{request.match_info['team_file']}/{request.match_info['name']}"
        self.downloads.append(key)
        if key not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[key], content_type="application/octet-stream")

    async def _upload(self, request: web.Request) -> web.Response:
        """The upload URL: the file's bytes, raw or as a multipart form's file (Slack takes both)."""
        file_id = self._upload_tokens.get(request.match_info["token"])
        if file_id is None:
            return web.Response(status=404, text="not found")
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            part = next((value for value in form.values() if isinstance(value, web.FileField)), None)
            data = part.file.read() if part is not None else b""
        else:
            data = await request.read()
        self.calls.append(ApiCall("upload", {"file_id": file_id, "length": len(data)}))
        await self._notify()
        if self.upload_status != 200:
            return web.Response(status=self.upload_status, text="upstream error")
        upload = self.uploads[file_id]
        if len(data) != upload.length:
            return web.Response(status=400, text=f"length mismatch: announced {upload.length}, got {len(data)}")
        upload.data = data
        return web.Response(text=f"OK - {len(data)}")

    async def stop(self) -> None:
        for socket in list(self.sockets):
            await socket.close()
        if self._runner:
            await self._runner.cleanup()

    def of(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0, **match: Any) -> list[ApiCall]:
        """Wait until ``count`` calls of ``method`` (whose params include ``match``) were made."""
        assert self._changed is not None

        found: list[ApiCall] = []
        seen = 0

        def enough() -> bool:  # each call looked at once: a benchmark waits for thousands
            nonlocal seen
            if seen > len(self.calls):  # a test cleared the record
                found.clear()
                seen = 0
            found.extend(c for c in self.calls[seen:]
                         if c.method == method and all(c.params.get(k) == v for k, v in match.items()))
            seen = len(self.calls)
            return len(found) >= count

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(enough), timeout)
        return found

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                params.update(dict(await request.post()))
        for key in ("blocks", "view"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        if method == "apps.connections.open":
            return await self._open_connection(request)
        if request.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if method in self.delays:
            await asyncio.sleep(self.delays[method])
        call = ApiCall(method, params)
        self.calls.append(call)
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()
        if method in self.outages:  # a proxy or load balancer in trouble answers, not Slack: no JSON
            status, content_type = self.outages[method]
            return web.Response(status=status, content_type=content_type,
                                text="upstream connect error or disconnect/reset before headers")
        if method in self.failures:
            error = self.failures[method]
            if error == "ratelimited":
                return web.json_response({"ok": False, "error": error}, status=429, headers={"Retry-After": "7"})
            return web.json_response({"ok": False, "error": error})
        answer = getattr(self, "_" + method.replace(".", "_"), None)
        if answer is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        try:
            call.answer = {"ok": True, **answer(params)}
        except _SlackError as error:
            call.answer = {"ok": False, "error": str(error)}
        return web.json_response(call.answer)

    # -- Socket Mode ------------------------------------------------------------------------

    async def _open_connection(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {APP_TOKEN}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        self.calls.append(ApiCall("apps.connections.open", {}))
        return web.json_response({"ok": True, "url": self.url.replace("http://", "ws://") + "/link"})

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0000APP"},
                                "debug_info": {"host": "applink-test", "approximate_connection_time": 18060}})
        self.sockets.append(socket)
        await self._notify()
        async for message in socket:
            if message.type.name != "TEXT":
                continue
            data = json.loads(message.data)
            if data.get("envelope_id"):
                self.socket_acks[str(data["envelope_id"])] = data
                await self._notify()
        self.sockets.remove(socket)
        return socket

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    async def push_envelope(self, kind: str, payload: dict[str, Any], timeout: float = 10.0) -> str:
        """Send an envelope (``events_api``, ``interactive``, ``slash_commands``) down the open
        socket; returns its ``envelope_id``.

Files go up as Slack's current upload does it (slack_sdk's ``files_upload_v2``):
``files.getUploadURLExternal`` (filename, length) hands out an upload URL on this server and a
file id; the bytes are POSTed to that URL (raw or as a multipart form, no token: the URL is the
credential) and answered ``OK - <length>``; ``files.completeUploadExternal`` (files as JSON,
``channel_id``) shares them. Uploaded files are kept in ``uploads``."""
        assert self._changed is not None
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: bool(self.sockets)), timeout)
        envelope_id = str(uuid.uuid4())
        await self.sockets[-1].send_json({"envelope_id": envelope_id, "type": kind, "payload": payload,
                                          "accepts_response_payload": kind != "events_api",
                                          "retry_attempt": 0, "retry_reason": ""})
        return envelope_id

    async def wait_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        assert self._changed is not None
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: envelope_id in self.socket_acks), timeout)
        return self.socket_acks[envelope_id]

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _auth_test(self, _: dict) -> dict:
        return {"url": "https://test.slack.com/", "team": "Test", "user": "complaintdesk", "team_id": TEAM,
                "user_id": BOT_USER, "bot_id": BOT_ID, "is_enterprise_install": False}

    def _chat_postMessage(self, p: dict) -> dict:
        channel = str(p.get("channel"))
        if channel.startswith("U"):
            channel = "D" + channel[1:]  # Slack answers with the DM channel it opened
        ts = self._next_ts()
        return {"channel": channel, "ts": ts,
                "message": {"type": "message", "text": p.get("text", ""), "user": BOT_USER, "bot_id": BOT_ID, "ts": ts}}

    def _chat_update(self, p: dict) -> dict:
        return {"channel": p.get("channel"), "ts": p.get("ts"), "text": p.get("text", "")}

    def _chat_postEphemeral(self, _: dict) -> dict:
        return {"message_ts": self._next_ts()}

    def _view(self, p: dict, view_id: str) -> dict:
        view = dict(p.get("view") or {})
        return {"view": {**view, "id": view_id, "team_id": TEAM, "hash": f"h{view_id}"}}

    def _views_open(self, p: dict) -> dict:
        return self._view(p, f"V{next(self._views):06d}")

    def _views_update(self, p: dict) -> dict:
        return self._view(p, str(p.get("view_id")))

    def _users_info(self, p: dict) -> dict:
        user = str(p.get("user"))
        return {"user": {"id": user, "team_id": TEAM, "name": user.lower(), "real_name": f"User {user}",
                         "is_bot": False, "locale": self.locales.get(user, "en-US")}}

    def _usergroups_users_list(self, _: dict) -> dict:
        return {"users": sorted(self.agents_group)}

    def _conversations_members(self, p: dict) -> dict:
        return {"members": sorted(self.channel_members.get(str(p.get("channel")), set())),
                "response_metadata": {"next_cursor": ""}}

    def _conversations_open(self, p: dict) -> dict:
        users = str(p.get("users") or "")
        if not users or "," in users:
            raise _SlackError("invalid_arguments")
        return {"channel": {"id": "D" + users[1:]}}

    def _files_getUploadURLExternal(self, p: dict) -> dict:
        filename, length = str(p.get("filename") or ""), str(p.get("length") or "")
        if not filename or not length.isdigit():
            raise _SlackError("invalid_arguments")
        file_id, token = f"F{next(self._file_ids):09d}", uuid.uuid4().hex
        self.uploads[file_id] = Upload(file_id, filename, int(length), alt_txt=str(p.get("alt_txt") or ""))
        self._upload_tokens[token] = file_id
        return {"upload_url": f"{self.url}/upload/v1/{token}", "file_id": file_id}

    def _files_completeUploadExternal(self, p: dict) -> dict:
        try:
            files = json.loads(str(p.get("files") or ""))
        except ValueError:
            raise _SlackError("invalid_arguments") from None
        channel = str(p.get("channel_id") or "")
        shared = []
        for item in files:
            upload = self.uploads.get(str(item.get("id")))
            if upload is None or upload.data is None:
                raise _SlackError("file_not_found")
            upload.completed, upload.channel = True, channel
            upload.title, upload.initial_comment = str(item.get("title") or upload.filename), str(p.get("initial_comment") or "")
            shared.append({"id": upload.file_id, "name": upload.filename, "title": upload.title, "size": upload.length,
                           "mimetype": "image/png" if upload.filename.endswith(".png") else "application/octet-stream",
                           "channels": [channel] if channel.startswith("C") else [],
                           "ims": [channel] if channel.startswith("D") else []})
        return {"files": shared}


class _SlackError(Exception):
    """A method's ``{"ok": false, "error": ...}`` answer."""
