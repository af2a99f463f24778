"""The bolt app: verified requests in, an acknowledgement out at once, the work after it in
tracked background tasks. Listeners never wait for the database or the Web API before acking
(``process_before_response=True`` only means bolt answers with what the listener acked)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext as BoltContext
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from core.tracebacks import where_it_failed

from channels.inbound.failures import is_transient
from channels.slack.agent_actions import CaseActions
from channels.slack.deps import SlackDeps
from channels.slack.events import SlackEvents
from channels.slack.ids import CASE_ACTION_PATTERN, DM_CHOICE_PATTERN, MODAL_PATTERN
from channels.slack.identity import BotIdentity
from channels.slack.modals import missing_fields, notice_modal, read_submission
from channels.slack.registration import CALLBACK as REGISTER_CALLBACK, SHORTCUT as REGISTER_SHORTCUT, Registrations
from channels.slack.registration import missing as missing_registration, read_fields
from channels.slack.slash import SlashCommands
from channels.slack.texts import t

bolt_log = logging.getLogger("channels.slack.bolt")
STORED = "complaintdesk_stored_event"  # the journal's row of the request's event, in bolt's context


def request_kind(body: dict) -> str:
    """A short name for what Slack sent, for logs."""
    if body.get("command"):
        return "slash_command"
    kind = str(body.get("type") or "unknown")
    if kind == "event_callback":
        event = body.get("event") or {}
        return f"event:{event.get('type')}" + (f"/{event['subtype']}" if event.get("subtype") else "")
    return kind


def build_bolt_app(deps: SlackDeps, events: SlackEvents, *, signing_secret: str,
                   identity: BotIdentity) -> AsyncApp:
    # bolt gets a token-less client: it authorizes each request through ``identity`` (one auth.test,
    # kept), and our own handlers use ``deps.client``.
    async def authorize(enterprise_id: str | None, team_id: str | None, user_id: str | None) -> AuthorizeResult:
        return await identity.load()  # one workspace: the same answer for every request

    # The endpoint verifies every HTTP request before bolt sees it (channels.slack.endpoint), and
    # Socket Mode needs no signature: bolt's own check is off, and with it its INFO line that
    # writes a refused request's whole body to the log.
    app = AsyncApp(signing_secret=signing_secret, client=AsyncWebClient(base_url=deps.client.base_url, session=deps.client.session),
                   authorize=authorize, process_before_response=True, request_verification_enabled=False,
                   raise_error_for_unhandled_request=True, logger=bolt_log)
    actions, slash, registrations = CaseActions(deps), SlashCommands(deps), Registrations(deps)

    def later(kind: str, work: Callable[[], Awaitable[None]]) -> None:
        deps.work.spawn(work(), name=f"slack:{kind}")

    async def journal(body: dict, context: BoltContext, next: Callable[[], Awaitable[Any]]) -> BoltResponse | None:  # noqa: A002
        event_id = body.get("event_id")
        if not event_id:  # interactivity and commands: the person sees the outcome and may press again
            return await next()
        record = await events.arrive(str(event_id), body)
        if record is None:
            deps.ignored(request_kind(body), f"event {event_id} was delivered before (a retry)")
            return BoltResponse(status=200, body="")
        context[STORED] = record
        return await next()  # a listener takes the event; ``on_error`` settles one nobody handles

    app.middleware(journal)

    @app.event("message")
    async def on_message(ack: Any, body: dict, context: BoltContext) -> None:
        await ack()
        record = context.get(STORED)
        if record is not None:
            events.submit(record, body)

    @app.action(CASE_ACTION_PATTERN)
    async def on_case_button(ack: Any, body: dict) -> None:
        await ack()
        later("case_button", lambda: actions.button(body))

    @app.action(DM_CHOICE_PATTERN)
    async def on_dm_choice(ack: Any, body: dict) -> None:
        # a turn of the complainant's conversation: journalled as a DM is, and processed in its order
        record = await events.arrive_choice(body)
        await ack()
        if record is None:
            deps.ignored("block_actions.dm", "the same press delivered before")
        else:
            events.submit(record, body)

    @app.shortcut(REGISTER_SHORTCUT)
    async def on_register_shortcut(ack: Any, body: dict) -> None:
        await ack()
        later("register_shortcut", lambda: registrations.shortcut(body))

    @app.view(REGISTER_CALLBACK)
    async def on_register(ack: Any, body: dict) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        lang = deps.people.known(user) or "en"
        view = body.get("view") or {}
        errors = missing_registration(read_fields(view), lang)
        if errors:
            await ack(response_action="errors", errors=errors)
            deps.refused("view_submission", "register: required fields left blank")
            return
        await ack(response_action="update", view=notice_modal(t("modal.register.title", lang), t("modal.working", lang)))
        later("register", lambda: registrations.submission(view, user))

    @app.view(MODAL_PATTERN)
    async def on_submission(ack: Any, body: dict) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        lang = deps.people.known(user) or "en"
        submission = read_submission(body.get("view") or {})
        if submission is None:
            await ack()
            deps.ignored("view_submission", "not one of our modals")
            return
        errors = missing_fields(submission, lang)
        if errors:
            await ack(response_action="errors", errors=errors)
            deps.refused("view_submission", f"{submission.action.value}: required fields left blank")
            return
        title = t(f"modal.{submission.action.value}.title", lang)
        await ack(response_action="update", view=notice_modal(title, t("modal.working", lang)))
        later("submission", lambda: actions.submission(submission, user))

    @app.view_closed(MODAL_PATTERN)
    async def on_closed(ack: Any, body: dict) -> None:
        await ack()
        deps.ignored("view_closed", "the agent closed a modal")

    @app.command("/complaint")
    @app.command("/complaints")
    async def on_command(ack: Any, body: dict) -> None:
        await ack()
        later("slash", lambda: slash.run(body))

    @app.error
    async def on_error(error: Exception, body: dict) -> None:
        if isinstance(error, BoltUnhandledRequestError):
            deps.ignored(request_kind(body or {}), "nothing in complaintdesk handles this kind of request")
            if (body or {}).get("event_id"):
                await events.ignored(str(body["event_id"]), f"no work for a {request_kind(body)} event")
        elif is_transient(error):  # the event could not be stored: Slack sends it again
            bolt_log.warning("slack request %s not stored (%s); Slack will send it again", request_kind(body or {}),
                             type(error).__name__)
        else:
            bolt_log.error("slack request %s failed: %s\n%s", request_kind(body or {}), type(error).__name__,
                           where_it_failed(error))

    return app
