"""Slack's events processed in the Slack worker process (the supervised child of ``serve``,
channels.inbound.worker_process): complainants' DMs and their button presses understood and
answered, agents' thread replies recorded, by the same :class:`~channels.slack.events.SlackEvents`
as in-process, fed by the ids of the rows the serving process stored. Its replies to a DM are
posted from here, with a Web API client of its own; what it queues, ``serve`` delivers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp

from channels.app.bootstrap import Product
from channels.inbound.processor import InboundProcessor
from channels.inbound.worker_process import DoneListener, child_main

MODULE = "channels.slack.worker_process"


@asynccontextmanager
async def slack_job(product: Product, on_done: DoneListener) -> AsyncIterator[InboundProcessor]:
    from channels.slack.deps import build_deps
    from channels.slack.dm import DirectMessages
    from channels.slack.dm_notifier import DirectMessageNotifier
    from channels.slack.events import SlackEvents
    from channels.slack.threads import ThreadReplies

    core = product.core
    async with aiohttp.ClientSession() as session:
        deps = build_deps(product.settings, core, product.dialogue, session, set())
        core.registry.register(DirectMessageNotifier(deps.client, core.catalog, core.policy))  # the inline replies
        # the same owner as the serving process: its claims are ours
        events = SlackEvents(core, DirectMessages(deps), ThreadReplies(deps), on_done=on_done)
        try:
            yield events.processor
        finally:
            await deps.work.drain()
            await deps.work.cancel()
            await events.journal.close()


if __name__ == "__main__":
    child_main(slack_job)
