"""Complainants who write to the app by direct message: each DM (or button press in the DM)
goes to the dialogue manager, and its replies come back to the DM, choices as buttons."""

from __future__ import annotations

from datetime import datetime, timezone

from slack_sdk.errors import SlackApiError

from bot.messages import InboundMessage, Reply

from channels.slack.blocks import chosen_blocks, reply_blocks
from channels.slack.deps import SlackDeps
from channels.slack.escape import escape_control, unescape_control
from channels.slack.failures import api_error_code
from channels.slack.texts import t

HANDLED_SUBTYPES = frozenset({None, "file_share", "message_changed"})


def _received_at(ts: object) -> datetime:
    try:
        return datetime.fromtimestamp(float(str(ts)), tz=timezone.utc)
    except (TypeError, ValueError):
        return datetime.now(timezone.utc)


class DirectMessages:
    def __init__(self, deps: SlackDeps) -> None:
        self.deps = deps

    async def message(self, body: dict) -> None:
        """A ``message`` event in a DM with the app (runs after the ack)."""
        deps = self.deps
        event = body.get("event") or {}
        subtype = event.get("subtype")
        if subtype not in HANDLED_SUBTYPES:
            deps.ignored("message.im", f"subtype {subtype!r} is not a person writing")
            return
        edited = subtype == "message_changed"
        message = (event.get("message") or {}) if edited else event
        user, channel = message.get("user"), event.get("channel")
        if message.get("bot_id") or not user or not channel:
            deps.ignored("message.im", "a bot's message or no sender")
            return
        text = unescape_control(str(message.get("text") or ""))
        if not text.strip() and not message.get("files"):
            deps.ignored("message.im", "empty message")
            return
        language = await deps.people.language(str(user))
        original = f"{channel}:{message.get('ts')}"
        edit_time = (message.get("edited") or {}).get("ts") or event.get("event_ts") or ""
        attachments, refused = await deps.files.fetch(list(message.get("files") or [])) if deps.files else ([], [])
        for item in refused:
            await self.send(str(channel), Reply(t(f"dm.file_{item.reason}", language, filename=item.filename,
                                                  megabytes=deps.core.policy.attachments.max_bytes // (1024 * 1024))))
        if not text.strip() and not attachments:
            deps.processed("message.im", f"{len(refused)} shared file(s) refused")
            return
        inbound = InboundMessage(
            channel="slack", conversation=str(channel), sender=str(user), text=text,
            received_at=_received_at(message.get("ts")),
            platform_message_id=f"{original}:edited:{edit_time}" if edited else original,
            attachments=tuple(attachments), thread_hint=event.get("thread_ts"), language_hint=language,
            edited=edited, edit_of=original if edited else None,
        )
        await self._converse(inbound, "message.im")

    async def choice(self, body: dict) -> None:
        """A button in a DM (a choice the dialogue offered)."""
        deps = self.deps
        action = (body.get("actions") or [{}])[0]
        user = str((body.get("user") or {}).get("id") or "")
        container = body.get("container") or {}
        channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id") or "")
        if not user or not channel:
            deps.ignored("block_actions.dm", "no user or channel")
            return
        message = body.get("message") or {}
        label = str(((action.get("text") or {}).get("text")) or action.get("value") or "")
        language = await deps.people.language(user)
        if message.get("ts"):
            original = str(message.get("text") or "")
            try:
                await deps.client.chat_update(channel=channel, ts=str(message["ts"]), text=original,
                                              blocks=chosen_blocks(unescape_control(original), label,
                                                                   t("dm.chosen", language)))
            except SlackApiError as error:
                deps.ignored("chat.update", f"could not retire the buttons ({api_error_code(error)})")
        inbound = InboundMessage(
            channel="slack", conversation=channel, sender=user, text=label, choice=str(action.get("value") or ""),
            received_at=_received_at(action.get("action_ts")), language_hint=language,
            platform_message_id=f"action:{channel}:{message.get('ts')}:{action.get('action_ts')}",
        )
        await self._converse(inbound, "block_actions.dm")

    async def _converse(self, inbound: InboundMessage, kind: str) -> None:
        deps = self.deps
        if deps.dialogue is None:
            deps.ignored(kind, "no dialogue manager is running")
            return
        replies: list[Reply] = await deps.dialogue.handle(inbound)
        for reply in replies:
            await self.send(inbound.conversation, reply)
        deps.processed(kind, f"{len(replies)} replies")

    async def send(self, channel: str, reply: Reply) -> None:
        choices = tuple((choice.label, choice.value) for choice in reply.choices)
        await self.deps.client.chat_postMessage(channel=channel, text=escape_control(reply.text),
                                                blocks=reply_blocks(reply.text, choices),
                                                unfurl_links=False, unfurl_media=False)
