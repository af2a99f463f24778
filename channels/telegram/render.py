"""Replies as Telegram messages: HTML-escaped text cut into pieces Telegram accepts, and choices
as an inline keyboard."""

from __future__ import annotations

import html
from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.messages import Choice, Reply, choices_as_text

MAX_MESSAGE = 4096  # characters after entity parsing, counted in UTF-16 code units
MAX_CALLBACK_DATA = 64  # bytes
ONE_ROW_LABELS = 32  # choices whose labels fit in this many characters share one row


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    html: str
    keyboard: InlineKeyboardMarkup | None = None


def escape(text: str) -> str:
    """Person-written text made safe for HTML parse mode (``<``, ``>``, ``&``)."""
    return html.escape(text, quote=False)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fitting_prefix(text: str, limit: int) -> int:
    """The largest ``n`` such that ``text[:n]`` fits in ``limit`` UTF-16 code units."""
    if utf16_length(text) <= limit:
        return len(text)
    low, high = 0, min(len(text), limit)
    while low < high:
        middle = (low + high + 1) // 2
        if utf16_length(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def split_text(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit``, at a paragraph, line or word boundary when
    one lies in the second half of the piece."""
    pieces: list[str] = []
    rest = text
    while utf16_length(rest) > limit:
        cut = _fitting_prefix(rest, limit)
        window = rest[:cut]
        for separator in ("\n\n", "\n", " "):
            at = window.rfind(separator)
            if at >= cut // 2:
                cut = at + len(separator)
                break
        piece = rest[:cut].rstrip()
        if piece:
            pieces.append(piece)
        rest = rest[cut:].lstrip("\n")
    if rest.strip() or not pieces:
        pieces.append(rest)
    return pieces


def keyboard(choices: tuple[Choice, ...]) -> InlineKeyboardMarkup | None:
    """Buttons for ``choices``; None when there are none or a value is too long for Telegram."""
    if not choices or any(len(c.value.encode()) > MAX_CALLBACK_DATA for c in choices):
        return None
    buttons = [InlineKeyboardButton(text=c.label, callback_data=c.value) for c in choices]
    if sum(len(c.label) for c in choices) <= ONE_ROW_LABELS and len(choices) <= 5:
        return InlineKeyboardMarkup(inline_keyboard=[buttons])
    return InlineKeyboardMarkup(inline_keyboard=[[button] for button in buttons])


def render_reply(reply: Reply) -> list[OutgoingMessage]:
    """The messages that carry ``reply``; the keyboard goes with the last one. Choices Telegram
    cannot carry as buttons are written out as a numbered list instead."""
    markup = keyboard(reply.choices)
    text = reply.text if markup is not None or not reply.choices else choices_as_text(reply)
    pieces = split_text(text)
    return [OutgoingMessage(escape(piece), markup if index == len(pieces) - 1 else None)
            for index, piece in enumerate(pieces)]
