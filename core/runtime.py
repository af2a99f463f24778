"""The core, wired: engine, unit of work, service, queries and dispatcher from settings.
Channels and the bot receive this object; it knows nothing of them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from config.catalog import MessageCatalog, default_catalog
from config.policy import Policy, load_policy
from config.settings import Settings
from core.attachments import AttachmentStore
from core.conversations import StoredConversations
from core.duties import DutyLock
from core.dispatcher import Dispatcher, LoggingNotifier, NotifierRegistry, RetryPolicy
from core.erasure import Erasure
from core.notification_text import AGENTS
from core.ports import Clock, Metrics, NoMetrics, SystemClock
from core.queries import CaseQueries
from core.timer_round import TimerRound
from core.service import ComplaintService, UowFactory
from core.storage import round_lock
from core.storage.duty_lock import AdvisoryDutyLock
from core.storage.checkpoint import WalCheckpointer
from core.storage.sqlite_states import SqliteConversationStates
from core.storage.engine import create_engine, lost_connection, session_factory
from core.storage.upgrades import Migrated, migrate
from core.storage.uow import UnitOfWork as SqlUnitOfWork


@dataclass
class Core:
    settings: Settings
    policy: Policy
    catalog: MessageCatalog
    clock: Clock
    engine: AsyncEngine
    service: ComplaintService
    queries: CaseQueries
    registry: NotifierRegistry
    dispatcher: Dispatcher
    uow: UowFactory
    conversations: StoredConversations | SqliteConversationStates
    erasure: Erasure
    checkpointer: WalCheckpointer | None = None
    metrics: Metrics = field(default_factory=NoMetrics)

    @classmethod
    def build(cls, settings: Settings, *, clock: Clock | None = None, policy: Policy | None = None,
              retry: RetryPolicy | None = None, checkpoints: bool = True, metrics: Metrics | None = None) -> Core:
        """Wire the core from settings (nothing is connected until first use).

        :param checkpoints: SQLite: run the WAL checkpointer thread (one process per database
            file does: the email worker process leaves it to the serving process)
        :param metrics: what counts the work for operators (none by default)"""
        metrics = metrics or NoMetrics()
        policy = policy or load_policy(settings.policy_file)
        clock = clock or SystemClock()
        catalog = default_catalog()
        engine = create_engine(settings.effective_database_url, pool_size=settings.database_pool_size,
                               background_checkpoints=True)
        checkpointer = _checkpointer_for(engine) if checkpoints else None
        sessions = session_factory(engine)
        gate = asyncio.Lock() if engine.dialect.name == "sqlite" else None
        uow: UowFactory = partial(SqlUnitOfWork, sessions, dialect=engine.dialect.name, gate=gate)
        store = AttachmentStore(settings.data_dir / "attachments", policy.attachments)
        registry = NotifierRegistry()
        for channel in ("console", AGENTS, "email", "telegram", "slack"):
            registry.register(LoggingNotifier(channel))
        dispatcher = Dispatcher(uow, registry, clock, retry or RetryPolicy(
            max_attempts=settings.outbox_max_attempts, base_delay=settings.outbox_base_delay_seconds),
            lease_seconds=settings.outbox_lease_seconds, owner=settings.instance, metrics=metrics)
        erasure = Erasure(uow, store, clock, policy)
        database = engine.url.database
        conversations: StoredConversations | SqliteConversationStates = (
            SqliteConversationStates(Path(database), gate, clock) if gate is not None and database and database != ":memory:"
            else StoredConversations(uow, clock))
        service = ComplaintService(uow, policy, clock, store, catalog, erasure, metrics=metrics)
        return cls(settings, policy, catalog, clock, engine, service, CaseQueries(uow, policy, clock), registry, dispatcher,
                   uow, conversations, erasure, checkpointer, metrics)

    async def database_problem(self) -> str | None:
        """None when the database answers a statement; otherwise what went wrong (for ``/readyz``).
        A pooled connection the server dropped fails once; a fresh one is tried then."""
        for attempt in (1, 2):
            try:
                async with self.engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
                return None
            except Exception as error:  # the answer names what is down
                if attempt == 2 or not lost_connection(error):
                    return type(error).__name__
        raise AssertionError("unreachable")

    async def timers_round(self) -> TimerRound:
        """One timers round (:meth:`ComplaintService.run_timers`), unless another process sharing
        the database is running one now (then ``ran`` is False and nothing was done)."""
        async with round_lock.exclusive(self.engine, "timers") as held:
            if not held:
                return TimerRound(at=self.clock.now(), ran=False)
            return await self.service.run_timers()

    @property
    def shared_database(self) -> bool:
        """Several processes may work on this database at once (PostgreSQL; SQLite serves one)."""
        return self.engine.dialect.name == "postgresql"

    def duty_lock(self, name: str) -> DutyLock | None:
        """A hold on the singleton duty ``name`` kept in the database (PostgreSQL: an advisory lock
        on a connection of its own); None when the database cannot share one (SQLite)."""
        if not self.shared_database:
            return None
        return AdvisoryDutyLock(self.engine.url, name)

    async def close(self) -> None:
        await self.dispatcher.close()
        await self.conversations.close()
        await self.engine.dispose()
        if self.checkpointer is not None:
            await asyncio.to_thread(self.checkpointer.stop)


def upgrade_database(settings: Settings) -> Migrated:
    """Bring the database's schema to this version (Alembic; call it outside an event loop), and
    say what that took: the schema created, migrated, or already current."""
    return migrate(settings.effective_database_url)


def _checkpointer_for(engine: AsyncEngine) -> WalCheckpointer | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    checkpointer = WalCheckpointer(Path(database))
    checkpointer.start()
    return checkpointer
