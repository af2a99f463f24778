"""Complainants who write to the app by direct message: each DM (or button press in the DM)
goes to the dialogue manager, and its replies come back to the DM, choices as buttons. A DM is an
Events API event, journalled: its replies are settled with it and sent once."""

from __future__ import annotations

from datetime import datetime, timezone

from slack_sdk.errors import SlackApiError

from bot.messages import InboundMessage, Reply

from channels.inbound.replies import ReplyCollector
from channels.slack.blocks import chosen_blocks
from channels.slack.deps import SlackDeps
from channels.slack.escape import unescape_control
from channels.slack.failures import api_error_code
from channels.slack.texts import t

HANDLED_SUBTYPES = frozenset({None, "file_share", "message_changed"})


def _received_at(ts: object) -> datetime:
    try:
        return datetime.fromtimestamp(float(str(ts)), tz=timezone.utc)
    except (TypeError, ValueError):
        return datetime.now(timezone.utc)


def choice_channel(body: dict) -> str:
    """The DM a button was pressed in."""
    return str((body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get("id") or "")


def choice_key(body: dict) -> str:
    """A DM button press's id: Slack sends a press once, with its own ``action_ts``."""
    action = (body.get("actions") or [{}])[0]
    return f"action:{choice_channel(body)}:{(body.get('message') or {}).get('ts')}:{action.get('action_ts')}"


class DirectMessages:
    def __init__(self, deps: SlackDeps) -> None:
        self.deps = deps

    async def message(self, body: dict, outgoing: ReplyCollector) -> str:
        """A ``message`` event in a DM with the app (stored in the journal, processed after the
        ack); its replies go to ``outgoing``. Returns the outcome recorded on the event."""
        deps = self.deps
        event = body.get("event") or {}
        subtype = event.get("subtype")
        if subtype not in HANDLED_SUBTYPES:
            return deps.ignored("message.im", f"subtype {subtype!r} is not a person writing")
        edited = subtype == "message_changed"
        message = (event.get("message") or {}) if edited else event
        user, channel = message.get("user"), event.get("channel")
        if message.get("bot_id") or not user or not channel:
            return deps.ignored("message.im", "a bot's message or no sender")
        text = unescape_control(str(message.get("text") or ""))
        if not text.strip() and not message.get("files"):
            return deps.ignored("message.im", "empty message")
        language = await deps.people.language(str(user))
        original = f"{channel}:{message.get('ts')}"
        edit_time = (message.get("edited") or {}).get("ts") or event.get("event_ts") or ""
        message_id = f"{original}:edited:{edit_time}" if edited else original
        attachments, refused = await deps.files.fetch(list(message.get("files") or [])) if deps.files else ([], [])
        notices = [Reply(t(f"dm.file_{item.reason}", language, filename=item.filename,
                           megabytes=deps.core.policy.attachments.max_bytes // (1024 * 1024))) for item in refused]
        outgoing.add(str(channel), notices, key=message_id, lang=language)
        if not text.strip() and not attachments:
            return deps.processed("message.im", f"{len(refused)} shared file(s) refused")
        inbound = InboundMessage(
            channel="slack", conversation=str(channel), sender=str(user), text=text,
            received_at=_received_at(message.get("ts")), platform_message_id=message_id,
            attachments=tuple(attachments), thread_hint=event.get("thread_ts"), language_hint=language,
            edited=edited, edit_of=original if edited else None,
        )
        if deps.dialogue is None:
            return deps.ignored("message.im", "no dialogue manager is running")
        replies = await deps.dialogue.handle(inbound)
        outgoing.add(str(channel), replies, key=message_id, lang=language)
        return deps.processed("message.im", f"{len(replies)} repl{'y' if len(replies) == 1 else 'ies'}")

    async def choice(self, body: dict, outgoing: ReplyCollector) -> str:
        """A button in a DM (a choice the dialogue offered), stored in the journal like a DM; its
        replies go to ``outgoing``. Returns the outcome recorded on it."""
        deps = self.deps
        action = (body.get("actions") or [{}])[0]
        user = str((body.get("user") or {}).get("id") or "")
        channel = choice_channel(body)
        if not user or not channel:
            return deps.ignored("block_actions.dm", "no user or channel")
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
            platform_message_id=choice_key(body),
        )
        if deps.dialogue is None:
            return deps.ignored("block_actions.dm", "no dialogue manager is running")
        replies: list[Reply] = await deps.dialogue.handle(inbound)
        outgoing.add(channel, replies, key=inbound.platform_message_id or "", lang=language)
        return deps.processed("block_actions.dm", f"{len(replies)} repl{'y' if len(replies) == 1 else 'ies'}")
