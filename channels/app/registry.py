"""The one place where channels are registered with the runner."""

from __future__ import annotations

from channels.email.plugin import EmailPlugin
from channels.app.plugin import ChannelPlugin
from channels.slack import SlackPlugin
from channels.telegram.plugin import TelegramPlugin
from channels.web.plugin import WebPlugin
from config.settings import Settings
from core.runtime import Core


def channel_plugins() -> list[ChannelPlugin]:
    plugins: list[ChannelPlugin] = []
    plugins.append(SlackPlugin())
    plugins.append(EmailPlugin())
    plugins.append(TelegramPlugin())
    plugins.append(WebPlugin())
    return plugins


def register_personal_data_holders(core: Core, settings: Settings, plugins: list[ChannelPlugin]) -> None:
    """Every channel's store of personal data outside the database, for erasure; a channel that
    is not running now may still hold some from before (mail in the local Maildir)."""
    for plugin in plugins:
        holder = plugin.personal_data_holder(settings)
        if holder is not None:
            core.erasure.register(holder)
