"""A new case becomes a card in the triage channel, kept up to date in place, with its thread."""

from __future__ import annotations

from tests.support.slack.product import TRIAGE, Product


async def test_new_case_is_posted_as_a_card_and_linked(product: Product) -> None:
    reference = await product.new_case()
    posts = await product.api.wait_for("chat.postMessage", channel=TRIAGE)
    card = posts[0]
    assert card.get("thread_ts") is None
    text = str(card["blocks"])
    assert reference in text and "Take" in text and "Ann Example" in text
    async with product.core.uow() as uow:
        case = await uow.case_by_reference(reference)
        assert case is not None
        links = await uow.links(case.id, "slack_card")
    assert [link.value for link in links] == [f"{TRIAGE}/{product.api.of('chat.postMessage')[0].params and '1700000000.000001'}"]
