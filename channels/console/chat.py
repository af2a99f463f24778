"""``complaintdesk chat``: a conversation with the bot in the terminal. With a terminal it uses
rich prompts; otherwise it reads one message per line from stdin and prints each reply, so a
conversation can be scripted. Cases made here are real cases in the database."""

from __future__ import annotations

import asyncio
import getpass
import sys
import uuid
from datetime import datetime, timezone

import typer
from rich.console import Console
from rich.prompt import Prompt
from rich.text import Text

from bot.messages import InboundMessage, Reply, choices_as_text
from channels.app.bootstrap import bootstrap
from channels.cli.common import settings_or_exit
from channels.console.terminal import literal
from config.catalog import default_catalog
from config.settings import Settings

CHANNEL = "console"
QUIT = {"/quit", "/exit"}


def chat(user: str = typer.Option(getpass.getuser(), "--user", help="Who you are on the console channel."),
         lang: str | None = typer.Option(None, "--lang", help="Language to start in: en or ru; without it, the "
                                                               "language of what you write.")) -> None:
    """Talk to the complaints bot in the terminal (one message per line when stdin is not a terminal)."""
    if lang is not None and lang not in ("en", "ru"):
        Console(stderr=True).print(literal(f"--lang must be en or ru, not {lang!r}", "red"))
        raise typer.Exit(2)
    asyncio.run(_converse(settings_or_exit(), user, lang))


async def _converse(settings: Settings, user: str, lang: str | None) -> None:
    from core.runtime import upgrade_database

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await asyncio.to_thread(upgrade_database, settings)
    async with bootstrap(settings, dialogue=True) as product:
        dialogue = product.dialogue
        interactive = sys.stdin.isatty()
        out = Console(highlight=False, soft_wrap=True)
        if interactive:
            greeting = default_catalog().text("bot.greeting.hello", lang or product.core.policy.languages.default)
            out.print(Text.assemble(("bot ", "bold cyan"), greeting))
        while True:
            line = await asyncio.to_thread(_read, interactive)
            if line is None or line.strip() in QUIT:
                break
            if not line.strip():
                continue
            message = InboundMessage(CHANNEL, user, user, line.rstrip("\n"), datetime.now(timezone.utc),
                                     platform_message_id=uuid.uuid4().hex, language_hint=lang)
            for reply in await dialogue.handle(message):
                _show(out, reply, interactive)


def _read(interactive: bool) -> str | None:
    if interactive:
        try:
            return Prompt.ask("[bold green]you[/]")
        except (EOFError, KeyboardInterrupt):
            return None
    line = sys.stdin.readline()
    return line or None


def _show(out: Console, reply: Reply, interactive: bool) -> None:
    text = choices_as_text(reply)
    if interactive:
        out.print(Text.assemble(("bot ", "bold cyan"), text))
    else:
        out.print(text, markup=False)
        out.print("", markup=False)
