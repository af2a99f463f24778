"""Photos, documents, voice messages and videos as attachments: getFile, then download, within the
core's attachment policy (size and type are checked before anything is downloaded)."""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass

import aiohttp
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import Message

from bot.messages import InboundAttachment
from core.attachments import AttachmentStore
from core.errors import AttachmentRejected

log = logging.getLogger(__name__)
BOT_API_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # the public Bot API serves files up to 20 MB


@dataclass(frozen=True, slots=True)
class MediaItem:
    file_id: str
    filename: str
    content_type: str
    size: int | None


@dataclass(frozen=True, slots=True)
class Refused:
    """A file the person sent that was not taken, and why: ``too_big``, ``type`` (not accepted) or
    ``unavailable`` (Telegram would not hand it over)."""

    filename: str
    reason: str
    content_type: str


class TooBig(Exception):
    pass


def media_items(message: Message) -> list[MediaItem]:
    """The files a message carries, with the names and types the person will recognise."""
    items: list[MediaItem] = []
    if message.photo:
        largest = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        items.append(MediaItem(largest.file_id, f"photo-{largest.file_unique_id}.jpg", "image/jpeg", largest.file_size))
    if message.document:
        doc = message.document
        name = doc.file_name or f"document-{doc.file_unique_id}"
        kind = doc.mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        items.append(MediaItem(doc.file_id, name, kind, doc.file_size))
    if message.voice:
        voice = message.voice
        items.append(MediaItem(voice.file_id, f"voice-{voice.file_unique_id}.ogg", voice.mime_type or "audio/ogg",
                               voice.file_size))
    if message.audio:
        audio = message.audio
        items.append(MediaItem(audio.file_id, audio.file_name or f"audio-{audio.file_unique_id}.mp3",
                               audio.mime_type or "audio/mpeg", audio.file_size))
    if message.video:
        video = message.video
        items.append(MediaItem(video.file_id, video.file_name or f"video-{video.file_unique_id}.mp4",
                               video.mime_type or "video/mp4", video.file_size))
    if message.video_note:
        note = message.video_note
        items.append(MediaItem(note.file_id, f"video-note-{note.file_unique_id}.mp4", "video/mp4", note.file_size))
    return items


class AttachmentFetcher:
    def __init__(self, bot: Bot, store: AttachmentStore) -> None:
        self.bot = bot
        self.store = store

    @property
    def max_bytes(self) -> int:
        return min(self.store.limits.max_bytes, BOT_API_DOWNLOAD_LIMIT)

    def _check(self, item: MediaItem, size: int) -> Refused | None:
        if size > self.max_bytes:
            return Refused(item.filename, "too_big", item.content_type)
        try:
            self.store.check(item.filename, item.content_type, size)
        except AttachmentRejected as rejection:
            return Refused(item.filename, rejection.kind, item.content_type)
        return None

    async def fetch(self, message: Message) -> tuple[list[InboundAttachment], list[Refused]]:
        """Download every acceptable file of ``message``; say which were refused and why."""
        taken: list[InboundAttachment] = []
        refused: list[Refused] = []
        for item in media_items(message):
            problem = self._check(item, item.size or 0)
            if problem is None:
                try:
                    data = await self._download(item)
                    problem = self._check(item, len(data))
                except TooBig:
                    problem = Refused(item.filename, "too_big", item.content_type)
                except (TelegramAPIError, aiohttp.ClientError, TimeoutError) as error:
                    log.warning("telegram file could not be fetched: %s", type(error).__name__)
                    problem = Refused(item.filename, "unavailable", item.content_type)
                if problem is None:
                    taken.append(InboundAttachment(item.filename, item.content_type, data))
            if problem is not None:
                refused.append(problem)
        return taken, refused

    async def _download(self, item: MediaItem) -> bytes:
        try:
            file = await self.bot.get_file(item.file_id)
        except TelegramBadRequest as error:
            if "too big" in error.message.lower():
                raise TooBig() from None
            raise
        if (file.file_size or 0) > self.max_bytes:
            raise TooBig()
        if not file.file_path:
            raise TooBig()  # Telegram gives no path for files it will not serve
        url = self.bot.session.api.file_url(self.bot.token, file.file_path)
        chunks: list[bytes] = []
        received = 0
        async for chunk in self.bot.session.stream_content(url, timeout=60):
            received += len(chunk)
            if received > self.max_bytes:
                raise TooBig()
            chunks.append(chunk)
        return b"".join(chunks)
