"""Prometheus metrics for operators, served at ``/metrics`` by the product's web app.

Counters and histograms are fed where the events happen, through the core's :class:`Metrics`
port (a label lookup cached per channel, then an increment or an observation); the backlog
gauges (outbox depth, dead letters, overdue cases, inbound rows pending) are read from the
database when scraped, in three aggregate queries at most once every ``backlog_seconds``.

Each process has its own registry: when several ``serve`` processes share a database, each
exposes the messages, turns and deliveries it handled itself, and all of them the same backlog.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from core.queries import Backlog

log = logging.getLogger(__name__)
BACKLOG_SECONDS = 5.0
PREFIX = "complaintdesk"
M = TypeVar("M", Counter, Histogram)
ACKNOWLEDGEMENT_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0, 4 * 3600.0)
TURN_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
NLU_BUCKETS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1.0)


class PrometheusMetrics:
    """The :class:`core.ports.Metrics` port in Prometheus, with its own registry."""

    def __init__(self, *, backlog_seconds: float = BACKLOG_SECONDS) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.backlog_seconds = backlog_seconds
        r = self.registry
        self._received = _Labelled(Counter(f"{PREFIX}_messages_received", "Messages from people that reached the dialogue",
                                           ["channel"], registry=r))
        self._opened = _Labelled(Counter(f"{PREFIX}_cases_opened", "Complaints recorded as new cases", ["channel"],
                                         registry=r))
        self._failed = _Labelled(Counter(f"{PREFIX}_delivery_failures", "Failed attempts to deliver a notification "
                                         "(retried, or dead at the last attempt)", ["channel"], registry=r))
        self._acknowledged = _Labelled(Histogram(
            f"{PREFIX}_acknowledgement_seconds", "From a complaint's receipt to its acknowledgement sent",
            ["channel"], buckets=ACKNOWLEDGEMENT_BUCKETS, registry=r))
        self._turns = _Labelled(Histogram(f"{PREFIX}_dialogue_turn_seconds", "One message's dialogue turn, lock to replies",
                                          ["channel"], buckets=TURN_BUCKETS, registry=r))
        self._nlu = Histogram(f"{PREFIX}_nlu_seconds", "One NLU analysis of a text", buckets=NLU_BUCKETS, registry=r)
        self._outbox = _ByChannel(Gauge(f"{PREFIX}_outbox_depth", "Notifications waiting for delivery or in delivery",
                                        ["channel"], registry=r))
        self._dead = _ByChannel(Gauge(f"{PREFIX}_dead_letters", "Notifications dead after their last attempt "
                                      "(outbox list --dead)", ["channel"], registry=r))
        self._overdue = Gauge(f"{PREFIX}_overdue_cases", "Open cases past their resolution or first-response target",
                              registry=r)
        self._inbound = _ByChannel(Gauge(f"{PREFIX}_inbound_pending", "Stored inbound deliveries not processed yet",
                                         ["channel"], registry=r))
        self._backlog_up = Gauge(f"{PREFIX}_backlog_up", "1 when the backlog gauges were read from the database at the "
                                 "last try, 0 when it failed (they keep their earlier values)", registry=r)
        self._read_at: float | None = None
        self._reading = asyncio.Lock()

    # -- the port ---------------------------------------------------------------------------------

    def message_received(self, channel: str) -> None:
        self._received.child(channel).inc()

    def turn_finished(self, channel: str, seconds: float) -> None:
        self._turns.child(channel).observe(seconds)

    def nlu_finished(self, seconds: float) -> None:
        self._nlu.observe(seconds)

    def case_opened(self, channel: str) -> None:
        self._opened.child(channel).inc()

    def acknowledged(self, channel: str, seconds: float) -> None:
        self._acknowledged.child(channel).observe(seconds)

    def delivery_failed(self, channel: str) -> None:
        self._failed.child(channel).inc()

    # -- the scrape -------------------------------------------------------------------------------

    async def refresh(self, read: Callable[[], Awaitable[Backlog]]) -> None:
        """Read the backlog with ``read`` unless it was read less than ``backlog_seconds`` ago;
        scrapes arriving meanwhile wait for the one reading."""
        async with self._reading:
            now = time.monotonic()
            if self._read_at is not None and now - self._read_at < self.backlog_seconds:
                return
            self._read_at = now
            try:
                backlog = await read()
            except Exception as error:  # the database is away: the scrape still answers
                log.warning("metrics: the backlog could not be read: %s", type(error).__name__)
                self._backlog_up.set(0)
                return
            self.set_backlog(backlog)

    def set_backlog(self, backlog: Backlog) -> None:
        for gauge, values in ((self._outbox, backlog.outbox), (self._dead, backlog.dead),
                              (self._inbound, backlog.inbound_pending)):
            gauge.set_all(values)
        self._overdue.set(backlog.overdue_cases)
        self._backlog_up.set(1)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class _Labelled(Generic[M]):
    """A labelled metric's children by channel, looked up once each (``labels`` takes a lock)."""

    __slots__ = ("_metric", "_children")

    def __init__(self, metric: M) -> None:
        self._metric: M = metric
        self._children: dict[str, M] = {}

    def child(self, channel: str) -> M:
        child = self._children.get(channel)
        if child is None:
            child = self._children[channel] = self._metric.labels(channel)
        return child


class _ByChannel:
    """A gauge per channel, set from one reading. A channel that had rows and has none now reads
    0 (its series does not vanish from under an alert)."""

    __slots__ = ("_gauge", "_seen")

    def __init__(self, gauge: Gauge) -> None:
        self._gauge = gauge
        self._seen: set[str] = set()

    def set_all(self, values: dict[str, int]) -> None:
        self._seen.update(values)
        for channel in self._seen:
            self._gauge.labels(channel).set(values.get(channel, 0))
