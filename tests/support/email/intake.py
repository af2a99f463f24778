"""The SMTP intake alone (server and handler on a core of the test's), without the rest of the
product."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.keys import KeyBuilder
from bot.kv import MemoryKeyValue
from channels.email.inbound.acceptance import IntakeHandler
from channels.email.inbound.listener import bound_port, start_smtp_server
from channels.email.inbound.handoff import mail_journal
from core.model import InboundRecord
from core.runtime import Core


@dataclass
class Intake:
    """The SMTP server and its handler; ``stored`` collects the rows it handed to processing."""

    core: Core
    port: int
    handler: IntakeHandler
    stored: list[InboundRecord] = field(default_factory=list)


async def start_intake(core: Core) -> tuple[asyncio.Server, Intake]:
    stored: list[InboundRecord] = []
    handler = IntakeHandler(core, mail_journal(core), MemoryKeyValue(), KeyBuilder("cdtest-email"), stored.append)
    server = await start_smtp_server(handler, core.settings.model_copy(update={"smtp_port": 0}))
    return server, Intake(core, bound_port(server), handler, stored)
