"""Messages to complainants in their DM with the app: text sections and choices as buttons."""

from __future__ import annotations

from channels.slack.escape import clip, escape_control
from channels.slack.ids import DM_CHOICE_PREFIX

SECTION_LIMIT = 3000
BUTTONS_PER_ROW = 5


def reply_blocks(text: str, choices: tuple[tuple[str, str], ...] = ()) -> list[dict]:
    """Our own words (from the catalogs and the dialogue) keep their formatting; only Slack's
    control characters are escaped, so words echoed back from the person cannot mention or link."""
    body = escape_control(text) or " "
    blocks: list[dict] = [
        {"type": "section", "text": {"type": "mrkdwn", "verbatim": True, "text": body[start:start + SECTION_LIMIT]}}
        for start in range(0, len(body), SECTION_LIMIT)
    ]
    buttons = [
        {"type": "button", "action_id": f"{DM_CHOICE_PREFIX}{index}", "value": clip(value, 2000),
         "text": {"type": "plain_text", "emoji": False, "text": clip(label, 75)}}
        for index, (label, value) in enumerate(choices)
    ]
    for start in range(0, len(buttons), BUTTONS_PER_ROW):
        blocks.append({"type": "actions", "block_id": f"choices_{start // BUTTONS_PER_ROW}",
                       "elements": buttons[start:start + BUTTONS_PER_ROW]})
    return blocks[:50]


def chosen_blocks(text: str, chosen_label: str, note: str) -> list[dict]:
    """The message after a button was pressed: the buttons give way to what was chosen."""
    return [
        {"type": "section", "text": {"type": "mrkdwn", "verbatim": True, "text": clip(escape_control(text) or " ", SECTION_LIMIT)}},
        {"type": "context", "elements": [{"type": "mrkdwn", "verbatim": True,
                                          "text": clip(f"{note} {escape_control(chosen_label)}", SECTION_LIMIT)}]},
    ]


def dm_channel(address: str) -> str:
    """A stored Slack address (``D123``, ``U123`` or ``T123/D123``) as a chat.postMessage channel."""
    return address.rsplit("/", 1)[-1]
