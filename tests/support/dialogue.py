"""A ``Chat``: one person talking to the real dialogue manager, so that a conversation test reads
like a story (user says, bot answers, slots hold)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from bot.manager import DialogueManager
from bot.messages import InboundAttachment, InboundMessage, Reply, choices_as_text
from bot.session_state import Session
from tests.support.clock import FixedClock

_ids = itertools.count(1)


@dataclass
class Chat:
    """One person talking to the bot: ``await chat.user("...")`` returns what the bot answered."""

    dialogue: DialogueManager
    clock: FixedClock
    user_id: str = "alice"
    channel: str = "console"
    language_hint: str | None = None
    verified: bool = True  # whether the channel proved the sender (an email From is not proof)
    transcript: list[str] = field(default_factory=list)
    last: list[Reply] = field(default_factory=list)

    def message(self, text: str = "", *, choice: str | None = None, message_id: str | None = None,
                attachments: tuple[InboundAttachment, ...] = (), thread_hint: str | None = None,
                sender_name: str | None = None) -> InboundMessage:
        return InboundMessage(self.channel, self.user_id, self.user_id, text, self.clock.now(),
                              platform_message_id=message_id or f"m{next(_ids)}", attachments=attachments,
                              thread_hint=thread_hint, language_hint=self.language_hint, choice=choice,
                              sender_name=sender_name, sender_verified=self.verified)

    async def send(self, message: InboundMessage) -> str:
        self.last = await self.dialogue.handle(message)
        said = "\n\n".join(choices_as_text(reply) for reply in self.last)
        self.transcript += [f"> {message.text or message.choice}", said]
        return said

    async def user(self, text: str = "", **options: object) -> str:
        return await self.send(self.message(text, **options))  # type: ignore[arg-type]

    async def press(self, value: str) -> str:
        return await self.send(self.message(choice=value))

    async def session(self) -> Session:
        found = await self.dialogue.sessions.load(self.message().key)
        assert found is not None
        return found

    @property
    def choices(self) -> list[str]:
        return [choice.value for reply in self.last for choice in reply.choices]
