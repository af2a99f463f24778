"""The core's Notifier for Telegram: outbox notifications become messages, decisions and survey
ratings become buttons."""

from __future__ import annotations

from aiogram.exceptions import (
    TelegramBadRequest, TelegramForbiddenError, TelegramNetworkError, TelegramNotFound, TelegramRetryAfter,
    TelegramServerError,
)

from bot.messages import Choice, Reply
from channels.telegram.sender import TelegramSender
from config.catalog import MessageCatalog
from config.policy import Policy
from core.model import Notification
from core.notification_text import render
from core.ports import Delivered, DeliveryFailed

UNREACHABLE_REQUESTS = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated")


class TelegramNotifier:
    """Delivers notifications whose channel is ``telegram``; the address is the chat id.

    A flood limit (429) asks the outbox to wait ``retry_after``; server and network errors are
    retried by the outbox; a person who blocked the bot (403) or an unknown chat is a permanent
    failure, so the dispatcher marks the contact unreachable and tells the agents.
    """

    channel = "telegram"

    def __init__(self, sender: TelegramSender, catalog: MessageCatalog, policy: Policy) -> None:
        self.sender = sender
        self.catalog = catalog
        self.policy = policy

    async def deliver(self, notification: Notification) -> Delivered:
        rendered = render(notification, self.catalog, self.policy)
        reply = Reply(rendered.text, tuple(Choice(label, value) for label, value in rendered.choices))
        try:  # a person waits for a dialogue reply: brief trouble is waited out here, not in the outbox
            ids = await self.sender.send_reply(notification.address, reply, retry=notification.kind == "reply")
        except TelegramRetryAfter as flood:
            raise DeliveryFailed(f"telegram flood limit: {flood.message}", retry_after=float(flood.retry_after)) from None
        except TelegramForbiddenError as error:
            raise DeliveryFailed(f"telegram refused (the person blocked the bot?): {error.message}", permanent=True) from None
        except (TelegramBadRequest, TelegramNotFound) as error:
            permanent = any(marker in error.message.lower() for marker in UNREACHABLE_REQUESTS)
            raise DeliveryFailed(f"telegram bad request: {error.message}", permanent=permanent) from None
        except (TelegramServerError, TelegramNetworkError) as error:
            raise DeliveryFailed(f"telegram unavailable: {error.message}") from None
        return Delivered(ref=str(ids[-1]) if ids else None)
