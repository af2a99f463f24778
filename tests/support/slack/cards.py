"""Steps the end-to-end tests repeat: find a case's card, press its buttons, fill its modals."""

from __future__ import annotations

from core.model import CaseEvent
from tests.support.slack.payloads import block_actions, card_button, view_submission
from tests.support.slack.product import AGENT, TRIAGE, Product
from tests.support.slack.signing import Answer
from tests.support.slack.web_api import ApiCall


async def card_place(product: Product, reference: str) -> tuple[str, str]:
    async with product.core.uow() as uow:
        case = await uow.case_by_reference(reference)
        assert case is not None
        links = await uow.links(case.id, "slack_card")
    assert len(links) == 1, "exactly one card per case"
    channel, _, ts = links[0].value.partition("/")
    return channel, ts


async def current_card(product: Product, reference: str) -> list[dict]:
    """The blocks the card shows now: its last chat.update, or the post that created it."""
    channel, ts = await card_place(product, reference)
    versions = [c for c in product.api.calls
                if (c.method == "chat.update" and c.get("ts") == ts)
                or (c.method == "chat.postMessage" and c.get("channel") == TRIAGE and reference in str(c.get("blocks"))
                    and not c.get("thread_ts"))]
    assert versions, f"no card for {reference}"
    return versions[-1]["blocks"]


async def press(product: Product, reference: str, action_id: str, *, user: str = AGENT) -> Answer:
    channel, ts = await card_place(product, reference)
    button = card_button(await current_card(product, reference), action_id)
    answer = await product.poster.interactive(block_actions(
        user=user, channel=channel, message_ts=ts, action_id=action_id, value=button["value"],
        label=button["text"]["text"]))
    assert answer.status == 200 and answer.seconds < 1.0
    return answer


async def open_modal(product: Product, reference: str, action_id: str, *, user: str = AGENT) -> ApiCall:
    before = len(product.api.of("views.open"))
    await press(product, reference, action_id, user=user)
    opened = await product.api.wait_for("views.open", count=before + 1)
    return opened[-1]


async def submit(product: Product, view: dict, values: dict[str, dict], *, user: str = AGENT,
                 view_id: str = "V000001") -> Answer:
    answer = await product.poster.interactive(view_submission(user=user, view=view, values=values, view_id=view_id))
    assert answer.status == 200 and answer.seconds < 1.0
    await product.settle()
    return answer


async def act(product: Product, reference: str, action_id: str, values: dict[str, dict], *,
              user: str = AGENT) -> tuple[Answer, str]:
    """Press a card button, fill its modal, submit; returns the ack and the text the modal ends with."""
    opened = await open_modal(product, reference, action_id, user=user)
    view_id = f"V{action_id}"
    answer = await submit(product, opened["view"], values, user=user, view_id=view_id)
    updates = await product.api.wait_for("views.update", view_id=view_id)
    return answer, str(updates[-1]["view"]["blocks"])


async def events(product: Product, reference: str) -> list[CaseEvent]:
    async with product.core.uow() as uow:
        case = await uow.case_by_reference(reference)
        assert case is not None
        return await uow.events(case.id)


def complainant_kinds(product: Product, channel: str = "telegram") -> list[str]:
    return [n.kind for n in product.recorder(channel).delivered]
