"""The card's thread (mirror in, explicit replies out), slash commands, complainants by DM, and
hostile complainant text shown inert."""

from __future__ import annotations

from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from core.status import CaseStatus as S
from tests.support.catalog import say
from tests.support.slack.cards import act, card_place, complainant_kinds, current_card, events, press
from tests.support.slack.payloads import block_actions, message_event, slash_command, text_value
from tests.support.slack.product import AGENT, OUTSIDER, TRIAGE, Product

VIEWER = Actor.agent("test")
CUSTOMER = "U0CUSTOM1"
DM = "D0CUSTOM1"
HOSTILE = "<!channel> ping <@U0AGENT1> see <http://evil.example|your bank> *urgent* _now_ ~x~ `code` & more\n> quoted"


def thread_texts(product: Product, ts: str) -> list[str]:
    return [str(c["text"]) for c in product.api.of("chat.postMessage") if c.get("thread_ts") == ts]


async def test_complainant_messages_are_mirrored_into_the_cards_thread(product: Product) -> None:
    reference = await product.new_case(address="5550002")
    await product.core.service.add_complainant_message(reference, Identity("telegram", "5550002"),
                                                       "Here is the receipt number 12345.")
    await product.settle()
    _, ts = await card_place(product, reference)
    assert any("Here is the receipt number 12345." in text for text in thread_texts(product, ts))


async def test_a_message_not_proven_to_come_from_the_complainant_is_shown_as_such(product: Product) -> None:
    reference = await product.new_case(address="5550004")
    await product.core.service.add_complainant_message(reference, Identity("telegram", "5550004"), "I accept",
                                                       sender_verified=False)
    await product.settle()
    _, ts = await card_place(product, reference)
    [shown] = [text for text in thread_texts(product, ts) if "I accept" in text]
    assert shown.startswith(say("slack.thread.unproven_message", "en"))


async def test_what_reaches_the_complainant_is_mirrored_once_delivered(product: Product) -> None:
    reference = await product.new_case(address="5550003")
    await press(product, reference, "case_take")
    await product.settle()
    _, ts = await card_place(product, reference)
    sent = [text for text in thread_texts(product, ts) if text.startswith(":outbox_tray: *Sent to the complainant* (Telegram)")]
    acknowledgement = say("notify.acknowledgement", "en", reference=reference)
    status = say("notify.status_changed", "en", reference=reference,
                 status=say("status.investigating", "en", body=product.core.policy.organisation.external_resolution_body))
    assert len(sent) == 2 and acknowledgement in sent[0] and status in sent[1]
    card_updates = [c for c in product.api.of("chat.update") if c.get("ts") == ts]
    assert len(card_updates) <= 2, "a copy for the thread does not redraw the card"


async def test_thread_talk_stays_internal_unless_prefixed(product: Product) -> None:
    reference = await product.new_case()
    channel, ts = await card_place(product, reference)
    internal = message_event(user=AGENT, channel=channel, channel_type="channel", thread_ts=ts,
                             text="I think this is the duplicate-charge bug")
    assert (await product.poster.event(internal)).status == 200
    await product.settle()
    assert "agent_message" not in complainant_kinds(product)
    notes = [e for e in await events(product, reference) if e.kind == "note"]
    assert [(n.actor_kind, n.actor_id) for n in notes] == [("agent", AGENT)]
    outgoing = message_event(user=AGENT, channel=channel, channel_type="channel", thread_ts=ts,
                             text="reply: We have refunded the duplicate charge &amp; apologise.")
    await product.poster.event(outgoing)
    await product.settle()
    sent = [n for n in product.recorder("telegram").delivered if n.kind == "agent_message"]
    assert [n.params["text"] for n in sent] == ["We have refunded the duplicate charge & apologise."]


async def test_thread_replies_by_outsiders_do_nothing(product: Product) -> None:
    reference = await product.new_case()
    channel, ts = await card_place(product, reference)
    await product.poster.event(message_event(user=OUTSIDER, channel=channel, channel_type="channel", thread_ts=ts,
                                             text="reply: you will get nothing"))
    await product.settle()
    assert "agent_message" not in complainant_kinds(product)
    assert not [e for e in await events(product, reference) if e.kind in ("note", "agent_message")]


async def test_slash_complaint_shows_the_card_ephemerally(product: Product) -> None:
    reference = await product.new_case()
    answer = await product.poster.command(slash_command(user=AGENT, command="/complaint", text=reference.lower()))
    assert answer.status == 200 and answer.seconds < 1.0
    shown = await product.api.wait_for("chat.postEphemeral", user=AGENT)
    assert reference in str(shown[-1]["blocks"]) and shown[-1]["channel"] == TRIAGE
    await product.poster.command(slash_command(user=AGENT, command="/complaint", text="CD-0000-0000"))
    shown = await product.api.wait_for("chat.postEphemeral", count=2, user=AGENT)
    assert "CD-" in shown[-1]["text"] and "blocks" not in shown[-1].params or not shown[-1]["blocks"]
    await product.poster.command(slash_command(user=OUTSIDER, command="/complaint", text=reference))
    refused = await product.api.wait_for("chat.postEphemeral", user=OUTSIDER)
    assert "Only members" in refused[0]["text"]


async def test_slash_complaints_lists_and_stats(product: Product) -> None:
    first = await product.new_case()
    second = await product.new_case(address="5550003")
    await press(product, second, "case_take")
    await product.settle()
    for n, sub in enumerate(("open", "mine", "overdue", "stats", "bogus"), start=1):
        await product.poster.command(slash_command(user=AGENT, command="/complaints", text=sub))
        await product.api.wait_for("chat.postEphemeral", count=n, user=AGENT)
    texts = [c["text"] for c in product.api.of("chat.postEphemeral")]
    assert first in texts[0] and second in texts[0]
    assert second in texts[1] and first not in texts[1]
    assert "No complaint is overdue." == texts[2]
    product.clock.advance(days=40)
    await product.poster.command(slash_command(user=AGENT, command="/complaints", text="overdue"))
    overdue = await product.api.wait_for("chat.postEphemeral", count=6, user=AGENT)
    assert first in overdue[-1]["text"]
    assert "Complaints received: 2" in texts[3] and "Open now: 2" in texts[3]
    assert texts[4].startswith("Usage:")


async def test_a_dm_runs_the_dialogue_and_answers_in_the_dm(product: Product) -> None:
    answer = await product.poster.event(message_event(user=CUSTOMER, channel=DM, text="Hello"))
    assert answer.status == 200
    replies = await product.api.wait_for("chat.postMessage", channel=DM)
    assert replies[0]["text"].strip()
    assert product.api.of("users.info")  # the person's language comes from their Slack locale


async def test_a_dm_complainant_gets_updates_with_buttons_and_decides_by_button(product: Product) -> None:
    submitted = await product.core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("slack", CUSTOMER), reply_address=DM, name="Dee",
        description="The app charged me for a plan I cancelled last month."))
    reference = submitted.reference
    await product.settle()
    await press(product, reference, "case_take")
    await product.settle()
    await act(product, reference, "case_propose", {"decision": text_value("We refund the last payment.")})
    offers = [c for c in product.api.of("chat.postMessage") if c.get("channel") == DM and "actions" in str(c.get("blocks"))]
    assert offers, "the decision reaches the DM with buttons"
    buttons = [e for b in offers[-1]["blocks"] if b["type"] == "actions" for e in b["elements"]]
    accept = next(b for b in buttons if b["value"] == f"decision:accept:{reference}")
    answer = await product.poster.interactive(block_actions(
        user=CUSTOMER, channel=DM, message_ts="1700000000.999999", action_id=accept["action_id"],
        value=accept["value"], label=accept["text"]["text"], container_type="message"))
    assert answer.status == 200
    await product.settle()
    details = await product.core.queries.details(reference, VIEWER)
    assert details.status == S.CLOSED and details.complainant_decision == "accepted"
    retired = [c for c in product.api.of("chat.update") if c.get("channel") == DM]
    assert retired and "actions" not in str(retired[-1]["blocks"])
    survey = [c for c in product.api.of("chat.postMessage") if c.get("channel") == DM and f"survey:{reference}:5" in str(c.get("blocks"))]
    assert survey, "the satisfaction survey arrives with 1-5 buttons"


async def test_hostile_complainant_text_is_inert_on_the_card_and_in_the_thread(product: Product) -> None:
    reference = await product.new_case(text=HOSTILE, name="<!here> Eve *bold*")
    await product.core.service.add_complainant_message(reference, Identity("telegram", "5550001"), HOSTILE)
    await product.settle()
    _, ts = await card_place(product, reference)
    shown = str(await current_card(product, reference)) + " ".join(thread_texts(product, ts))
    for dangerous in ("<!channel>", "<!here>", "<@U0AGENT1>", "<http://evil.example|your bank>", "*urgent*", "_now_",
                      "`code`", " & more"):
        assert dangerous not in shown, dangerous
    for inert in ("&lt;!channel&gt;", "&lt;@U0AGENT1&gt;", "&lt;http://evil.example|your bank&gt;", "&amp; more"):
        assert inert in shown, inert
