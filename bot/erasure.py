"""The dialogue's sessions hold what a person said in a conversation still in progress (draft
answers, files): an erasure deletes them, as a channel deletes what it keeps."""

from __future__ import annotations

from bot.messages import ConversationKey
from bot.session_stores import SessionStore
from core.ports import ErasureScope


class SessionEraser:
    """The :class:`core.ports.PersonalDataHolder` of the dialogue's sessions."""

    name = "dialogue sessions"
    handles: frozenset[str] = frozenset()

    def __init__(self, sessions: SessionStore) -> None:
        self._sessions = sessions

    async def erase(self, scope: ErasureScope) -> None:
        for channel, address in sorted(scope.addresses):
            await self._sessions.delete(ConversationKey(channel, address))
