"""Every Redis key the product uses is made here: ``complaintdesk:<part>:<...>``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KeyBuilder:
    prefix: str = "complaintdesk"
    separator: str = ":"

    def build(self, *parts: str) -> str:
        return self.separator.join((self.prefix, *parts))

    def session(self, channel: str, conversation: str) -> str:
        return self.build("session", channel, conversation)

    def lock(self, channel: str, conversation: str) -> str:
        return self.build("lock", channel, conversation)

    def rate(self, scope: str, subject: str) -> str:
        return self.build("rate", scope, subject)
