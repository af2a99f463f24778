"""Files a complainant shares in a DM: checked against the core's attachment policy by the size
and type Slack reports, then downloaded with the bot token (``url_private_download``) and checked
again by what actually arrived. Only Slack's file host, or the configured API's host, is sent the
token."""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass
from urllib.parse import urlsplit

import aiohttp

from bot.messages import InboundAttachment
from core.attachments import AttachmentStore
from core.errors import AttachmentRejected

log = logging.getLogger(__name__)
SLACK_FILE_HOSTS = frozenset({"files.slack.com"})


@dataclass(frozen=True, slots=True)
class RefusedFile:
    """A shared file that was not taken: ``too_big``, ``type`` (not accepted) or ``unavailable``."""

    filename: str
    reason: str
    content_type: str


class SlackFiles:
    def __init__(self, session: aiohttp.ClientSession, token: str, store: AttachmentStore, api_base: str,
                 timeout: float = 30.0) -> None:
        self._session = session
        self._token = token
        self._store = store
        self._hosts = SLACK_FILE_HOSTS | {urlsplit(api_base).hostname or ""}
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def fetch(self, files: list[dict]) -> tuple[list[InboundAttachment], list[RefusedFile]]:
        kept: list[InboundAttachment] = []
        refused: list[RefusedFile] = []
        for item in files:
            name = str(item.get("name") or item.get("title") or f"file-{item.get('id', '')}")[:255]
            kind = str(item.get("mimetype") or mimetypes.guess_type(name)[0] or "application/octet-stream")
            url = str(item.get("url_private_download") or item.get("url_private") or "")
            if item.get("mode") == "tombstone" or not url or urlsplit(url).hostname not in self._hosts:
                refused.append(RefusedFile(name, "unavailable", kind))
                continue
            try:
                self._store.check(name, kind, int(item.get("size") or 0))
                data = await self._download(url)
                self._store.check(name, kind, len(data))
            except AttachmentRejected as rejection:
                refused.append(RefusedFile(name, rejection.kind, kind))
                continue
            except (aiohttp.ClientError, TimeoutError, _NotServed) as error:
                log.warning("slack: could not download a shared file (%s)", type(error).__name__)
                refused.append(RefusedFile(name, "unavailable", kind))
                continue
            kept.append(InboundAttachment(name, kind, data))
        return kept, refused

    async def _download(self, url: str) -> bytes:
        limit = self._store.limits.max_bytes
        async with self._session.get(url, headers={"Authorization": f"Bearer {self._token}"},
                                     timeout=self._timeout, allow_redirects=False) as response:
            if response.status != 200:
                raise _NotServed(f"{response.status} for a shared file")
            chunks, size = [], 0
            async for chunk in response.content.iter_chunked(64 * 1024):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:  # enough to know it is too big; the rest is not read
                    break
        return b"".join(chunks)


class _NotServed(Exception):
    pass
