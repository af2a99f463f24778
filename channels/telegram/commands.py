"""The bot's slash commands: registered with setMyCommands in English and Russian, and turned into
what the dialogue understands when a person sends one."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot
from aiogram.types import BotCommand

from config.catalog import MessageCatalog

COMMANDS = ("start", "new", "status", "cancel", "help", "language")
COMMAND_LANGUAGES = ("en", "ru")
LANGUAGE_CHOICE = "lang:"  # the dialogue's value for a language button
LANGUAGE_NAMES = {"en": "en", "english": "en", "английский": "en", "ru": "ru", "russian": "ru", "русский": "ru"}


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    args: str
    addressee: str | None  # the bot named in ``/cmd@bot``, if any


def parse_command(text: str) -> Command | None:
    """``/status@mybot CD-1234`` -> Command("status", "CD-1234", "mybot"); None for plain text."""
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _, args = text[1:].partition(" ")
    name, _, addressee = head.partition("@")
    if not name:
        return None
    return Command(name.lower(), args.strip(), addressee or None)


def dialogue_language(args: str) -> str | None:
    """``/language ru`` (or ``русский``, ``English``): the language code asked for, if any."""
    return LANGUAGE_NAMES.get(args.strip().lower())


def dialogue_text(command: Command) -> str:
    """What the dialogue receives for a slash command: it reads ``/start``, ``/new``, ``/status``,
    ``/cancel``, ``/help`` and ``/lang xx`` on every channel; a reference after ``/status`` is
    found in the text. An unknown command asks for help."""
    if command.name == "start":
        return "/start"  # a deep-link payload carries nothing the dialogue needs
    if command.name == "language":
        return f"/lang {dialogue_language(command.args)}"
    if command.name in COMMANDS:
        return f"/{command.name} {command.args}".strip()
    return "/help"


async def register_commands(bot: Bot, catalog: MessageCatalog) -> None:
    """setMyCommands for every language: English is also the default for everyone else."""
    for lang in COMMAND_LANGUAGES:
        commands = [BotCommand(command=name, description=catalog.text(f"telegram.commands.{name}", lang))
                    for name in COMMANDS]
        await bot.set_my_commands(commands, language_code=None if lang == "en" else lang)
