"""The outbox dispatcher: delivery, backoff with jitter, dead letters, agent alerts, and no
double delivery with several dispatchers on PostgreSQL."""

from __future__ import annotations

import asyncio
import random
from collections import Counter

from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from core.dispatcher import Dispatcher, LoggingNotifier, RetryPolicy
from core.model import Notification
from core.ports import Delivered, DeliveryFailed
from core.runtime import Core
from tests.support.clock import FixedClock


class RecordingNotifier:
    """A platform stand-in that records deliveries and fails as told."""

    def __init__(self, channel: str, failures: list[DeliveryFailed | None] | None = None, delay: float = 0.0) -> None:
        self.channel = channel
        self.failures = list(failures or [])
        self.delay = delay
        self.delivered: list[str] = []

    async def deliver(self, notification: Notification) -> Delivered:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.failures:
            failure = self.failures.pop(0)
            if failure is not None:
                raise failure
        self.delivered.append(notification.idempotency_key)
        return Delivered(ref=f"msg-{notification.id}")


async def _submit(core: Core, address: str = "42", **extra: object) -> str:
    return (await core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("telegram", address), description="It broke", acknowledge_via_outbox=True, **extra))).reference  # type: ignore[arg-type]


async def _rows(core: Core, channel: str) -> list[Notification]:
    return [n for n in await core.queries.notifications(limit=10_000) if n.channel == channel]


async def test_delivers_through_the_registered_notifier(core: Core) -> None:
    telegram, agents = RecordingNotifier("telegram"), RecordingNotifier("agents")
    core.registry.register(telegram)
    core.registry.register(agents)
    await _submit(core)

    assert await core.dispatcher.run_until_idle() == 3
    [row] = await _rows(core, "telegram")
    assert row.status == "sent" and row.attempts == 1 and row.delivered_ref == f"msg-{row.id}"
    assert len(telegram.delivered) == 1
    assert agents.delivered == [f"{row.case_id}:3:agents:new_case", f"sent:{row.id}"], \
        "the agents hear of the new case, then that the acknowledgement reached the person"


async def test_agents_see_each_automatic_message_once_delivered_and_their_own_as_written(core: Core) -> None:
    telegram, agents = RecordingNotifier("telegram"), RecordingNotifier("agents")
    core.registry.register(telegram)
    core.registry.register(agents)
    reference = await _submit(core)
    await core.service.assign(reference, Actor.agent("U1"), "U1")
    await core.service.request_information(reference, Actor.agent("U1"), "Which courier was it?")
    await core.dispatcher.run_until_idle()
    rows = {row.id: row for row in await core.queries.notifications(limit=100)}
    copies = [row for row in rows.values() if row.kind == "sent_to_complainant"]
    assert sorted(rows[c.params["notification_id"]].kind for c in copies) == ["acknowledgement", "status_changed"]
    assert all(c.case_id == rows[c.params["notification_id"]].case_id for c in copies)


async def test_no_mirrors_are_kept_while_the_agents_channel_is_only_the_log(core: Core) -> None:
    telegram = RecordingNotifier("telegram")
    core.registry.register(telegram)  # the agents' channel keeps its stand-in: the log
    await _submit(core)
    await core.dispatcher.run_until_idle()
    rows = await core.queries.notifications(limit=100)
    assert [row.kind for row in rows if row.channel == "agents"] == ["new_case"]
    assert len(telegram.delivered) == 1 and all(row.status == "sent" for row in rows)


async def test_transient_failures_back_off_then_succeed(core: Core, clock: FixedClock) -> None:
    telegram = RecordingNotifier("telegram", [DeliveryFailed("502 bad gateway"), DeliveryFailed("timeout")])
    core.registry.register(telegram)
    await _submit(core)

    await core.dispatcher.run_once()
    [row] = await _rows(core, "telegram")
    assert row.status == "pending" and row.attempts == 1 and row.last_error == "502 bad gateway"
    first_delay = (row.next_attempt_at - clock.now()).total_seconds()
    assert 5 * 0.75 <= first_delay <= 5 * 1.25
    assert await core.dispatcher.run_once() == 0  # not due yet
    clock.advance(seconds=first_delay + 1)
    await core.dispatcher.run_once()
    [row] = await _rows(core, "telegram")
    second_delay = (row.next_attempt_at - clock.now()).total_seconds()
    assert 10 * 0.75 <= second_delay <= 10 * 1.25
    clock.advance(seconds=second_delay + 1)
    await core.dispatcher.run_once()
    [row] = await _rows(core, "telegram")
    assert row.status == "sent" and row.attempts == 3 and telegram.delivered


async def test_retry_after_is_respected() -> None:
    policy = RetryPolicy(base_delay=1)
    assert all(0.75 <= policy.delay(1, random.Random(seed)) <= 1.25 for seed in range(50))
    assert policy.delay(30, random.Random(0)) <= policy.max_delay * 1.25


async def test_dead_letter_after_max_attempts_alerts_agents(core: Core, clock: FixedClock) -> None:
    core.dispatcher.retry = RetryPolicy(max_attempts=3, base_delay=1)
    telegram = RecordingNotifier("telegram", [DeliveryFailed("500")] * 3)
    agents = RecordingNotifier("agents")
    core.registry.register(telegram)
    core.registry.register(agents)
    ref = await _submit(core)

    for _ in range(4):
        await core.dispatcher.run_once()
        clock.advance(seconds=10)
    await core.dispatcher.run_until_idle()

    [row] = await _rows(core, "telegram")
    assert row.status == "dead" and row.attempts == 3
    alerts = [n for n in await _rows(core, "agents") if n.kind == "delivery_failed"]
    assert len(alerts) == 1 and alerts[0].params["reference"] == ref and alerts[0].status == "sent"


async def test_permanent_failure_marks_contact_unreachable(core: Core) -> None:
    core.registry.register(RecordingNotifier("telegram", [DeliveryFailed("403 blocked by user", permanent=True)]))
    core.registry.register(RecordingNotifier("agents"))
    await _submit(core, address="777")

    await core.dispatcher.run_until_idle()

    [row] = await _rows(core, "telegram")
    assert row.status == "dead" and row.attempts == 1
    assert [n.kind for n in await _rows(core, "agents") if n.kind == "contact_unreachable"] == ["contact_unreachable"]
    async with core.uow() as uow:
        identity = await uow.identity("telegram", "777")
    assert identity is not None and identity.unreachable_reason == "403 blocked by user"


async def test_a_crashing_notifier_is_a_transient_failure(core: Core) -> None:
    class Broken:
        channel = "telegram"

        async def deliver(self, notification: Notification) -> Delivered:
            raise ConnectionResetError("peer went away")

    core.registry.register(Broken())
    await _submit(core)
    await core.dispatcher.run_once()
    [row] = await _rows(core, "telegram")
    assert row.status == "pending" and "ConnectionResetError" in (row.last_error or "")


async def test_expired_lease_is_taken_again(core: Core, clock: FixedClock) -> None:
    core.registry.register(RecordingNotifier("telegram"))
    await _submit(core)
    async with core.uow() as uow:  # a dispatcher claimed the rows and died
        await uow.claim_due_notifications(clock.now(), clock.now(), 10)
        await uow.commit()
    clock.advance(seconds=1)
    assert await core.dispatcher.run_until_idle() >= 1
    assert all(n.status == "sent" for n in await _rows(core, "telegram"))


async def test_two_dispatchers_on_postgres_never_send_twice(pg_core: Core, clock: FixedClock) -> None:
    notifier = RecordingNotifier("telegram", delay=0.002)
    pg_core.registry.register(notifier)
    pg_core.registry.register(RecordingNotifier("agents"))
    for index in range(60):
        await _submit(pg_core, address=str(1000 + index))
    second = Dispatcher(pg_core.uow, pg_core.registry, clock, batch_size=7)
    pg_core.dispatcher.batch_size = 7

    handled = await asyncio.gather(pg_core.dispatcher.run_until_idle(), second.run_until_idle())

    assert sum(handled) == 180 and min(handled) > 0  # both took part (60 acks, 60 new cases, 60 copies)
    counts = Counter(notifier.delivered)
    assert len(counts) == 60 and set(counts.values()) == {1}


class SlowFirstNotifier(RecordingNotifier):
    """The first delivery is slow, as a platform's answer sometimes is."""

    async def deliver(self, notification: Notification) -> Delivered:
        self.delay, delay = 0.0, self.delay
        if delay:
            await asyncio.sleep(delay)
        return await super().deliver(notification)


async def test_one_person_gets_their_updates_in_order_while_others_are_served_at_once(core: Core) -> None:
    telegram = SlowFirstNotifier("telegram", delay=0.2)
    core.registry.register(telegram)
    core.registry.register(RecordingNotifier("agents"))
    first = await _submit(core, "42")
    await core.service.assign(first, Actor.agent("U1"), "U1")
    await core.service.request_information(first, Actor.agent("U1"), "Which courier was it?")
    await _submit(core, "43")

    await core.dispatcher.run_until_idle()
    rows = {row.idempotency_key: row for row in await _rows(core, "telegram")}
    delivered = [(rows[key].address, rows[key].kind) for key in telegram.delivered]
    created = [(row.address, row.kind) for row in sorted(rows.values(), key=lambda row: row.id or 0)]
    assert len(delivered) == 4 and created[0] == ("42", "acknowledgement")
    assert [d for d in delivered if d[0] == "42"] == [c for c in created if c[0] == "42"], "in the order written"
    assert delivered[0] == ("43", "acknowledgement"), "another person's update does not wait behind a slow one"


class StuckNotifier(RecordingNotifier):
    """Delivers at once, except to one address, where the platform never answers (the process is
    killed while it waits)."""

    def __init__(self, channel: str, stuck_address: str) -> None:
        super().__init__(channel)
        self.stuck_address = stuck_address
        self.reached_stuck = asyncio.Event()

    async def deliver(self, notification: Notification) -> Delivered:
        if notification.address == self.stuck_address:
            self.reached_stuck.set()
            await asyncio.Event().wait()
        return await super().deliver(notification)


async def test_a_crash_mid_batch_repeats_only_the_message_in_flight(core: Core, clock: FixedClock) -> None:
    """Outcomes are committed as each delivery ends, not once per batch: after a dispatcher dies
    in the middle of a batch, the next one sends only what was in flight again (the batch of 50
    used to be sent again whole: two identical acknowledgements for everybody in it)."""
    telegram = StuckNotifier("telegram", stuck_address="1003")
    core.registry.register(telegram)
    core.registry.register(RecordingNotifier("agents"))
    for address in ("1001", "1002", "1003", "1004", "1005"):
        await _submit(core, address=address)

    crashing = asyncio.create_task(core.dispatcher.run_once())
    await telegram.reached_stuck.wait()
    for _ in range(50):  # the other deliveries of the batch finish and are recorded meanwhile
        await asyncio.sleep(0.01)
        if sum(n.status == "sent" for n in await _rows(core, "telegram")) == 4:
            break
    crashing.cancel()  # the process dies
    first_round = list(telegram.delivered)
    assert len(first_round) == 4

    telegram.stuck_address = "nobody"
    clock.advance(seconds=core.dispatcher.lease.total_seconds() + 1)  # the dead dispatcher's lease runs out
    restarted = Dispatcher(core.uow, core.registry, clock)
    await restarted.run_until_idle()
    await restarted.close()
    (in_flight,) = [n.idempotency_key for n in await _rows(core, "telegram") if n.address == "1003"]
    assert telegram.delivered[len(first_round):] == [in_flight]
    assert set(Counter(telegram.delivered).values()) == {1}, "nobody got an acknowledgement twice"


async def test_the_stand_in_notifier_keeps_only_the_latest(clock: FixedClock) -> None:
    """It stands in for a channel for the product's whole life: it must not keep everything."""
    stand_in = LoggingNotifier("console")
    rows = [Notification(channel="console", address="x", kind="reply", lang="en", params={}, idempotency_key=str(n),
                         created_at=clock.now(), next_attempt_at=clock.now()) for n in range(1000)]
    for row in rows:
        await stand_in.deliver(row)
    assert len(stand_in.delivered) == LoggingNotifier.KEPT and stand_in.delivered[-1] is rows[-1]


async def test_a_bounce_marks_only_a_sent_notification_of_its_channel_to_the_bounced_recipient(core: Core) -> None:
    """A bounce is mail anyone can send: it must not silence another channel's notification, one
    never sent, or one sent to somebody else."""
    core.registry.register(RecordingNotifier("telegram"))
    core.registry.register(RecordingNotifier("email", failures=[None, DeliveryFailed("451 4.3.0 try later")]))
    await _submit(core)
    for key in ("sent", "pending"):
        await core.service.enqueue_reply(channel="email", address="alice@example.org", text="Thank you", lang="en", key=key)
    await core.dispatcher.run_until_idle()
    [telegram] = await _rows(core, "telegram")
    sent, pending = sorted(await _rows(core, "email"), key=lambda row: row.id or 0)
    assert (telegram.status, sent.status, pending.status) == ("sent", "sent", "pending")
    service = core.service
    assert not await service.mark_notification_bounced(telegram.id, "bounced: 5.1.1", channel="email")  # type: ignore[arg-type]
    assert not await service.mark_notification_bounced(pending.id, "bounced: 5.1.1", channel="email")  # type: ignore[arg-type]
    assert not await service.mark_notification_bounced(sent.id, "bounced: 5.1.1", channel="email",  # type: ignore[arg-type]
                                                       delivered_ref="msg-0")
    assert not await service.mark_notification_bounced(sent.id, "bounced: 5.1.1", channel="email",  # type: ignore[arg-type]
                                                       recipients=frozenset({"bob@example.org"}))
    assert [(r.status, r.last_error) for r in await _rows(core, "telegram")] == [("sent", None)]
    assert await service.mark_notification_bounced(sent.id, "bounced: 5.1.1", channel="email",  # type: ignore[arg-type]
                                                   delivered_ref=sent.delivered_ref, recipients=frozenset({"alice@example.org"}))
    assert not await service.mark_notification_bounced(sent.id, "bounced: again", channel="email")  # type: ignore[arg-type]
    statuses = {row.id: row.status for channel in ("telegram", "email") for row in await _rows(core, channel)}
    assert statuses == {telegram.id: "sent", sent.id: "dead", pending.id: "pending"}
    alerts = [n for n in await _rows(core, "agents") if n.kind == "delivery_failed"]
    assert [a.params["notification_id"] for a in alerts] == [sent.id]


async def test_a_restarted_instance_takes_its_own_claims_at_once_and_leaves_others_to_their_lease(
        core: Core, clock: FixedClock) -> None:
    """A killed process's deliveries in flight are sent by its restart at once (they used to
    wait out the lease: two minutes of silence for the person); another instance's wait."""
    telegram = RecordingNotifier("telegram")
    core.registry.register(telegram)
    core.registry.register(RecordingNotifier("agents"))
    for address in ("1", "2"):
        await _submit(core, address=address)
    earlier = Dispatcher(core.uow, core.registry, clock, owner="host-a:8080")
    other = Dispatcher(core.uow, core.registry, clock, owner="host-b:8080")
    async with core.uow() as uow:  # each claimed one acknowledgement and died
        for dispatcher in (earlier, other):
            assert len(await uow.claim_due_notifications(clock.now(), clock.now() + dispatcher.lease, 1,
                                                         claimer=dispatcher.claimer)) == 1
        await uow.commit()
    restarted = Dispatcher(core.uow, core.registry, clock, owner="host-a:8080")
    await restarted.run_until_idle()
    held = [n for n in await core.queries.notifications() if n.status == "sending"]
    assert [n.claimed_by for n in held] == [other.claimer], "host-b's row waits for its lease"
    clock.advance(seconds=other.lease.total_seconds() + 1)
    await restarted.run_until_idle()
    assert all(n.status == "sent" for n in await core.queries.notifications())
    await restarted.close()


async def test_finishing_delivers_what_is_due_and_then_returns(core: Core) -> None:
    """A graceful stop: the dispatcher's loop finishes the deliveries in hand and what is due,
    none cut short, then ends by itself."""
    telegram, agents = RecordingNotifier("telegram", delay=0.05), RecordingNotifier("agents")
    core.registry.register(telegram)
    core.registry.register(agents)
    loop = asyncio.create_task(core.dispatcher.run_forever(poll_seconds=3600))
    for address in ("41", "42", "43"):
        await _submit(core, address)
    core.dispatcher.wake()
    core.dispatcher.finish()
    async with asyncio.timeout(10):
        await loop
    rows = await _rows(core, "telegram")
    assert [row.status for row in rows] == ["sent"] * 3 and len(telegram.delivered) == 3
