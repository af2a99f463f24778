"""The one place where channels are registered with the runner."""

from __future__ import annotations

from channels.email.plugin import EmailPlugin
from channels.plugin import ChannelPlugin


def channel_plugins() -> list[ChannelPlugin]:
    plugins: list[ChannelPlugin] = []
    plugins.append(EmailPlugin())
    return plugins
