"""Agents' records in Slack, end to end: the "Register a complaint" shortcut and its modal (a
complaint received by phone, letter or in person), the investigation modal on a card, reopening
a closed case, and what the card then shows."""

from __future__ import annotations

from core.actors import Actor
from core.status import CaseStatus as S
from tests.support.catalog import say
from tests.support.slack.cards import act, current_card, events
from tests.support.slack.payloads import global_shortcut, select_value, text_value, view_submission
from tests.support.slack.product import AGENT, OUTSIDER, Product

VIEWER = Actor.agent("test")


async def _open_register(product: Product, user: str = AGENT) -> dict:
    before = len(product.api.of("views.open"))
    answer = await product.poster.interactive(global_shortcut(user=user, callback_id="complaint_register"))
    assert answer.status == 200 and answer.seconds < 1.0
    return (await product.api.wait_for("views.open", count=before + 1))[-1]["view"]


async def _register(product: Product, values: dict[str, dict], view_id: str) -> str:
    view = await _open_register(product)
    answer = await product.poster.interactive(view_submission(user=AGENT, view=view, values=values, view_id=view_id))
    assert answer.status == 200
    await product.settle()
    return str((await product.api.wait_for("views.update", view_id=view_id))[-1]["view"]["blocks"])


async def test_a_phone_complaint_is_registered_from_the_shortcut(product: Product) -> None:
    done = await _register(product, {
        "via": select_value("phone"), "description": text_value("The engineer never came on Monday."),
        "name": text_value("Olga Petrova"), "email": text_value("olga@example.com"), "language": select_value("ru"),
    }, "Vregister")
    assert "Registered as CD-" in done and "olga@example.com" in done
    reference = done.split("Registered as ")[1][:12]
    details = await product.core.queries.details(reference, VIEWER)
    assert (details.received_via, details.channel, details.language) == ("phone", "email", "ru")
    received = next(e for e in await events(product, reference) if e.kind == "received")
    assert received.data["registered_by"] == AGENT
    await product.settle()
    assert "acknowledgement" in [n.kind for n in product.recorder("email").delivered]
    card = str(await current_card(product, reference))
    assert say("slack.card.via_phone", "en") in card


async def test_a_letter_without_an_address_and_a_blank_description(product: Product) -> None:
    view = await _open_register(product)
    refused = await product.poster.interactive(view_submission(
        user=AGENT, view=view, values={"via": select_value("letter"), "description": text_value("  ")}, view_id="Vblank"))
    assert refused.status == 200 and set(refused.json()["errors"]) == {"description"}
    done = await _register(product, {"via": select_value("letter"), "description": text_value("Refused cheque")}, "Vletter")
    assert say("slack.done.register_unsent", "en") in done


async def test_an_outsider_gets_no_register_modal(product: Product) -> None:
    answer = await product.poster.interactive(global_shortcut(user=OUTSIDER, callback_id="complaint_register"))
    assert answer.status == 200
    refusals = await product.api.wait_for("chat.postMessage", channel=OUTSIDER)
    assert "Only members" in refusals[-1]["text"]
    assert product.api.of("views.open") == []


async def test_the_investigation_modal_records_and_the_card_shows_it(product: Product) -> None:
    reference = await product.new_case()
    _, done = await act(product, reference, "case_investigate", {
        "findings": text_value("The gateway retried a timed-out charge."), "root_cause": select_value("system_fault"),
        "redress_kind": select_value("refund"), "redress_amount": text_value("49.90"),
        "redress_currency": text_value("gbp")})
    assert "has been recorded" in done
    record = (await product.core.queries.details(reference, VIEWER)).investigation
    assert record is not None and record.root_cause == "system_fault" and str(record.redress_amount) == "49.90"
    await product.settle()
    card = str(await current_card(product, reference))
    assert "System fault" in card and "£49.90" in card and "The gateway retried" in card
    _, refused = await act(product, reference, "case_investigate", {"redress_amount": text_value("lots")})
    assert "not an amount" in refused


async def test_reopening_from_the_card_tells_the_complainant(product: Product) -> None:
    reference = await product.new_case()
    await act(product, reference, "case_close", {"reason": text_value("Resolved by phone")})
    await act(product, reference, "case_reopen", {"reason": text_value("The customer called back")})
    assert (await product.core.queries.details(reference, VIEWER)).status == S.ESCALATED
    await product.settle()
    assert "case_reopened" in [n.kind for n in product.recorder("telegram").delivered]
