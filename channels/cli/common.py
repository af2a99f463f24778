"""What every ``complaintdesk`` command shares: the output consoles, the settings, the product
opened and closed around a command's work, and refusals mapped to exit codes.

Exit codes: 0 done; 1 refused by the process (a transition or access rule); 2 bad input or
configuration; 3 not found; 4 the audit trail does not verify.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import TypeVar

import typer
from rich.console import Console
from rich.text import Text

from channels.app.bootstrap import Product, bootstrap
from channels.console.terminal import literal
from config.errors import ConfigError
from config.settings import Settings, load_settings
from core.errors import AccessDenied, CaseNotFound, DomainError, InvalidReference, ValidationFailed
from core.ports import Clock
from core.runtime import Core

T = TypeVar("T")
console = Console()
errors = Console(stderr=True)

AgentOption = typer.Option("agent", "--agent", envvar=["COMPLAINTDESK_AGENT", "USER"],
                           help="Your agent id (recorded in the audit trail).")


@contextmanager
def exit_2_on_config_error() -> Iterator[None]:
    """A configuration error (settings, the policy file, a secret) ends the command with its
    message and exit code 2."""
    try:
        yield
    except ConfigError as error:
        errors.print(Text.assemble(("configuration error: ", "red"), literal(error)))
        raise typer.Exit(2) from None


def settings_or_exit() -> Settings:
    with exit_2_on_config_error():
        return load_settings()


def run_with_core(work: Callable[[Core], Awaitable[T]], *, erasure: bool = False, clock: Clock | None = None) -> T:
    """Open the product, run ``work`` on its core, close it; map domain refusals to clear
    messages and exit codes.

    :param clock: the core's clock (the system clock by default)
    :param erasure: wire what the channels and the dialogue keep of people outside the
        database, so that an erasure from the command line reaches it as from the running product
    """

    async def on_product(product: Product) -> T:
        if erasure:
            _wire_erasure(product)
        return await work(product.core)

    return run_with_product(on_product, clock=clock)


def run_with_product(work: Callable[[Product], Awaitable[T]], *, dialogue: bool = False, clock: Clock | None = None) -> T:
    """Open the product (with the dialogue manager when ``dialogue``), run ``work`` on it, close
    it; refusals end the command as :func:`run_with_core` says."""
    settings = settings_or_exit()

    async def main() -> T:
        async with bootstrap(settings, clock=clock, dialogue=dialogue) as product:
            return await work(product)

    with exit_2_on_config_error():
        try:
            return asyncio.run(main())
        except InvalidReference as error:
            errors.print(literal(error, "red"))
            raise typer.Exit(2) from None
        except CaseNotFound as error:
            errors.print(literal(error, "red"))
            raise typer.Exit(3) from None
        except ValidationFailed as error:
            errors.print(literal(error, "red"))
            raise typer.Exit(2) from None
        except (AccessDenied, DomainError) as error:
            errors.print(Text.assemble(("refused: ", "red"), literal(error)))
            raise typer.Exit(1) from None


def _wire_erasure(product: Product) -> None:
    """The channels' stores (the local Maildir, Slack posts) and the dialogue's sessions. A
    channel refusing stops the erasure with nothing lost: run the command again."""
    from bot.factory import session_store
    from channels.app.registry import channel_plugins, register_personal_data_holders  # the channels' heavy imports

    register_personal_data_holders(product.core, product.settings, channel_plugins())
    session_store(product.core, product.settings, product.redis)


def when(value: datetime | None) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M") if value else "-"
