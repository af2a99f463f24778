"""Fast tests of the Slack channel's pieces: escaping, cards, modals, DM blocks, the agents'
directory and the notifiers' failures (against the fake Web API on loopback)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timezone
from decimal import Decimal

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from config.catalog import default_catalog
from config.policy import load_policy
from config.settings import SHIPPED_POLICY
from core.model import Notification
from core.ports import DeliveryFailed
from core.results import CaseDetails
from channels.slack.access import AgentDirectory
from channels.slack.blocks import dm_channel, reply_blocks
from channels.slack.cards import available_actions, case_card
from channels.slack.dm_notifier import DirectMessageNotifier
from channels.slack.escape import ZERO_WIDTH_SPACE, inert, unescape_control
from channels.slack.ids import CardHandle, CaseAction
from channels.slack.modals import action_modal, missing_fields, read_submission
from tests.support.slack.web_api import BOT_TOKEN, FakeSlackApi

POLICY = load_policy(SHIPPED_POLICY)
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)


def details(**changes: object) -> CaseDetails:
    base = dict(
        reference="CD-7K3M-9QXA", status="assessed", channel="telegram", language="en", category="billing",
        priority="medium", severity=2, complexity=1, impact=2, urgency=1, immediate_action=False, signals=(),
        description="Charged twice.", subject=None, product=None, order_number=None, incident_date=None,
        desired_outcome="A refund", on_behalf_of=None, location=None, amount=None, currency=None, assignee=None, escalation_level=0, needs_human=False,
        proposed_decision=None, complainant_decision=None, complainant_name="Ann", received_at=NOW, updated_at=NOW,
        due_first_response=NOW, due_resolution=NOW, first_response_at=None, closed_at=None, version=4)
    base.update(changes)
    return CaseDetails(**base)  # type: ignore[arg-type]


@pytest.fixture
async def api() -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi(agents_group={"U1"}, channel_members={"C1": {"U2"}})
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def client(api: FakeSlackApi) -> AsyncIterator[AsyncWebClient]:
    async with aiohttp.ClientSession() as session:
        yield AsyncWebClient(token=BOT_TOKEN, base_url=api.base_url, session=session)


def test_inert_text_cannot_mention_link_or_format() -> None:
    text = inert("<!channel> <@U1> <http://x|y> *b* _i_ ~s~ `c` a&b\n> quote")
    assert "<" not in text and ">" not in text.replace("&gt;", "")
    assert "&lt;!channel&gt;" in text and "a&amp;b" in text
    assert f"*{ZERO_WIDTH_SPACE}b*{ZERO_WIDTH_SPACE}" in text
    assert text.split("\n")[1].startswith(ZERO_WIDTH_SPACE + "&gt;")
    assert unescape_control("a &lt;b&gt; &amp;amp;") == "a <b> &amp;"


@pytest.mark.parametrize(("status", "assignee", "expected"), [
    ("assessed", None, {CaseAction.TAKE, CaseAction.ASSIGN, CaseAction.REPLY, CaseAction.REASSESS,
                        CaseAction.ESCALATE, CaseAction.CLOSE, CaseAction.INVESTIGATE}),
    ("investigating", "U1", {CaseAction.ASSIGN, CaseAction.REPLY, CaseAction.REQUEST_INFO, CaseAction.PROPOSE,
                             CaseAction.REASSESS, CaseAction.ESCALATE, CaseAction.CLOSE, CaseAction.INVESTIGATE}),
    ("escalated", None, {CaseAction.TAKE, CaseAction.ASSIGN, CaseAction.REPLY, CaseAction.PROPOSE, CaseAction.REASSESS,
                         CaseAction.ESCALATE, CaseAction.REFER, CaseAction.CLOSE, CaseAction.INVESTIGATE}),
    ("closed", "U1", {CaseAction.REOPEN, CaseAction.INVESTIGATE}),
    ("withdrawn", None, {CaseAction.INVESTIGATE}),
])
def test_buttons_follow_the_lifecycle(status: str, assignee: str | None, expected: set[CaseAction]) -> None:
    assert set(available_actions(details(status=status, assignee=assignee))) == expected


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_card_carries_the_version_in_every_button_and_fits_block_kit(lang: str) -> None:
    blocks = case_card(details(description="x" * 5000, complainant_name="<@U9>"), POLICY, lang)
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons and all(b["value"] == "CD-7K3M-9QXA|4" for b in buttons)
    assert all(len(b["elements"]) <= 25 for b in blocks if b["type"] == "actions")
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section" and "text" in b)
    assert "<@U9>" not in str(blocks)


@pytest.mark.parametrize(("lang", "line"), [("en", "*Amount:* £45.50"), ("ru", "*Сумма:* 45\u00a0000\u00a0₽")])
def test_card_shows_the_amount_as_people_of_the_language_write_it(lang: str, line: str) -> None:
    amount, currency = (Decimal("45.50"), "GBP") if lang == "en" else (Decimal("45000"), "RUB")
    blocks = case_card(details(amount=amount, currency=currency, location="Leeds store"), POLICY, lang)
    shown = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b)
    assert line in shown and "Leeds store" in shown
    assert default_catalog().text("slack.card.amount", lang) not in str(case_card(details(), POLICY, lang))


def test_modal_round_trip_and_required_fields() -> None:
    handle = CardHandle("CD-7K3M-9QXA", 4, "C1", "1.2")
    for action in CaseAction:
        view = action_modal(action, handle, details(), POLICY, "ru")
        assert len(view["title"]["text"]) <= 24
    view = action_modal(CaseAction.REPLY, handle, details(), POLICY, "en")
    submitted = read_submission({**view, "id": "V1", "state": {"values": {"text": {"value": {
        "type": "plain_text_input", "value": " "}}}}})
    assert submitted is not None and submitted.handle == handle and submitted.view_id == "V1"
    assert missing_fields(submitted, "en") == {"text": default_catalog().text("slack.modal.required", "en")}
    assert read_submission({"callback_id": "modal_reply", "private_metadata": "not json"}) is None
    assert read_submission({"callback_id": "someone_elses", "private_metadata": handle.metadata()}) is None


def test_dm_replies_have_buttons_for_choices_and_escape_control_characters() -> None:
    blocks = reply_blocks("Got <it> & *thanks*", (("Accept", "decision:accept:R"), ("Reject", "decision:reject:R")))
    assert blocks[0]["text"]["text"] == "Got &lt;it&gt; &amp; *thanks*"
    assert [e["value"] for e in blocks[1]["elements"]] == ["decision:accept:R", "decision:reject:R"]
    assert len(reply_blocks("x" * 7000)) == 3
    assert dm_channel("T1/D2") == "D2" and dm_channel("U3") == "U3"


async def test_agent_directory_joins_group_and_channel_caches_and_fails_closed(api: FakeSlackApi,
                                                                               client: AsyncWebClient) -> None:
    now = [0.0]
    directory = AgentDirectory(client, usergroup="S1", channel="C1", ttl=60, clock=lambda: now[0])
    assert await directory.is_agent("U1") and await directory.is_agent("U2") and not await directory.is_agent("U3")
    assert len(api.of("usergroups.users.list")) == 1 and len(api.of("conversations.members")) == 1
    api.agents_group.add("U3")
    assert not await directory.is_agent("U3")  # cached
    now[0] = 61
    assert await directory.is_agent("U3")
    broken = AgentDirectory(client, usergroup="S1", channel="C1")
    api.failures.update({"usergroups.users.list": "no_permission", "conversations.members": "channel_not_found"})
    assert not await broken.is_agent("U1")


def _notification(kind: str = "status_changed", address: str = "D1") -> Notification:
    return Notification(channel="slack", address=address, kind=kind, lang="ru", idempotency_key="k",
                        params={"reference": "CD-7K3M-9QXA", "status": "investigating"}, created_at=NOW,
                        next_attempt_at=NOW)


async def test_dm_notifier_posts_in_the_language_and_maps_failures(api: FakeSlackApi, client: AsyncWebClient) -> None:
    notifier = DirectMessageNotifier(client, default_catalog(), POLICY)
    delivered = await notifier.deliver(_notification())
    assert delivered.ref and api.of("chat.postMessage")[0]["channel"] == "D1"
    assert "CD-7K3M-9QXA" in api.of("chat.postMessage")[0]["text"] and "жалоб" in api.of("chat.postMessage")[0]["text"]
    api.failures["chat.postMessage"] = "ratelimited"
    with pytest.raises(DeliveryFailed) as limited:
        await notifier.deliver(_notification())
    assert limited.value.retry_after == 7 and not limited.value.permanent
    api.failures["chat.postMessage"] = "channel_not_found"
    with pytest.raises(DeliveryFailed) as gone:
        await notifier.deliver(_notification())
    assert gone.value.permanent
    with pytest.raises(DeliveryFailed):
        await notifier.deliver(_notification(address="[erased]"))


async def test_dm_notifier_delivers_the_status_page_link_whole(api: FakeSlackApi, client: AsyncWebClient) -> None:
    link = "https://desk.example/status/open/AbC-d_9xYz0123456789abcdefghijklmnopqrstuvw"
    row = Notification(channel="slack", address="D1", kind="access_link", lang="en", idempotency_key="k",
                       params={"reference": "CD-7K3M-9QXA", "link": link, "minutes": 60}, created_at=NOW,
                       next_attempt_at=NOW)
    await DirectMessageNotifier(client, default_catalog(), POLICY).deliver(row)
    [posted] = api.of("chat.postMessage")
    assert link in posted["text"] and "60 minutes" in posted["text"] and "CD-7K3M-9QXA" in posted["text"]
