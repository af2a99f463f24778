"""Every agent action on a card, end to end: signed request -> ack -> core command with the Slack
user as actor -> outbox -> the complainant's own channel (Telegram here), the card updated."""

from __future__ import annotations

import pytest

from core.actors import Actor
from core.status import CaseStatus as S
from tests.support.slack.product import AGENT, CHANNEL_MEMBER, OUTSIDER, SECOND_AGENT, TRIAGE, Product
from tests.support.slack.cards import (
    act, card_place, complainant_kinds, current_card, events, open_modal, press, submit,
)
from tests.support.slack.payloads import select_value, text_value, user_value

VIEWER = Actor.agent("test")


async def status_of(product: Product, reference: str) -> str:
    return (await product.core.queries.details(reference, VIEWER)).status


async def test_take_assigns_to_the_slack_user_and_tells_the_complainant(product: Product) -> None:
    reference = await product.new_case()
    await press(product, reference, "case_take")
    await product.settle()
    assert await status_of(product, reference) == S.INVESTIGATING
    assigned = [e for e in await events(product, reference) if e.kind == "assigned"]
    assert [(e.actor_kind, e.actor_id) for e in assigned] == [("agent", AGENT)]
    assert "status_changed" in complainant_kinds(product)
    _, ts = await card_place(product, reference)
    assert product.api.of("chat.update") and product.api.of("chat.update")[-1]["ts"] == ts
    blocks = str(await current_card(product, reference))
    assert f"<@{AGENT}>" in blocks and "case_take" not in blocks  # taken: no Take button any more
    threads = [c for c in product.api.of("chat.postMessage") if c.get("thread_ts") == ts]
    assert any("Assigned" in str(c["text"]) for c in threads)


async def test_reply_request_information_and_propose_reach_the_complainant(product: Product) -> None:
    reference = await product.new_case()
    await press(product, reference, "case_take")
    await product.settle()
    _, done = await act(product, reference, "case_reply", {"text": text_value("We are looking into it.")})
    assert "on its way" in done
    _, done = await act(product, reference, "case_request_info", {"question": text_value("Which order number?")})
    assert await status_of(product, reference) == S.AWAITING_COMPLAINANT
    _, done = await act(product, reference, "case_propose", {"decision": text_value("A full refund of the second charge.")})
    assert await status_of(product, reference) == S.RESPONDED
    sent = product.recorder("telegram").delivered
    assert [n.kind for n in sent if n.kind in ("agent_message", "information_requested", "decision_proposed")] == [
        "agent_message", "information_requested", "decision_proposed"]
    assert sent[-1].params["decision"] == "A full refund of the second charge."
    _, ts = await card_place(product, reference)
    mirrored = " ".join(str(c["text"]) for c in product.api.of("chat.postMessage") if c.get("thread_ts") == ts)
    for words in ("We are looking into it.", "Which order number?", "A full refund of the second charge."):
        assert words in mirrored
    actors = {(e.kind, e.actor_id) for e in await events(product, reference)}
    assert {("agent_message", AGENT), ("information_requested", AGENT), ("decision_proposed", AGENT)} <= actors


async def test_assign_reassess_escalate_refer(product: Product) -> None:
    reference = await product.new_case()
    await act(product, reference, "case_assign", {"assignee": user_value(SECOND_AGENT)})
    details = await product.core.queries.details(reference, VIEWER)
    assert details.assignee == SECOND_AGENT
    await act(product, reference, "case_reassess", {
        "category": select_value("fraud_security"), "severity": select_value("3"), "urgency": select_value("3"),
        "priority": select_value("auto"), "reason": text_value("Card fraud suspected")})
    details = await product.core.queries.details(reference, VIEWER)
    assert (details.category, details.severity, details.priority) == ("fraud_security", 3, "critical")
    _, done = await act(product, reference, "case_escalate", {"level": select_value("2"), "reason": text_value("Needs a manager")})
    details = await product.core.queries.details(reference, VIEWER)
    assert (details.status, details.escalation_level) == (S.ESCALATED, 2)
    await act(product, reference, "case_refer", {"reason": text_value("Outside our remit")})
    assert await status_of(product, reference) == S.REFERRED_EXTERNAL
    kinds = complainant_kinds(product)
    assert "case_escalated" in kinds and "referred_external" in kinds
    reasons = {e.kind: e.reason for e in await events(product, reference)}
    assert reasons["reassessed"] == "Card fraud suspected" and reasons["referred_external"] == "Outside our remit"


async def test_close_and_reopen(product: Product) -> None:
    reference = await product.new_case()
    await act(product, reference, "case_close", {"reason": text_value("Resolved by phone")})
    assert await status_of(product, reference) == S.CLOSED
    assert {"case_closed", "survey"} <= set(complainant_kinds(product))
    blocks = str(await current_card(product, reference))
    assert "case_reopen" in blocks and "case_close" not in blocks
    await act(product, reference, "case_reopen", {"reason": text_value("The customer called back")})
    assert await status_of(product, reference) == S.ESCALATED
    assert [e.actor_id for e in await events(product, reference) if e.kind == "reopened"] == [AGENT]


async def test_a_triage_channel_member_may_act_an_outsider_is_refused(product: Product) -> None:
    reference = await product.new_case()
    await press(product, reference, "case_take", user=OUTSIDER)
    refusals = await product.api.wait_for("chat.postEphemeral", user=OUTSIDER)
    assert "Only members" in refusals[0]["text"] and refusals[0]["channel"] == TRIAGE
    await product.settle()
    assert await status_of(product, reference) == S.ASSESSED
    await press(product, reference, "case_take", user=CHANNEL_MEMBER)
    await product.settle()
    assert [e.actor_id for e in await events(product, reference) if e.kind == "assigned"] == [CHANNEL_MEMBER]


async def test_an_outsiders_forged_submission_is_refused(product: Product) -> None:
    reference = await product.new_case()
    opened = await open_modal(product, reference, "case_close")
    await submit(product, opened["view"], {"reason": text_value("bye")}, user=OUTSIDER, view_id="Vforged")
    shown = await product.api.wait_for("views.update", view_id="Vforged")
    assert "Only members" in str(shown[-1]["view"]["blocks"])
    assert await status_of(product, reference) == S.ASSESSED


async def test_a_stale_card_gets_a_clear_conflict(product: Product) -> None:
    reference = await product.new_case()
    opened = await open_modal(product, reference, "case_close")  # the modal remembers the version it saw
    await press(product, reference, "case_take", user=SECOND_AGENT)
    await product.settle()
    await submit(product, opened["view"], {"reason": text_value("done")}, view_id="Vstale")
    shown = await product.api.wait_for("views.update", view_id="Vstale")
    assert "changed" in str(shown[-1]["view"]["blocks"])
    assert await status_of(product, reference) == S.INVESTIGATING


async def test_blank_required_field_is_answered_with_errors(product: Product) -> None:
    reference = await product.new_case()
    opened = await open_modal(product, reference, "case_reply")
    answer = await submit(product, opened["view"], {"text": text_value("   ")}, view_id="Vblank")
    assert answer.json() == {"response_action": "errors", "errors": {"text": "Please fill this in."}}
    assert "agent_message" not in complainant_kinds(product)


async def test_a_refusal_by_the_core_is_explained(product: Product) -> None:
    reference = await product.new_case()
    await act(product, reference, "case_escalate", {"level": select_value("3"), "reason": text_value("Straight to the top")})
    _, shown = await act(product, reference, "case_escalate", {"reason": text_value("Higher still")})
    assert "did not work" in shown and "last escalation level" in shown
    assert (await product.core.queries.details(reference, VIEWER)).escalation_level == 3


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "text/html"])
async def test_take_works_while_users_info_answers_a_non_json_500(product: Product, content_type: str) -> None:
    reference = await product.new_case()
    product.api.outages["users.info"] = (500, content_type)
    await press(product, reference, "case_take")
    await product.settle()
    assert product.api.of("users.info"), "the language lookup was tried"
    assert await status_of(product, reference) == S.INVESTIGATING


async def test_a_member_may_act_while_the_user_group_lookup_answers_a_non_json_502(product: Product) -> None:
    reference = await product.new_case()
    product.api.outages["usergroups.users.list"] = (502, "text/plain")
    await press(product, reference, "case_take", user=CHANNEL_MEMBER)
    await product.settle()
    assert product.api.of("usergroups.users.list")
    assert [e.actor_id for e in await events(product, reference) if e.kind == "assigned"] == [CHANNEL_MEMBER]
