"""The timers' alerts in Slack: a warning before a target falls due reaches the assignee (or the
triage channel when nobody has the case); a missed target reaches the next level's people as
the policy names them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from config.settings import SHIPPED_POLICY, Settings
from core.actors import Actor
from tests.support.clock import FixedClock
from tests.support.slack.product import AGENT, TRIAGE, Product, running_product
from tests.support.slack.web_api import ApiCall, FakeSlackApi

LEADS_GROUP = "S0LEADS"
LEAD = "U0LEAD1"


@pytest.fixture
async def routed(slack_settings: Settings, slack_api: FakeSlackApi, clock: FixedClock,
                 tmp_path: Path) -> AsyncIterator[Product]:
    policy = tmp_path / "policy.toml"
    policy.write_text(SHIPPED_POLICY.read_text(encoding="utf-8").replace(
        '{ level = 1, name = { en = "Team lead", ru = "Руководитель группы" }, resolution = "5d" }',
        f'{{ level = 1, name = "Team lead", slack_group = "{LEADS_GROUP}", agents = ["{LEAD}"], resolution = "5d" }}'),
        encoding="utf-8")
    async with running_product(slack_settings.model_copy(update={"policy_file": policy}), slack_api, clock) as product:
        yield product


def broadcast(call: ApiCall) -> bool:
    return str(call.get("reply_broadcast")).lower() in ("true", "1")


async def thread_posts(product: Product, containing: str) -> list[ApiCall]:
    await product.settle()
    return [call for call in product.api.of("chat.postMessage")
            if call.get("channel") == TRIAGE and call.get("thread_ts") and containing in str(call.get("text"))]


async def test_due_soon_reaches_the_assignee_and_a_missed_target_the_next_level(routed: Product) -> None:
    taken = await routed.new_case()
    await routed.core.service.assign(taken, Actor.agent(AGENT), AGENT)
    nobody_s = await routed.new_case(address="5550002")

    due = (await routed.core.queries.details(taken, Actor.agent(AGENT))).due_first_response
    assert due is not None and due == (await routed.core.queries.details(nobody_s, Actor.agent(AGENT))).due_first_response
    routed.clock.current = due - timedelta(hours=1)
    done = await routed.core.timers_round()
    assert sorted(action.reference for action in done.actions) == sorted([taken, nobody_s])

    [to_assignee] = await thread_posts(routed, f"Complaint {taken}: the time for the first response runs out")
    assert to_assignee["text"].startswith(f":alarm_clock: <@{AGENT}> ") and not broadcast(to_assignee)
    [to_triage] = await thread_posts(routed, f"Complaint {nobody_s}: the time for the first response runs out")
    assert "<@" not in to_triage["text"] and broadcast(to_triage)

    routed.clock.current = due + timedelta(minutes=1)  # both missed it
    await routed.core.timers_round()

    missed = await thread_posts(routed, "missed the time for the first response and has been escalated to Team lead")
    assert len(missed) == 2 and all(broadcast(call) for call in missed)
    assert all(call["text"].startswith(f":alarm_clock: <!subteam^{LEADS_GROUP}> <@{LEAD}> ") for call in missed)
    assert {(await routed.core.queries.details(ref, Actor.agent(AGENT))).escalation_level for ref in (taken, nobody_s)} == {1}
