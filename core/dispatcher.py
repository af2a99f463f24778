"""The outbox dispatcher: delivers notifications through the notifier registered for their
channel, retries with exponential backoff and jitter, dead-letters after N attempts and tells the
agents. Several dispatchers may run at once: rows are claimed with ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL (SQLite has a single writer) and leased, so no row is sent twice."""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from core import outbox
from core.group_commit import GroupCommit
from core.model import Notification
from core.notification_text import AGENTS
from core.ports import Clock, Delivered, DeliveryFailed, Metrics, NoMetrics, Notifier, UnitOfWork
from core.service import UowFactory
from core.status import NotificationStatus
from core.failures import transient as transient_storage_error
from core.tracebacks import where_it_failed

log = logging.getLogger(__name__)
OUTCOME_TRIES = 8  # about five seconds of a database that keeps dropping connections


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 6
    base_delay: float = 5.0
    max_delay: float = 3600.0
    jitter: float = 0.25

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Seconds before attempt ``attempt + 1``: exponential, capped, with ± jitter."""
        raw = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return float(raw * (1 + rng.uniform(-self.jitter, self.jitter)))


def _by_recipient(rows: Sequence[Notification]) -> dict[tuple[str, str], list[Notification]]:
    queues: dict[tuple[str, str], list[Notification]] = {}
    for row in rows:
        queues.setdefault((row.channel, row.address), []).append(row)
    return queues


def _seconds_since_received(notification: Notification, now: datetime) -> float:
    """From the complaint's receipt (kept on its acknowledgement; the row's creation for rows
    queued before it was) to ``now``."""
    received = notification.created_at
    stamp = notification.params.get("received_at")
    if isinstance(stamp, str):
        try:
            received = datetime.fromisoformat(stamp)
        except ValueError:
            pass
    return max(0.0, (now - received).total_seconds())


class NotifierRegistry:
    """Which notifier delivers which channel; the runner registers one per configured channel."""

    def __init__(self) -> None:
        self._by_channel: dict[str, Notifier] = {}

    def register(self, notifier: Notifier) -> None:
        self._by_channel[notifier.channel] = notifier

    def get(self, channel: str) -> Notifier | None:
        return self._by_channel.get(channel)

    @property
    def channels(self) -> list[str]:
        return sorted(self._by_channel)


class LoggingNotifier:
    """Writes notifications to the log: the stand-in for a channel that is not configured. The
    latest ones are kept for a look from the same process (tests, the console), never all."""

    KEPT = 200

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.delivered: deque[Notification] = deque(maxlen=self.KEPT)

    async def deliver(self, notification: Notification) -> Delivered:
        log.info("notification %s %s to %s:%s %s", notification.id, notification.kind, notification.channel,
                 "<address>" if notification.channel != AGENTS else notification.address, notification.params.get("reference"))
        self.delivered.append(notification)
        return Delivered()


class Dispatcher:
    def __init__(self, uow: UowFactory, registry: NotifierRegistry, clock: Clock, retry: RetryPolicy = RetryPolicy(),
                 *, batch_size: int = 50, lease_seconds: float = 120.0, seed: int | None = None,
                 owner: str | None = None, metrics: Metrics | None = None) -> None:
        """:param owner: names this instance in its claims (with a mark of this run of it): rows
            it held before a restart are taken at once, not after their lease
        :param metrics: hears of failed delivery attempts and of acknowledgements delivered"""
        self._uow = uow
        self.metrics: Metrics = metrics or NoMetrics()
        self.owner = owner
        self.claimer = f"{owner}/{secrets.token_hex(4)}" if owner else None
        self.registry = registry
        self.clock = clock
        self.retry = retry
        self.batch_size = batch_size
        self.lease = timedelta(seconds=lease_seconds)
        self._rng = random.Random(seed)
        self._wake = asyncio.Event()
        # hears every wake (a worker process, which runs no outbox, passes it on to ``serve``)
        self.on_wake: Callable[[], None] | None = None
        self._finishing = False
        self._outcomes: GroupCommit[tuple[Notification, Delivered | DeliveryFailed], None] = GroupCommit(
            "outbox-outcomes", self._save_outcomes)

    def wake(self) -> None:
        """Ask a sleeping ``run_forever`` to look at the outbox now."""
        self._wake.set()
        if self.on_wake is not None:
            self.on_wake()

    async def close(self) -> None:
        await self._outcomes.close()

    async def run_once(self) -> int:
        """Claim one batch of due notifications and deliver it; returns how many were handled."""
        now = self.clock.now()
        async with self._uow() as uow:
            claimed = await uow.claim_due_notifications(now, now + self.lease, self.batch_size, claimer=self.claimer,
                                                        earlier_self=f"{self.owner}/" if self.owner else None)
            await uow.commit()
        if claimed:
            await self.deliver_claimed(claimed)
        return len(claimed)

    async def deliver_claimed(self, claimed: Sequence[Notification]) -> None:
        """Deliver rows this process holds (``sending``, under its lease): concurrently across
        recipients and in order to each one, so that a person reads "now being investigated"
        before the question that followed it. Each outcome is committed as soon as it is known
        (with the others known at that moment), before that recipient's next message goes out:
        a crash can make the outbox repeat at most the one message per recipient in flight."""
        async def in_order(rows: list[Notification]) -> None:
            for index, row in enumerate(rows):
                outcome = await self._deliver(row)
                if not await self._save_outcome(row, outcome):  # the rest waits for the lease
                    log.warning("outbox: the outcome of notification %s could not be saved; it and the %d after "
                                "it to the same recipient are tried again when their lease ends", row.id,
                                len(rows) - index - 1)
                    return

        await asyncio.gather(*(in_order(rows) for rows in _by_recipient(claimed).values()))

    async def send_now(self, rows: Sequence[Notification]) -> list[Delivered | DeliveryFailed]:
        """Deliver rows that are not stored yet (the replies of one turn, while the person waits),
        in order to each recipient; the caller stores the ones that failed, in the transaction
        that settles what they answer (:meth:`record_sent`)."""
        outcomes: dict[int, Delivered | DeliveryFailed] = {}

        async def in_order(queue: list[Notification]) -> None:
            for row in queue:
                outcomes[id(row)] = await self._deliver(row)

        await asyncio.gather(*(in_order(queue) for queue in _by_recipient(rows).values()))
        return [outcomes[id(row)] for row in rows]

    async def record_sent(self, uow: UnitOfWork, rows: Sequence[Notification],
                          outcomes: Sequence[Delivered | DeliveryFailed]) -> list[Notification]:
        """Store, in the caller's transaction, the rows :meth:`send_now` could not deliver: each
        waits for another try by the outbox, or is dead with the agents told. What was delivered
        needs no row: it answered a message that this same transaction settles, so it is never
        sent again. A row whose key is stored already (the turn settled before) is left as it is.
        Returns the rows newly stored."""
        failed = [(row, outcome) for row, outcome in zip(rows, outcomes) if isinstance(outcome, DeliveryFailed)]
        for row, _ in failed:
            row.status = NotificationStatus.SENDING  # stored as in delivery, then given its next state
        stored = await uow.queue_returning([row for row, _ in failed])
        by_row = {id(row): outcome for row, outcome in failed}
        for row in stored:
            await self._record(uow, row, by_row[id(row)])
        await uow.save_outcomes(stored)
        return stored

    async def run_until_idle(self, max_rounds: int = 1000) -> int:
        total = 0
        for _ in range(max_rounds):
            handled = await self.run_once()
            if handled == 0:
                return total
            total += handled
        return total

    def finish(self) -> None:
        """Ask ``run_forever`` to return once nothing is due (a graceful stop drains the outbox:
        no delivery is cut short, and what the last turns queued goes out before the process ends)."""
        self._finishing = True
        self._wake.set()

    async def run_forever(self, poll_seconds: float = 1.0) -> None:
        self._finishing = False
        while True:
            try:
                handled = await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the database may be briefly away; try again on the next tick
                if transient_storage_error(error):
                    log.warning("outbox dispatcher round failed: %s; trying again", type(error).__name__)
                else:
                    log.error("outbox dispatcher round failed: %s\n%s", type(error).__name__, where_it_failed(error))
                handled = 0
            if handled == 0 and self._finishing:
                return
            if handled == 0:
                self._wake.clear()
                # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow the
                # cancellation that stops the dispatcher when the wake-up lands at that moment.
                try:
                    async with asyncio.timeout(poll_seconds):
                        await self._wake.wait()
                except TimeoutError:
                    pass

    async def _save_outcome(self, row: Notification, outcome: Delivered | DeliveryFailed) -> bool:
        """Record what became of a delivery; a database connection lost meanwhile is retried at
        once on a new one (the message went out: recording it is what keeps it from going twice)."""
        for attempt in range(OUTCOME_TRIES):
            try:
                await self._outcomes.submit((row, outcome))
                return True
            except Exception as error:
                if not transient_storage_error(error) or attempt == OUTCOME_TRIES - 1:
                    log.warning("outbox: recording notification %s failed: %s", row.id, type(error).__name__)
                    return False
                await asyncio.sleep(0.02 * 2 ** attempt)
        return False

    async def _save_outcomes(self, batch: Sequence[tuple[Notification, Delivered | DeliveryFailed]]) -> list[None]:
        async with self._uow() as uow:
            statuses = await uow.notification_statuses([n.id for n, _ in batch])  # type: ignore[misc]  # rows claimed from the database have ids
            recorded, copies = [], []
            # Mirrors of delivered messages are for the case's thread in the agents' channel (Slack);
            # while the agents' channel is only the log, nobody would read them.
            mirrored = not isinstance(self.registry.get(AGENTS), LoggingNotifier)
            for notification, outcome in batch:
                if statuses.get(notification.id) != NotificationStatus.SENDING:  # type: ignore[arg-type]  # rows claimed from the database have ids
                    continue  # marked meanwhile (a bounce of an earlier send): that stands
                copy = await self._record(uow, notification, outcome)
                recorded.append(notification)
                if copy is not None and mirrored:
                    copies.append(copy)
            await uow.save_outcomes(recorded)
            await uow.queue(copies)
            await uow.commit()
        return [None] * len(batch)

    async def _deliver(self, notification: Notification) -> Delivered | DeliveryFailed:
        outcome = await self._attempt(notification)
        if isinstance(outcome, DeliveryFailed):
            self.metrics.delivery_failed(notification.channel)
        elif notification.kind == "acknowledgement":
            self.metrics.acknowledged(notification.channel, _seconds_since_received(notification, self.clock.now()))
        return outcome

    async def _attempt(self, notification: Notification) -> Delivered | DeliveryFailed:
        notifier = self.registry.get(notification.channel)
        if notifier is None:
            return DeliveryFailed(f"no notifier is registered for channel {notification.channel!r}")
        try:
            return await notifier.deliver(notification)
        except DeliveryFailed as failure:
            return failure
        except Exception as error:  # a notifier bug or a network error: transient, retried
            log.warning("delivery of notification %s failed: %s", notification.id, type(error).__name__)
            return DeliveryFailed(f"{type(error).__name__}: {error}")

    async def _record(self, uow: UnitOfWork, row: Notification, outcome: Delivered | DeliveryFailed) -> Notification | None:
        """Decide ``row``'s next state from ``outcome`` (the caller saves it); returns the agents'
        copy of a delivered message, if one is due."""
        now = self.clock.now()
        row.attempts += 1
        row.locked_until = None
        if isinstance(outcome, Delivered):
            row.status, row.sent_at, row.delivered_ref, row.last_error = NotificationStatus.SENT, now, outcome.ref, None
            if row.channel != AGENTS and row.case_id and row.kind not in outbox.WRITTEN_BY_AGENTS | outbox.NOT_MIRRORED:
                return outbox.delivered_copy(row, now)  # the case's thread shows what the person got
            return None
        row.last_error = outcome.reason[:2000]
        if outcome.permanent or row.attempts >= self.retry.max_attempts:
            row.status = NotificationStatus.DEAD
            await self._dead_letter(uow, row, now, unreachable=outcome.permanent)
            return None
        delay = self.retry.delay(row.attempts, self._rng)
        if outcome.retry_after is not None:
            delay = max(delay, outcome.retry_after)
        row.status, row.next_attempt_at = NotificationStatus.PENDING, now + timedelta(seconds=delay)
        return None

    async def _dead_letter(self, uow: UnitOfWork, row: Notification, now: datetime, *, unreachable: bool) -> None:
        # the error may quote an address (the reason is kept on the row, for the agents' alert)
        log.error("notification %s (%s over %s) dead after %d attempts", row.id, row.kind, row.channel, row.attempts)
        if row.channel == AGENTS:
            return  # the agents' own channel failed: `complaintdesk outbox list --dead` shows the row
        if unreachable:
            identity = await uow.identity(row.channel, row.address)
            if identity is not None:
                identity.unreachable_reason = row.last_error
        alert = outbox.for_agents(
            None, "contact_unreachable" if unreachable else "delivery_failed", now, key=f"dead:{row.id}",
            reference=row.params.get("reference", ""), channel=row.channel, attempts=row.attempts,
            error=row.last_error or "", notification_id=row.id,
        )
        alert.case_id = row.case_id
        uow.add(alert)
