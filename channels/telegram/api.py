"""The aiogram ``Bot`` pointed at the configured Bot API server (Telegram's, a self-hosted one, or a
test server on loopback)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from config.settings import Settings

REQUEST_TIMEOUT = 30.0


def build_bot(settings: Settings) -> Bot:
    """A Bot whose every request goes to ``settings.telegram_api_base`` with HTML parse mode."""
    if settings.telegram_token is None:
        raise ValueError("COMPLAINTDESK_TELEGRAM_TOKEN is not set")
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base), timeout=REQUEST_TIMEOUT)
    return Bot(settings.telegram_token.get_secret_value(), session=session,
               default=DefaultBotProperties(parse_mode=ParseMode.HTML))


def method_url(settings: Settings, method: str) -> str:
    """The plain URL of a Bot API method (the polling loop reads raw JSON with it)."""
    assert settings.telegram_token is not None
    server = TelegramAPIServer.from_base(settings.telegram_api_base)
    return server.api_url(settings.telegram_token.get_secret_value(), method)
