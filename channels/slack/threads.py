"""Agents talking in a card's thread. The thread is internal: a message is kept as an internal
note on the case, and reaches the complainant only when it starts with the configured prefix
(``reply:`` by default), an explicit choice to send it."""

from __future__ import annotations

from core.actors import Actor
from core.errors import DomainError

from channels.slack.deps import SlackDeps
from channels.slack.escape import unescape_control
from channels.slack.replies import refusal_text, tell


class ThreadReplies:
    def __init__(self, deps: SlackDeps) -> None:
        self.deps = deps

    async def message(self, body: dict) -> tuple[str, str | None]:
        """A message in a channel (stored in the journal); returns the outcome recorded on it and
        the reference of the case it was about, if any."""
        deps = self.deps
        event = body.get("event") or {}
        channel, thread_ts, ts = event.get("channel"), event.get("thread_ts"), event.get("ts")
        if event.get("subtype") or event.get("bot_id"):
            return deps.ignored("message.channel", f"subtype {event.get('subtype')!r} or a bot"), None
        if not channel or not thread_ts or thread_ts == ts:
            return deps.ignored("message.channel", "not a reply in a thread"), None
        reference = await deps.cards.reference_at(str(channel), str(thread_ts))
        if reference is None:
            return deps.ignored("message.channel", "a thread that is not under a case card"), reference
        user = str(event.get("user") or "")
        lang = await deps.people.language(user)
        if not await deps.agents.is_agent(user):
            return deps.refused("message.channel", f"a thread reply on {reference} by a user who is not an agent"), reference
        text = unescape_control(str(event.get("text") or "")).strip()
        prefix = deps.settings.slack_reply_prefix.strip().lower()
        try:
            if prefix and text.lower().startswith(prefix):
                outgoing = text[len(prefix):].strip()
                await deps.core.service.send_message(reference, Actor.agent(user), outgoing)
                deps.core.dispatcher.wake()
                return deps.processed("message.channel", f"thread reply sent to the complainant of {reference}"), reference
            if text:
                await deps.core.service.add_note(reference, Actor.agent(user), text)
                return deps.processed("message.channel", f"internal note on {reference}"), reference
            return deps.ignored("message.channel", "empty thread reply"), reference
        except DomainError as error:
            await tell(deps.client, user=user, channel=str(channel), text=refusal_text(error, lang))
            return deps.refused("message.channel", f"on {reference}: {error}"), reference
