"""The Telegram channel as the runner sees it: webhook mode when a webhook URL is set (served by
the shared web app), long polling otherwise."""

from __future__ import annotations

import asyncio
import logging
import random
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher

from channels.app.plugin import ServeContext
from channels.telegram.api import build_bot, method_url
from channels.telegram.attachments import AttachmentFetcher
from channels.telegram.commands import register_commands
from channels.telegram.handlers import BotIdentity, TelegramHandlers
from channels.telegram.intake import UpdateIntake
from channels.telegram.notifier import TelegramNotifier
from channels.telegram.polling import ALLOWED_UPDATES, PollingLoop
from channels.telegram.sender import TelegramSender
from channels.telegram.webhook import DEFAULT_PATH, WebhookEndpoint
from config.settings import Settings
from channels.app.background import cancel_and_wait

log = logging.getLogger(__name__)
STOP_GRACE_SECONDS = 5.0
POLLING_DUTY = "telegram-polling"


def webhook_path(settings: Settings) -> str:
    """The path of the configured webhook URL on our web app (``/telegram/webhook`` by default)."""
    path = urlsplit(settings.telegram_webhook_url or "").path
    return path if path not in ("", "/") else DEFAULT_PATH


class TelegramPlugin:
    name = "telegram"

    def __init__(self, *, poll_timeout: int = 25) -> None:
        self.poll_timeout = poll_timeout
        self.bot: Bot | None = None
        self.intake: UpdateIntake | None = None
        self.me = BotIdentity(id=0)
        self._tasks: list[asyncio.Task[None]] = []
        self._drained = False

    def not_configured_reason(self, settings: Settings) -> str | None:
        if settings.telegram_token is None:
            return "COMPLAINTDESK_TELEGRAM_TOKEN is not set"
        if settings.telegram_webhook_url and settings.telegram_webhook_secret is None:
            return ("COMPLAINTDESK_TELEGRAM_WEBHOOK_URL is set but COMPLAINTDESK_TELEGRAM_WEBHOOK_SECRET is not: "
                    "a webhook without a secret token would accept updates from anyone")
        return None

    def personal_data_holder(self, settings: Settings) -> None:
        """Nothing: what the bot sent is in the person's own chat, which they can clear."""
        return None

    async def setup(self, context: ServeContext) -> None:
        settings, core = context.settings, context.core
        self.bot = bot = build_bot(settings)
        self.me = BotIdentity(id=bot.id)
        handlers = TelegramHandlers(context.dialogue, AttachmentFetcher(bot, core.service.attachments),
                                    core.catalog, core.clock, self.me)
        dispatcher = Dispatcher()
        dispatcher.include_router(handlers.router())
        self.intake = UpdateIntake(core, bot, dispatcher)
        core.registry.register(TelegramNotifier(TelegramSender(bot), core.catalog, core.policy))
        if settings.telegram_webhook_url:
            assert settings.telegram_webhook_secret is not None
            endpoint = WebhookEndpoint(self.intake, settings.telegram_webhook_secret.get_secret_value())
            context.web.router.add_post(webhook_path(settings), endpoint.handle)

    async def start(self, context: ServeContext) -> None:
        assert self.intake is not None
        await self.intake.start()
        self._tasks.append(asyncio.create_task(self._introduce(context), name="telegram-setup"))

    async def _introduce(self, context: ServeContext) -> None:
        """getMe, setMyCommands, then setWebhook or deleteWebhook + polling; retried with backoff
        while the Bot API is unreachable, so the rest of the product serves meanwhile. Long
        polling is a singleton duty: the Bot API answers one getUpdates at a time, so of several
        processes only the duty's holder polls (webhook mode needs none: every process serves it)."""
        settings = context.settings
        assert self.bot is not None and self.intake is not None
        attempt = 0
        while True:
            try:
                me = await self.bot.get_me()
                self.me.id, self.me.username = me.id, me.username
                await register_commands(self.bot, self.intake.core.catalog)
                if settings.telegram_webhook_url:
                    assert settings.telegram_webhook_secret is not None
                    await self.bot.set_webhook(settings.telegram_webhook_url, allowed_updates=ALLOWED_UPDATES,
                                               secret_token=settings.telegram_webhook_secret.get_secret_value())
                    log.info("telegram: webhook mode as @%s", me.username)
                    return
                await self.bot.delete_webhook(drop_pending_updates=False)
                break
            except asyncio.CancelledError:
                raise
            except Exception as error:
                attempt += 1
                delay = min(60.0, 0.5 * 2 ** attempt) * random.uniform(0.75, 1.25)
                log.warning("telegram: Bot API not ready (%s: %s); trying again in %.1f s",
                            type(error).__name__, error, delay)
                await asyncio.sleep(delay)
        polling = PollingLoop(self.bot, self.intake, method_url(settings, "getUpdates"), timeout=self.poll_timeout)

        async def poll() -> None:
            log.info("telegram: long polling as @%s", self.me.username)
            await polling.run()

        if context.duties is None:
            await poll()
        else:
            context.duties.duty(POLLING_DUTY, poll)

    async def drain(self, grace_seconds: float) -> None:
        if self._drained:
            return
        self._drained = True
        await cancel_and_wait(self._tasks)
        if self.intake is not None:
            await self.intake.stop(grace_seconds)

    async def stop(self) -> None:
        await self.drain(STOP_GRACE_SECONDS)
        if self.bot is not None:
            await self.bot.session.close()
