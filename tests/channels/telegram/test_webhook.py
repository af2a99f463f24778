"""The webhook: secret token, durable recording before the 200, duplicates, refusals, the corpus
of real updates, and the sweep of updates a crash left unprocessed."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from core.model import InboundRecord
from tests.support.catalog import say
from tests.support.clock import FixedClock
from tests.support.corpora import Corpora
from tests.support.telegram import updates
from tests.support.telegram.bot_api import FakeBotApi
from tests.support.telegram.product import SECRET, Person, Product, start_product

WEBHOOK = pytest.mark.parametrize("mode", ["webhook"])
EN = "en"
REJECTED_BY_AIOGRAM = {"028", "030", "054", "060", "063", "068", "069", "076"}


async def records(product: Product) -> list[InboundRecord]:
    async with product.core.uow() as uow:
        from sqlalchemy import select

        return list((await uow.session.execute(select(InboundRecord).order_by(InboundRecord.id))).scalars())


@WEBHOOK
async def test_missing_or_wrong_secret_is_refused_and_nothing_is_processed(product: Product) -> None:
    alice = Person(product)
    update = updates.message(product.api.next_update_id(), alice.user, "hello")
    assert await product.api.post_to_webhook(update, url=product.webhook_url, secret=None) == 401
    assert await product.api.post_to_webhook(update, url=product.webhook_url, secret="wrong") == 401
    assert await product.api.post_to_webhook(update, url=product.webhook_url, secret=SECRET + "x") == 401
    assert await product.api.post_to_webhook(update, url=product.webhook_url, secret="") == 401
    await product.settle()
    assert await records(product) == []
    assert product.api.calls_of("sendMessage") == []


@WEBHOOK
async def test_duplicate_update_is_answered_once(product: Product) -> None:
    alice = Person(product)
    update = updates.message(product.api.next_update_id(), alice.user, "hello")
    await product.deliver(update)
    await product.deliver(update)
    await product.deliver(update)
    assert len(product.api.texts_to(alice.id)) == 1
    (record,) = await records(product)
    assert record.status == "done" and record.dedup_key == str(update["update_id"])


@WEBHOOK
async def test_a_body_that_is_no_update_is_a_400_and_an_unreadable_update_is_refused(product: Product) -> None:
    assert await product.api.post_to_webhook(b"not json", url=product.webhook_url) == 400
    assert await product.api.post_to_webhook(b'{"message": {}}', url=product.webhook_url) == 400
    assert await product.api.post_to_webhook(b'[1, 2]', url=product.webhook_url) == 400
    broken = {"update_id": 99, "message": {"message_id": 1, "chat": {"id": 5}, "date": "yesterday"}}
    assert await product.api.post_to_webhook(broken, url=product.webhook_url) == 200
    assert await product.api.post_to_webhook(broken, url=product.webhook_url) == 200, "not retried forever"
    (record,) = await records(product)
    assert record.status == "refused" and "does not match aiogram's model" in (record.outcome or "")


@WEBHOOK
async def test_every_corpus_update_ends_processed_ignored_or_refused(product: Product, corpora: Corpora,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    files = sorted((corpora / "telegram-updates").glob("*.json"))
    assert len(files) == 77
    caplog.set_level(logging.INFO, logger="channels.telegram")
    ids: dict[str, int] = {}
    for number, path in enumerate(files, start=1):
        # The fixtures come from different bots, so some update_ids collide; each file is posted
        # under an id of its own (the rest of the payload is sent as it is).
        data = json.loads(path.read_bytes())
        ids[path.name[:3]] = data["update_id"] = 900_000 + number
        status = await product.api.post_to_webhook(data, url=product.webhook_url)
        assert status == 200, f"{path.name} answered {status}"
        await product.settle(data["update_id"])
    by_key = {record.dedup_key: record for record in await records(product)}
    outcomes: dict[str, str] = {}
    for name, update_id in ids.items():
        record = by_key[str(update_id)]
        assert record.status in {"done", "ignored", "refused"}, f"{name}: {record.status} {record.outcome}"
        assert record.outcome, f"{name} has no recorded reason"
        outcomes[name] = record.status
    refused = {name for name, status in outcomes.items() if status == "refused"}
    assert refused == REJECTED_BY_AIOGRAM
    assert outcomes["001"] == "done" and outcomes["018"] == "done" and outcomes["009"] == "done"
    assert outcomes["007"] == "ignored" and outcomes["013"] == "ignored" and outcomes["045"] == "ignored"
    assert all(f"telegram update" in message for message in caplog.messages if "refused" in message)
    assert product.api.calls_of("getFile"), "the corpus photo was fetched"

    alice = Person(product, id=777001)
    assert say("bot.greeting.hello", EN) in await alice.say("hello"), "the server still works afterwards"


async def test_updates_a_crash_left_unprocessed_are_swept_at_start(tg_settings, fake_api: FakeBotApi,  # type: ignore[no-untyped-def]
                                                                  nlu_models: Path, clock: FixedClock) -> None:
    first = await start_product(tg_settings, fake_api, nlu_models, clock, "webhook")
    alice = Person(first)
    update = updates.message(fake_api.next_update_id(), alice.user, "hello")
    async with first.core.uow() as uow:  # stored and acknowledged, then the process died
        uow.add(InboundRecord(channel="telegram", dedup_key=str(update["update_id"]),
                              payload=json.dumps(update).encode(), received_at=clock.now()))
        await uow.commit()
    await first.stop()
    assert fake_api.texts_to(alice.id) == []

    second = await start_product(tg_settings, fake_api, nlu_models, clock, "webhook")
    try:
        await second.settle(update["update_id"])
        assert say("bot.greeting.hello", EN) in fake_api.texts_to(alice.id)[0]
        assert (await second.record(update["update_id"])).status == "done"  # type: ignore[union-attr]
    finally:
        await second.stop()


@WEBHOOK
async def test_an_update_whose_processing_died_after_the_dialogue_is_answered_once(product: Product) -> None:
    """Another process stored the update, ran it through the dialogue and died before its replies
    were settled: taken over, it is answered exactly once (the replies kept with the session)."""
    from channels.inbound.journal import Arrival, InboundJournal

    alice = Person(product)
    update = updates.message(product.api.next_update_id(), alice.user, "hello")
    crashed = InboundJournal("telegram", product.core.uow, product.clock, "crashed-host:8080", lease_seconds=60)
    record = await crashed.store(Arrival(str(update["update_id"]), json.dumps(update).encode(), product.clock.now(),
                                         str(alice.id)))
    assert record is not None and product.plugin.intake is not None
    lost = await product.plugin.intake.process(record, None)  # its replies never left that process
    await crashed.close()
    assert len(lost.replies) == 1 and product.api.texts_to(alice.id) == []

    product.clock.advance(seconds=61)
    assert await product.plugin.intake.processor.sweep() == 1
    await product.settle(update["update_id"])
    assert [say("bot.greeting.hello", EN) in text for text in product.api.texts_to(alice.id)] == [True]
