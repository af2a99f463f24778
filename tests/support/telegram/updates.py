"""Bot API update payloads shaped as https://core.telegram.org/bots/api#update documents them."""

from __future__ import annotations

import itertools
from typing import Any

_message_ids = itertools.count(1)
BASE_DATE = 1795514400  # 2026-11-24 10:00 UTC, the tests' clock


def user(user_id: int, *, first_name: str = "Alice", last_name: str | None = "Example",
         language_code: str | None = "en") -> dict[str, Any]:
    data: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if last_name:
        data["last_name"] = last_name
    if language_code:
        data["language_code"] = language_code
    return data


def private_chat(person: dict[str, Any]) -> dict[str, Any]:
    return {"id": person["id"], "type": "private", "first_name": person["first_name"]}


def group_chat(chat_id: int, title: str = "Neighbours") -> dict[str, Any]:
    return {"id": chat_id, "type": "group", "title": title}


def message(update_id: int, person: dict[str, Any], text: str | None = None, *, chat: dict[str, Any] | None = None,
            message_id: int | None = None, **content: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "message_id": message_id or next(_message_ids), "from": person, "chat": chat or private_chat(person),
        "date": BASE_DATE,
    }
    if text is not None:
        body["text"] = text
        if text.startswith("/"):
            command = text.split(" ", 1)[0]
            body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    body.update(content)
    return {"update_id": update_id, "message": body}


def edited(update_id: int, original: dict[str, Any], text: str | None = None, *, after: int = 60,
           **content: Any) -> dict[str, Any]:
    """The original message as edited ``after`` seconds later: a new text, or new content (a live
    location moving on)."""
    body = {**original["message"], "edit_date": BASE_DATE + after, **content}
    if text is not None:
        body["text"] = text
    return {"update_id": update_id, "edited_message": body}


def callback(update_id: int, person: dict[str, Any], data: str, bot_message: dict[str, Any],
             query_id: str | None = None) -> dict[str, Any]:
    """A button press on a message the bot sent (as the fake Bot API recorded it)."""
    shown = {k: v for k, v in bot_message.items() if k != "parse_mode"}
    return {"update_id": update_id, "callback_query": {
        "id": query_id or f"{update_id}{person['id']}", "from": person, "message": shown,
        "chat_instance": f"-{person['id']}", "data": data,
    }}


def photo(file_id: str, size: int) -> list[dict[str, Any]]:
    return [
        {"file_id": f"{file_id}-small", "file_unique_id": f"{file_id}s", "file_size": 1200, "width": 90, "height": 120},
        {"file_id": file_id, "file_unique_id": f"{file_id}u", "file_size": size, "width": 960, "height": 1280},
    ]


def document(file_id: str, name: str, mime: str, size: int) -> dict[str, Any]:
    return {"file_id": file_id, "file_unique_id": f"{file_id}u", "file_name": name, "mime_type": mime,
            "file_size": size}


def voice(file_id: str, size: int) -> dict[str, Any]:
    return {"file_id": file_id, "file_unique_id": f"{file_id}u", "duration": 3, "mime_type": "audio/ogg",
            "file_size": size}


def video(file_id: str, size: int) -> dict[str, Any]:
    return {"file_id": file_id, "file_unique_id": f"{file_id}u", "width": 640, "height": 360, "duration": 5,
            "mime_type": "video/mp4", "file_size": size}


def contact(phone: str, person: dict[str, Any]) -> dict[str, Any]:
    return {"phone_number": phone, "first_name": person["first_name"], "user_id": person["id"]}


def location(latitude: float, longitude: float) -> dict[str, Any]:
    return {"latitude": latitude, "longitude": longitude}
