"""The Slack channel's part of an erasure, against the fake Web API: the app's card and posts
about an erased case are overwritten; a post Slack no longer has is skipped; an outage refuses
the erasure (to be run again)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from slack_sdk.errors import SlackApiError

from channels.slack.erasure import SlackPosts
from core.ports import ErasureScope
from tests.support.slack.web_api import BOT_TOKEN, FakeSlackApi

REFERENCE = "CD-7K3M-9QXA"
SCOPE = ErasureScope(
    references=(REFERENCE,),
    links=frozenset({(REFERENCE, "slack_card", "C0TRIAGE/1700000000.000001"),
                     (REFERENCE, "email_subject", "Broken kettle")}),
    deliveries=frozenset({("agents", "C0TRIAGE/1700000000.000001"),  # new_case: the card itself
                          ("agents", "C0TRIAGE/1700000000.000002"), ("slack", "D0ANN/1700000000.000003"),
                          ("email", "<1.2@complaintdesk.localhost>"), ("telegram", "5512")}),
)


@pytest.fixture
async def api() -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi()
    await fake.start()
    yield fake
    await fake.stop()


async def test_the_card_and_every_post_about_the_case_are_overwritten(api: FakeSlackApi) -> None:
    await SlackPosts.connect(BOT_TOKEN, api.base_url).erase(SCOPE)

    updates = {(c["channel"], c["ts"]): (c["text"], c["blocks"]) for c in api.of("chat.update")}
    assert updates == {
        ("C0TRIAGE", "1700000000.000002"): ("[erased]", []),
        ("D0ANN", "1700000000.000003"): ("[erased]", []),
        ("C0TRIAGE", "1700000000.000001"): (f":wastebasket: *{REFERENCE}*: the complainant's personal data was erased.", []),
    }
    assert SlackPosts.handles == frozenset({"slack_card"}), "the card's link stays: an open case's card is found again"


async def test_a_post_slack_no_longer_has_is_skipped(api: FakeSlackApi) -> None:
    api.failures["chat.update"] = "message_not_found"
    await SlackPosts.connect(BOT_TOKEN, api.base_url).erase(SCOPE)
    assert len(api.of("chat.update")) == 3


async def test_an_outage_refuses_the_erasure(api: FakeSlackApi) -> None:
    api.outages["chat.update"] = (503, "text/plain")
    with pytest.raises(SlackApiError):
        await SlackPosts.connect(BOT_TOKEN, api.base_url).erase(SCOPE)
