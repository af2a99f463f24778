"""What operators' metrics read from the core: the backlog in aggregate queries (outbox by channel,
dead letters, overdue cases, inbound pending), and what the core tells the ``Metrics`` port as it
works (cases opened, acknowledgements with their latency, failed deliveries)."""

from __future__ import annotations

from datetime import timedelta

from core import outbox
from core.commands import ComplaintSubmission, Identity
from core.ports import Delivered, DeliveryFailed
from core.model import Notification
from core.runtime import Core
from core.status import InboundStatus
from tests.support.clock import FixedClock


class Tally:
    """The ``Metrics`` port, remembering what it heard."""

    def __init__(self) -> None:
        self.heard: list[tuple[str, ...]] = []
        self.acknowledgements: list[tuple[str, float]] = []

    def message_received(self, channel: str) -> None:
        self.heard.append(("message", channel))

    def turn_finished(self, channel: str, seconds: float) -> None:
        self.heard.append(("turn", channel))

    def nlu_finished(self, seconds: float) -> None:
        self.heard.append(("nlu",))

    def case_opened(self, channel: str) -> None:
        self.heard.append(("opened", channel))

    def acknowledged(self, channel: str, seconds: float) -> None:
        self.acknowledgements.append((channel, seconds))

    def delivery_failed(self, channel: str) -> None:
        self.heard.append(("failed", channel))


class Refusing:
    def __init__(self, channel: str, *, permanent: bool) -> None:
        self.channel, self.permanent = channel, permanent

    async def deliver(self, notification: Notification) -> Delivered:
        raise DeliveryFailed("refused", permanent=self.permanent)


class Accepting:
    channel = "email"

    async def deliver(self, notification: Notification) -> Delivered:
        return Delivered()


async def test_the_backlog_counts_by_channel_in_one_reading(core: Core, clock: FixedClock) -> None:
    tally = Tally()
    core.service.metrics = core.dispatcher.metrics = tally
    core.registry.register(Refusing("telegram", permanent=True))
    core.registry.register(Refusing("slack", permanent=False))
    core.registry.register(Accepting())
    empty = await core.queries.backlog()
    assert (empty.outbox, empty.dead, empty.overdue_cases, empty.inbound_pending) == ({}, {}, 0, {})

    chat = await core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("telegram", "77"), description="The heater I bought stopped working after a week"))
    received = clock.now() - timedelta(minutes=3)  # the mail came in three minutes before it was read
    await core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("email", "dan@example.org"), description="Your engineer never came on Monday",
        acknowledge_via_outbox=True, received_at=received))
    assert tally.heard == [("opened", "telegram"), ("opened", "email")]
    assert tally.acknowledgements == [("telegram", 0.0)]  # answered in the reply, at once
    async with core.uow() as uow:
        await uow.queue([outbox.reply(channel=channel, address="a", text="Hi", lang="en", key=f"k-{channel}",
                                      now=clock.now()) for channel in ("telegram", "slack")])
        await uow.record_inbound([{
            "channel": "slack", "dedup_key": "E1", "payload": b"{}", "received_at": clock.now(),
            "status": InboundStatus.PENDING, "attempts": 0, "conversation": "U1"}])
        await uow.commit()
    await core.dispatcher.run_until_idle()

    assert ("email", 180.0) in tally.acknowledgements  # from the mail's receipt, not from the row
    assert tally.heard.count(("failed", "telegram")) == 1 and tally.heard.count(("failed", "slack")) == 1
    backlog = await core.queries.backlog()
    assert backlog.dead == {"telegram": 1}
    assert backlog.outbox == {"slack": 1}  # waiting for its next attempt
    assert backlog.inbound_pending == {"slack": 1}
    assert backlog.overdue_cases == 0
    clock.advance(days=120)
    assert (await core.queries.backlog()).overdue_cases == 2
    assert chat.reference
