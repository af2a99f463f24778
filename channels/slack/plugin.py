"""The Slack channel: agents work cases from a triage channel, complainants may write by DM."""

from __future__ import annotations

import logging

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from config.settings import Settings

from channels.app.plugin import ServeContext
from channels.inbound.worker_process import WorkerProcess
from channels.slack.agents_notifier import AgentsNotifier
from channels.slack.app import build_bolt_app
from channels.slack.deps import SlackDeps, build_deps
from channels.slack.dm_notifier import DirectMessageNotifier
from channels.slack.endpoint import PATH, SlackEndpoint
from channels.slack.erasure import SlackPosts
from channels.slack.failures import api_error_code
from channels.slack.identity import BotIdentity
from channels.slack.dm import DirectMessages
from channels.slack.events import SlackEvents
from channels.slack.socket_mode import SocketModeLink
from channels.slack.threads import ThreadReplies

log = logging.getLogger(__name__)
STOP_GRACE_SECONDS = 5.0


class SlackPlugin:
    name = "slack"

    def __init__(self) -> None:
        self.deps: SlackDeps | None = None
        self.events: SlackEvents | None = None
        self.endpoint: SlackEndpoint | None = None
        self.identity: BotIdentity | None = None
        self._socket: SocketModeLink | None = None
        self._app: AsyncApp | None = None
        self._session: aiohttp.ClientSession | None = None
        self._drained = False

    def not_configured_reason(self, settings: Settings) -> str | None:
        missing = [name for name in ("slack_bot_token", "slack_signing_secret", "slack_triage_channel")
                   if getattr(settings, name) is None]
        if missing:
            return "set " + ", ".join(f"COMPLAINTDESK_{name.upper()}" for name in missing)
        return None

    def personal_data_holder(self, settings: Settings) -> SlackPosts | None:
        if settings.slack_bot_token is None:
            return None
        return SlackPosts.connect(settings.slack_bot_token.get_secret_value(), settings.slack_api_base)

    async def setup(self, context: ServeContext) -> None:
        settings = context.settings
        assert settings.slack_bot_token and settings.slack_signing_secret and settings.slack_triage_channel
        self._session = aiohttp.ClientSession()  # one connection pool for every Web API call
        self.deps = deps = build_deps(settings, context.core, context.dialogue, self._session, context.background)
        client, cards = deps.client, deps.cards
        self.identity = BotIdentity(client)
        worker = None
        if settings.slack_worker_process:  # the events' processing in a child process of its own
            # (imported here: ``python -m`` of that module imports this package first)
            from channels.slack.worker_process import MODULE as WORKER_MODULE

            worker = WorkerProcess(settings, WORKER_MODULE, on_queued=context.core.dispatcher.wake, name="slack",
                                   metrics=context.core.metrics)
        self.events = SlackEvents(context.core, DirectMessages(deps), ThreadReplies(deps), worker=worker)
        self._app = app = build_bolt_app(deps, self.events,
                                         signing_secret=settings.slack_signing_secret.get_secret_value(),
                                         identity=self.identity)
        self.endpoint = SlackEndpoint(app, settings.slack_signing_secret.get_secret_value())
        context.web.router.add_post(PATH, self.endpoint.handle)
        context.core.registry.register(AgentsNotifier(context.core, client, cards, settings.slack_triage_channel))
        context.core.registry.register(DirectMessageNotifier(client, context.core.catalog, context.core.policy))
        if settings.slack_app_token is not None:
            self._socket = SocketModeLink(app, settings.slack_app_token.get_secret_value(), client)

    async def start(self, context: ServeContext) -> None:
        assert self.identity is not None
        try:
            await self.identity.load()  # one auth.test now, so no request waits for it later
        except SlackApiError as error:
            log.error("slack: auth.test failed (%s); requests will be refused until it works",
                      api_error_code(error))
        assert self.events is not None
        await self.events.start()
        if self._socket is not None:
            await self._socket.start()

    async def drain(self, grace_seconds: float) -> None:
        if self._drained:
            return
        self._drained = True
        if self._socket is not None:
            await self._socket.stop()
        if self.events is not None:
            await self.events.stop(grace_seconds)
        if self.deps is not None:
            await self.deps.work.drain(timeout=grace_seconds)

    async def stop(self) -> None:
        await self.drain(STOP_GRACE_SECONDS)
        if self.deps is not None:
            await self.deps.work.cancel()
        if self._session is not None:
            await self._session.close()
