"""The dispute path's end from Slack (ISO 10003): the agents are alerted when a complainant
rejects the last level's decision and again when they take up the external body; the card of a
referred case offers only to record the body's outcome, and its modal closes the case (the
complainant told on Telegram, the survey sent)."""

from __future__ import annotations

from core.actors import Actor
from core.commands import Identity
from core.status import CaseStatus as S
from tests.support.slack.cards import act, card_place, complainant_kinds, current_card, events, open_modal, submit
from tests.support.slack.payloads import select_value, text_value
from tests.support.slack.product import AGENT, Product

ANN = Identity("telegram", "5550001")
VIEWER = Actor.agent("test")


async def _referred(product: Product) -> str:
    """Ann's case, its decisions rejected up to the last level, the external body offered and taken up."""
    core, agent = product.core, Actor.agent(AGENT)
    reference = await product.new_case()
    for _ in range(core.policy.escalation.top + 1):
        await core.service.assign(reference, agent, AGENT, reassign=True)
        await core.service.respond(reference, agent, "No refund is due.")
        await core.service.record_complainant_decision(reference, ANN, accept=False, reason="unfair")
    await product.settle()
    assert (await core.queries.details(reference, VIEWER)).status == S.REFERRAL_OFFERED
    await core.service.accept_referral(reference, ANN)
    await product.settle()
    return reference


async def _thread(product: Product, reference: str) -> list[dict]:
    _, ts = await card_place(product, reference)
    return [c.params for c in product.api.of("chat.postMessage") if c.get("thread_ts") == ts]


async def test_the_agents_are_alerted_of_the_offer_and_of_the_referral(product: Product) -> None:
    reference = await _referred(product)

    posts = await _thread(product, reference)
    offered = [p for p in posts if "rejected the final decision" in str(p["text"])]
    accepted = [p for p in posts if "asked us to refer the complaint" in str(p["text"])]
    assert offered and accepted, "each is an alert in the case's thread"
    assert offered[0]["reply_broadcast"] and accepted[0]["reply_broadcast"], "alerts reach the channel too"
    assert "the Independent Ombudsman Service" in str(offered[0]["text"]) and "unfair" in str(offered[0]["text"])


async def test_the_card_of_a_referred_case_records_the_outcome_which_closes_it(product: Product) -> None:
    reference = await _referred(product)
    blocks = str(await current_card(product, reference))
    assert "case_referral_outcome" in blocks and "case_close" not in blocks and "case_reopen" not in blocks
    assert "Referred to the Independent Ombudsman Service." in blocks

    opened = await open_modal(product, reference, "case_referral_outcome")
    assert "the complaint was partly upheld" in str(opened["view"]["blocks"])
    blank = await submit(product, opened["view"], {"note": text_value("nothing chosen")}, view_id="Vblank")
    assert blank.json() == {"response_action": "errors", "errors": {"outcome": "Please fill this in."}}

    _, done = await act(product, reference, "case_referral_outcome",
                        {"outcome": select_value("settled"), "note": text_value("Half refunded by agreement")})

    assert "has been recorded; the case is closed" in done
    details = await product.core.queries.details(reference, VIEWER)
    assert details.status == S.CLOSED and details.referral_outcome == "settled"
    assert complainant_kinds(product)[-2:] == ["referral_outcome", "survey"]
    blocks = str(await current_card(product, reference))
    assert "External outcome: the complaint was settled by agreement." in blocks and "case_referral_outcome" not in blocks
    recorded = [e for e in await events(product, reference) if e.kind == "referral_outcome"]
    assert [(e.actor_id, e.data["outcome"], e.reason) for e in recorded] == [(AGENT, "settled", "Half refunded by agreement")]
