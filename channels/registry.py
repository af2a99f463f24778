"""The one place where channels are registered with the runner."""

from __future__ import annotations

from channels.email.plugin import EmailPlugin
from channels.plugin import ChannelPlugin
from channels.slack import SlackPlugin
from channels.telegram.plugin import TelegramPlugin


def channel_plugins() -> list[ChannelPlugin]:
    plugins: list[ChannelPlugin] = []
    plugins.append(SlackPlugin())
    plugins.append(EmailPlugin())
    plugins.append(TelegramPlugin())
    return plugins
