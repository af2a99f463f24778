"""What Telegram's refusals do to the product: a blocked bot, flood limits, server errors, and a
duplicate update in one long-polling batch."""

from __future__ import annotations

import pytest

from core.actors import Actor
from core.dispatcher import LoggingNotifier
from tests.support.catalog import say
from tests.support.telegram import updates
from tests.support.telegram.product import Person, Product, complain

EN = "en"
AGENT = Actor.agent("U_AGENT")


@pytest.mark.parametrize("mode", ["webhook"])
async def test_blocked_person_is_marked_unreachable_and_agents_are_told(product: Product) -> None:
    alice = Person(product)
    reference = await complain(alice)
    product.api.block(alice.id)
    calls_before = len(product.api.calls_of("sendMessage"))

    await product.core.service.assign(reference, AGENT, AGENT.id)
    await product.settle()
    for _ in range(3):
        product.core.dispatcher.wake()
        await product.settle()

    assert len(product.api.calls_of("sendMessage")) == calls_before + 1, "no endless retries"
    dead = await product.core.queries.notifications(status=("dead",))
    assert [(n.kind, n.channel) for n in dead] == [("status_changed", "telegram")]
    async with product.core.uow() as uow:
        identity = await uow.identity("telegram", str(alice.id))
    assert identity is not None and "blocked" in (identity.unreachable_reason or "")
    agents = product.core.registry.get("agents")
    assert isinstance(agents, LoggingNotifier)
    assert [n.params["reference"] for n in agents.delivered if n.kind == "contact_unreachable"] == [reference]


@pytest.mark.parametrize("mode", ["polling"])
async def test_flood_limit_on_a_reply_waits_retry_after(product: Product) -> None:
    alice = Person(product)
    product.api.fail("sendMessage", 429, retry_after=1, chat_id=alice.id)
    assert say("bot.greeting.hello", EN) in await alice.say("hello")
    first, second = product.api.calls_of("sendMessage")
    assert second.at - first.at >= 1.0


@pytest.mark.parametrize("mode", ["webhook"])
async def test_a_reply_telegram_keeps_refusing_goes_through_the_outbox(product: Product) -> None:
    alice = Person(product)
    product.api.fail("sendMessage", 500, times=3, chat_id=alice.id)
    assert await alice.say("hello") == "", "three quick tries in vain: the reply waits in the outbox"
    product.clock.advance(seconds=1)  # past the outbox's retry delay
    await product.settle()
    assert say("bot.greeting.hello", EN) in alice.news()
    assert len(product.api.calls_of("sendMessage")) == 4
    (row,) = await product.core.queries.notifications(status=("sent",))
    assert row.kind == "reply" and row.channel == "telegram" and row.address == str(alice.id)
    assert row.params["choices"] == [[say("bot.control.new_complaint", EN), "new"],
                                     [say("bot.control.check_status", EN), "status"]]
    assert alice.buttons == ["new", "status"], "the buttons survive the detour"


@pytest.mark.parametrize("mode", ["polling"])
async def test_a_duplicate_in_one_polling_batch_is_processed_once(product: Product) -> None:
    alice = Person(product)
    update = updates.message(product.api.next_update_id(), alice.user, "hello")
    await product.api.push_updates([update, update])
    await product.settle(update["update_id"])
    assert len(product.api.texts_to(alice.id)) == 1


@pytest.mark.parametrize("mode", ["polling"])
async def test_an_unreadable_update_does_not_block_polling(product: Product) -> None:
    alice = Person(product)
    broken = {"update_id": product.api.next_update_id(), "message": {"message_id": 1, "date": "never"}}
    good = updates.message(product.api.next_update_id(), alice.user, "hello")
    await product.api.push_updates([broken, good])
    await product.settle(good["update_id"])
    assert say("bot.greeting.hello", EN) in alice.news()
    record = await product.record(broken["update_id"])
    assert record is not None and record.status == "refused"


def test_the_channel_says_why_it_does_not_start(settings) -> None:  # type: ignore[no-untyped-def]
    from pydantic import SecretStr

    from channels.telegram.plugin import TelegramPlugin

    plugin = TelegramPlugin()
    assert "TELEGRAM_TOKEN" in (plugin.not_configured_reason(settings) or "")
    with_url = settings.model_copy(update={"telegram_token": SecretStr("1:x"),
                                           "telegram_webhook_url": "https://example.org/telegram/webhook"})
    assert "WEBHOOK_SECRET" in (plugin.not_configured_reason(with_url) or "")
    complete = with_url.model_copy(update={"telegram_webhook_secret": SecretStr("s")})
    assert plugin.not_configured_reason(complete) is None
