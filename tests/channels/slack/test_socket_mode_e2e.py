"""Socket Mode: with an app-level token the same app is fed over Slack's WebSocket instead of
``/slack/events``. Envelopes are acknowledged by id and do the same work as signed requests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from channels.app.runner import Runner
from channels.slack import SlackPlugin
from config.settings import Settings
from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from tests.support.clock import FixedClock
from tests.support.cores import create_schema
from tests.support.slack.payloads import block_actions, card_button, message_event
from tests.support.slack.product import AGENT, OUTSIDER, TRIAGE
from tests.support.slack.web_api import APP_TOKEN, FakeSlackApi


@pytest.fixture
async def socket_product(slack_settings: Settings, slack_api: FakeSlackApi,
                         clock: FixedClock) -> AsyncIterator[Runner]:
    settings = slack_settings.model_copy(update={"slack_app_token": SecretStr(APP_TOKEN)})
    await create_schema(settings)
    runner = Runner(settings, clock=clock, plugins=[SlackPlugin()])
    await runner.start()
    yield runner
    await runner.stop()


async def _take_over_the_socket(runner: Runner, slack_api: FakeSlackApi, user: str) -> str:
    """A new case, its card posted in the triage channel, and ``user`` pressing its Take button over
    the socket; returns the case's reference once the press is acked."""
    submitted = await runner.core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("telegram", "5550001"), description="My card was charged twice for the same order."))
    runner.core.dispatcher.wake()
    card = (await slack_api.wait_for("chat.postMessage", channel=TRIAGE))[0]
    button = card_button(card["blocks"], "case_take")
    envelope = await slack_api.push_envelope("interactive", block_actions(
        user=user, channel=TRIAGE, message_ts="1700000000.000001", action_id="case_take", value=button["value"]))
    await slack_api.wait_ack(envelope)
    return submitted.reference


async def test_the_app_connects_with_its_app_level_token(socket_product: Runner, slack_api: FakeSlackApi) -> None:
    assert slack_api.of("apps.connections.open")
    assert len(slack_api.sockets) == 1


async def test_a_direct_message_over_the_socket_is_acked_and_answered(socket_product: Runner,
                                                                       slack_api: FakeSlackApi) -> None:
    envelope = await slack_api.push_envelope("events_api", message_event(
        user="U0PERSON1", channel="D0PERSON1", text="Hello, I want to complain about my broadband"))
    assert (await slack_api.wait_ack(envelope))["envelope_id"] == envelope
    replies = await slack_api.wait_for("chat.postMessage", channel="D0PERSON1")
    assert replies[0]["text"]  # the dialogue answered in the DM (the privacy notice first)


async def test_a_card_button_over_the_socket_takes_the_case(socket_product: Runner, slack_api: FakeSlackApi) -> None:
    core = socket_product.core
    reference = await _take_over_the_socket(socket_product, slack_api, AGENT)
    await slack_api.wait_for("chat.update", channel=TRIAGE)
    details = await core.queries.details(reference, Actor.agent(AGENT))
    assert details.assignee == AGENT


async def test_an_outsider_over_the_socket_is_refused_too(socket_product: Runner, slack_api: FakeSlackApi) -> None:
    core = socket_product.core
    reference = await _take_over_the_socket(socket_product, slack_api, OUTSIDER)
    refusal = await slack_api.wait_for("chat.postEphemeral", user=OUTSIDER)
    assert refusal
    details = await core.queries.details(reference, Actor.agent(AGENT))
    assert details.assignee is None
