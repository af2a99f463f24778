"""The bot's slash commands: registered with setMyCommands in English and Russian, and turned into
what the dialogue understands when a person sends one."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot
from aiogram.types import BotCommand

from config.catalog import MessageCatalog

COMMANDS = ("start", "new", "status", "cancel", "help", "language")
COMMAND_LANGUAGES = ("en", "ru")


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


async def register_commands(bot: Bot, catalog: MessageCatalog) -> None:
    """setMyCommands for every language: English is also the default for everyone else."""
    for lang in COMMAND_LANGUAGES:
        commands = [BotCommand(command=name, description=catalog.text(f"telegram.commands.{name}", lang))
                    for name in COMMANDS]
        await bot.set_my_commands(commands, language_code=None if lang == "en" else lang)
