from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ActorKind(StrEnum):
    COMPLAINANT = "complainant"
    BOT = "bot"
    AGENT = "agent"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did something: recorded on every audit event (ISO 10002 accountability)."""

    kind: ActorKind
    id: str

    @classmethod
    def agent(cls, agent_id: str) -> Actor:
        return cls(ActorKind.AGENT, agent_id)

    @classmethod
    def complainant(cls, complainant_id: str) -> Actor:
        return cls(ActorKind.COMPLAINANT, complainant_id)

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        return cls(ActorKind.SYSTEM, name)

    @classmethod
    def bot(cls, name: str = "bot") -> Actor:
        return cls(ActorKind.BOT, name)

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"
