"""The one place where channels are registered with the runner."""

from __future__ import annotations

from channels.plugin import ChannelPlugin


def channel_plugins() -> list[ChannelPlugin]:
    plugins: list[ChannelPlugin] = []
    return plugins
