"""Slack payloads in the shapes Slack documents (Events API ``event_callback``, ``block_actions``,
``view_submission``, slash commands), built for the tests' own users and cases. Their times are
the time they are built: a message's ``ts`` is when it was received, from which a case's time
targets run."""

from __future__ import annotations

import itertools
import json
import time

from tests.support.slack.web_api import TEAM

_ids = itertools.count(1)
API_APP = "A0000APP"


def _next() -> int:
    return next(_ids)


def _ts(n: int) -> str:
    """A Slack timestamp of now; the payload's number in place of the microseconds keeps each one
    unique (a message's platform id is made from it)."""
    return f"{int(time.time())}.{n:06d}"


def message_event(*, user: str, channel: str, text: str, channel_type: str = "im", thread_ts: str | None = None,
                  ts: str | None = None, event_id: str | None = None, subtype: str | None = None,
                  files: list[dict] | None = None) -> dict:
    n = _next()
    ts = ts or _ts(n)
    event: dict = {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts, "event_ts": ts,
                   "channel_type": channel_type, "team": TEAM}
    if thread_ts:
        event["thread_ts"] = thread_ts
    if subtype:
        event["subtype"] = subtype
    if files:
        event["subtype"], event["files"], event["upload"] = "file_share", files, False
    return {"token": "verification_token", "team_id": TEAM, "api_app_id": API_APP, "event": event,
            "type": "event_callback", "event_id": event_id or f"Ev{n:08d}", "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": TEAM, "user_id": "U0000BOT", "is_bot": True,
                                "is_enterprise_install": False}],
            "is_ext_shared_channel": False, "event_context": f"ctx-{n}"}


def block_actions(*, user: str, channel: str, message_ts: str, action_id: str, value: str, label: str = "Button",
                  container_type: str = "message") -> dict:
    n = _next()
    return {
        "type": "block_actions", "team": {"id": TEAM, "domain": "test"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": API_APP, "token": "verification_token",
        "container": {"type": container_type, "message_ts": message_ts, "channel_id": channel, "is_ephemeral": False},
        "trigger_id": f"{n}.123.abcdef", "channel": {"id": channel, "name": "triage"},
        "message": {"type": "message", "user": "U0000BOT", "bot_id": "B0000BOT", "ts": message_ts, "text": "card"},
        "response_url": "https://hooks.slack.invalid/actions/T/1/x",
        "actions": [{"action_id": action_id, "block_id": "case_actions_0", "value": value, "type": "button",
                     "text": {"type": "plain_text", "text": label, "emoji": False}, "action_ts": _ts(n)}],
    }


def view_submission(*, user: str, view: dict, values: dict[str, dict], view_id: str = "V000001") -> dict:
    """``values``: ``{block_id: element state}``, e.g. ``{"text": {"type": "plain_text_input", "value": "hi"}}``."""
    state = {block: {"value": element} for block, element in values.items()}
    return {
        "type": "view_submission", "team": {"id": TEAM, "domain": "test"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": API_APP, "token": "verification_token", "trigger_id": f"{_next()}.123.abc",
        "view": {**view, "id": view_id, "team_id": TEAM, "state": {"values": state}, "hash": "h1",
                 "app_id": API_APP, "bot_id": "B0000BOT"},
        "response_urls": [],
    }


def text_value(text: str) -> dict:
    return {"type": "plain_text_input", "value": text}


def select_value(value: str) -> dict:
    return {"type": "static_select", "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value}}


def user_value(user: str) -> dict:
    return {"type": "users_select", "selected_user": user}


def slash_command(*, user: str, command: str, text: str, channel: str = "C0TRIAGE") -> dict:
    return {"token": "verification_token", "team_id": TEAM, "team_domain": "test", "channel_id": channel,
            "channel_name": "triage", "user_id": user, "user_name": user.lower(), "command": command, "text": text,
            "api_app_id": API_APP, "is_enterprise_install": "false",
            "response_url": "https://hooks.slack.invalid/commands/T/1/x", "trigger_id": f"{_next()}.123.abc"}


def card_button(blocks: list[dict], action_id: str) -> dict:
    for block in blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == action_id:
                return element
    raise AssertionError(f"no {action_id} button on the card: {json.dumps(blocks)[:500]}")


def global_shortcut(*, user: str, callback_id: str) -> dict:
    """A global shortcut (the lightning-bolt menu), as Slack sends it."""
    n = _next()
    return {"type": "shortcut", "token": "verification_token", "action_ts": _ts(n),
            "team": {"id": TEAM, "domain": "test"},
            "user": {"id": user, "username": user.lower(), "team_id": TEAM},
            "is_enterprise_install": False, "enterprise": None, "callback_id": callback_id,
            "trigger_id": f"{n}.123.shortcut"}
