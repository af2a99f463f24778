"""The core's ports: what it needs from the outside world, as protocols."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from types import TracebackType
from typing import Any, Protocol, TypeAlias

from core.case_filter import CaseFilter
from core.model import (
    Attachment, Case, CaseEvent, CaseLink, ChannelIdentity, Complainant, InboundRecord, Message, Notification,
    Investigation, Satisfaction,
)


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class StoppedClock:
    """A clock that always reads ``at``: a timers round run for another time (cron, tests)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


class DeliveryFailed(Exception):
    """Raised by a notifier. ``permanent`` failures (the person blocked the bot, the address does
    not exist) are not retried: the contact is marked unreachable and agents are told.
    ``retry_after`` asks for the next attempt no sooner than that many seconds."""

    def __init__(self, reason: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.permanent, self.retry_after = reason, permanent, retry_after


@dataclass(frozen=True, slots=True)
class Delivered:
    """What the platform gave back: a message id or thread handle worth keeping (may be None)."""

    ref: str | None = None


class Notifier(Protocol):
    """Delivers outbox notifications over one channel (``telegram``, ``slack``, ``email``,
    ``console``, or ``agents`` for the agents' own channel).

    ``deliver`` must be idempotent on ``notification.idempotency_key`` where the platform allows,
    and raise :class:`DeliveryFailed` on failure; any other exception counts as a transient failure.
    """

    channel: str

    async def deliver(self, notification: Notification) -> Delivered: ...


class Metrics(Protocol):
    """What the product counts and times as it works, for operators (``/metrics``). The core,
    the dialogue and the dispatcher call it where the events happen; the composition root gives
    them an implementation (Prometheus in :mod:`channels.app.metrics`), :class:`NoMetrics` by
    default. Each call is on a hot path: an implementation does a counter increment or a
    histogram observation and nothing else (no I/O, no waiting).

    Latencies are in seconds; ``channel`` names the complainant's channel (``telegram``,
    ``slack``, ``email``, ``console``; ``agents`` for the agents' own)."""

    def message_received(self, channel: str) -> None:
        """A message from a person reached the dialogue."""

    def turn_finished(self, channel: str, seconds: float) -> None:
        """The dialogue answered a message (its whole turn, the session lock included)."""

    def nlu_finished(self, seconds: float) -> None:
        """One NLU analysis of a text."""

    def case_opened(self, channel: str) -> None:
        """A complaint was recorded as a new case."""

    def acknowledged(self, channel: str, seconds: float) -> None:
        """A new case's acknowledgement went out, ``seconds`` after the complaint was received."""

    def delivery_failed(self, channel: str) -> None:
        """One attempt to deliver a notification failed (it may be tried again)."""


class NoMetrics:
    """Counts nothing: the default, for the CLI, the tests and the benchmarks."""

    def message_received(self, channel: str) -> None:
        pass

    def turn_finished(self, channel: str, seconds: float) -> None:
        pass

    def nlu_finished(self, seconds: float) -> None:
        pass

    def case_opened(self, channel: str) -> None:
        pass

    def acknowledged(self, channel: str, seconds: float) -> None:
        pass

    def delivery_failed(self, channel: str) -> None:
        pass


class ConversationStates(Protocol):
    """Opaque state kept per conversation with a time to live: the dialogue's sessions in a
    deployment without Redis (they survive a restart and are shared by the product's processes)."""

    async def load(self, key: str) -> bytes | None:
        """The state saved under ``key``, or None (never saved, deleted or expired)."""

    async def save(self, key: str, data: bytes, ttl_seconds: int) -> None: ...

    async def delete(self, key: str) -> None: ...


@dataclass(frozen=True, slots=True)
class ErasureScope:
    """What an erasure covers, as a place outside the database finds what it keeps of it.

    :param references: the cases whose personal data goes
    :param links: (reference, kind, value) of those cases' links, read before any is dropped
    :param deliveries: (channel, platform reference) of every notification of those cases, and of
        every one sent to the person outside a case, that a channel delivered (a Message-ID, a
        Slack ``<channel>/<ts>``)
    :param addresses: (channel, address) of the person when they are erased as a whole (their
        identities, the reply addresses of their cases, the email address they gave); empty when
        only cases past their retention go and the person stays
    """

    references: tuple[str, ...]
    links: frozenset[tuple[str, str, str]] = frozenset()
    deliveries: frozenset[tuple[str, str]] = frozenset()
    addresses: frozenset[tuple[str, str]] = frozenset()


class PersonalDataHolder(Protocol):
    """Personal data a channel keeps outside the database: mail it wrote to a local folder,
    messages it posted on a platform. Channels register one with :class:`core.erasure.Erasure`,
    as they register notifiers; an erasure asks every holder before it cleans the database, so
    that a holder that fails loses nothing: the erasure is refused and can simply be run again.

    ``handles`` names the kinds of case links that are the channel's own handles on what it
    posted (they hold no personal data): those links stay, so the channel still finds its posts.
    """

    name: str
    handles: frozenset[str]

    async def erase(self, scope: ErasureScope) -> None:
        """Remove, or overwrite, whatever is held about ``scope``. Idempotent (it is asked again
        after a failure); raises when it could not be done."""
        ...


class TextGroup(Protocol):
    """One group of similar complaints found by an :class:`IssueGrouper`: indices into the texts it
    was given, and the phrases that set the group apart (in the complaints' language)."""

    @property
    def members(self) -> Sequence[int]: ...

    @property
    def matched(self) -> Sequence[int]:
        """Indices into the earlier texts that read as the same issue."""
        ...

    @property
    def phrases(self) -> Sequence[str]: ...


class IssueGrouper(Protocol):
    """Groups complaints by what they say (the report's recurring issues, ISO 10002 8.2), with the
    product's language tools (:class:`nlu.issue_groups.LemmaIssueGrouper`); the core reads the
    texts and counts, and knows no NLU. Texts are (language, category, text); a group never mixes
    languages or categories. Deterministic: the same texts in the same order give the same groups.
    Groups of fewer than ``least`` texts are left out; the largest come first."""

    def group(self, texts: Sequence[tuple[str, str, str]], earlier: Sequence[tuple[str, str, str]],
              least: int) -> Sequence[TextGroup]: ...


class Anonymiser(Protocol):
    """Takes personal data out of a text before a report shows it: names, email addresses, phone,
    order and account numbers, case references. Each one found becomes ``[kind]`` (one of
    :data:`core.redaction.KINDS`), which the report names in the reader's language."""

    def anonymise(self, text: str, lang: str) -> str: ...


# -- storage ------------------------------------------------------------------------------------

Row: TypeAlias = Any
"""A result row read without loading records: its columns as attributes (each query's docstring
names them). The hot paths read these instead of records."""


class People(Protocol):
    """Complainants and the identities (channel, address) that recognise them."""

    async def identity(self, channel: str, address: str) -> ChannelIdentity | None: ...

    async def contact_of(self, channel: str, address: str) -> Row | None:
        """The complainant behind an identity: ``id``, ``name``, ``email``, ``phone``, ``language``."""
        ...

    async def update_contact(self, complainant_id: str, changes: dict[str, object]) -> None: ...

    async def identities_of(self, complainant_id: str) -> list[ChannelIdentity]: ...

    async def complainant(self, complainant_id: str) -> Complainant | None: ...


class CaseRecords(Protocol):
    """Cases and what hangs on them: the audit events, the transcript, attachments, links, the
    survey answer."""

    async def case_by_reference(self, reference: str, *, for_update: bool = False) -> Case | None: ...

    async def case_by_id(self, case_id: str) -> Case | None: ...

    async def case_id_of(self, reference: str) -> str | None: ...

    async def case_brief_with_message(self, channel: str, address: str, platform_message_id: str) -> Row | None:
        """The case of this identity's owner that holds that message: ``id``, ``reference``, ``language``."""
        ...

    async def case_brief_and_links_with_message(self, channel: str, address: str,
                                                platform_message_id: str) -> tuple[Row, set[tuple[str, str]]] | None:
        """:meth:`case_brief_with_message` and that case's :meth:`link_values`, in one round trip."""
        ...

    async def case_thread(self, case_id: str, channel: str) -> tuple[str, str | None, list[tuple[str, str]]] | None:
        """(reference, subject, [(kind, value)] of its links and deliveries in time order)."""
        ...

    async def existing_references(self, references: Sequence[str]) -> list[Case]: ...

    async def cases(self, flt: CaseFilter) -> list[Case]: ...

    async def count_cases(self, flt: CaseFilter) -> int: ...

    async def latest_open_reference(self, channel: str, address: str) -> str | None: ...

    async def case_progress(self, reference: str, channel: str, address: str) -> Row | None:
        """The case's reference, status, times, due times and proposed decision, with ``own``: whether
        the identity (channel, address) belongs to its complainant; one statement."""
        ...

    async def open_cases_of(self, complainant_id: str) -> list[Case]: ...

    async def events(self, case_id: str) -> list[CaseEvent]: ...

    async def audit_heads(self) -> list[tuple[str, int, str]]: ...

    async def case_of_orphan_event(self) -> str | None: ...

    async def messages(self, case_id: str) -> list[Message]: ...

    async def message(self, message_id: str) -> Message | None: ...

    async def message_by_platform_id(self, case_id: str, platform_message_id: str) -> Message | None: ...

    async def attachments(self, case_id: str) -> list[Attachment]: ...

    async def case_by_link(self, kind: str, value: str) -> Case | None: ...

    async def add_links(self, case_id: str, links: Sequence[tuple[str, str]], now: datetime) -> None: ...

    async def link_values(self, case_id: str) -> set[tuple[str, str]]: ...

    async def links(self, case_id: str, kind: str | None = None) -> list[CaseLink]: ...

    async def link_values_by_reference(self, reference: str, kind: str) -> list[str]:
        """The values of the links of ``kind`` of the case ``reference`` names, oldest first (none
        when there is no such case), in one statement."""
        ...

    async def satisfaction(self, case_id: str) -> Satisfaction | None: ...

    async def ratings(self, case_id: str) -> list[Satisfaction]: ...

    async def event_moves(self, since: datetime | None, until: datetime | None) -> dict[tuple[str, str | None], int]:
        """How many events of each (kind, status moved to) the cases received in [since, until) have."""
        ...

    async def investigation(self, case_id: str) -> Investigation | None: ...


class OutboxRows(Protocol):
    """The notifications waiting for, or past, delivery."""

    async def notification(self, notification_id: int) -> Notification | None: ...

    async def queue(self, notifications: Sequence[Notification]) -> int:
        """Insert, skipping idempotency keys queued before; how many are new."""
        ...

    async def queue_returning(self, notifications: Sequence[Notification]) -> list[Notification]:
        """Insert, skipping idempotency keys queued before; the new ones with their ids."""
        ...

    async def notifications(self, *, case_id: str | None = None, status: Sequence[str] = (),
                            limit: int = 200) -> list[Notification]: ...

    async def claim_due_notifications(self, now: datetime, lease_until: datetime, limit: int, *,
                                      claimer: str | None = None, earlier_self: str | None = None) -> list[Notification]:
        """Take up to ``limit`` due rows for one dispatcher; no two dispatchers get the same row."""
        ...

    async def notification_statuses(self, ids: Sequence[int]) -> dict[int, str]: ...

    async def save_outcomes(self, notifications: Sequence[Notification]) -> None: ...

    async def notification_counts(self) -> dict[tuple[str, str], int]:
        """How many rows wait (``pending``), are in delivery (``sending``) or are dead, by
        (channel, status); one aggregate query."""
        ...


class InboundRows(Protocol):
    """What the platforms delivered, journalled before they heard it arrived."""

    async def inbound(self, channel: str, dedup_key: str) -> InboundRecord | None: ...

    async def inbound_keys(self, channel: str, dedup_keys: Sequence[str]) -> set[str]: ...

    async def record_inbound(self, rows: Sequence[dict[str, object]]) -> dict[str, int]:
        """Insert rows (the table's columns but ``id``); each new row's id by its key. A key stored
        before raises one of :data:`core.failures.CONFLICTS`."""
        ...

    async def settle_inbound(self, channel: str, changes: Sequence[dict[str, object]]) -> None: ...

    async def claim_inbound(self, channel: str, owner: str, now: datetime, lease_until: datetime, limit: int, *,
                            take_own: bool = False, exclude: Sequence[int] = ()) -> list[InboundRecord]: ...

    async def release_inbound(self, channel: str, key: str, owner: str, not_before: datetime, *,
                              refund: bool = False) -> None: ...

    async def inbound_by_id(self, record_id: int) -> InboundRecord | None: ...

    async def earlier_inbound_in_hand(self, channel: str, conversation: str, before_id: int, now: datetime, *,
                                      exclude: Sequence[int] = ()) -> bool:
        """True when a pending row of the same conversation arrived before ``before_id`` and is
        being processed (claimed) or due (unclaimed, or its claim ended): a later one waits for it.
        Rows released to be tried again later do not count."""
        ...

    async def inbound_rows(self, *, channel: str | None = None, status: Sequence[str] = (),
                           limit: int = 100) -> list[InboundRecord]: ...

    async def pending_inbound_counts(self) -> dict[str, int]:
        """How many stored deliveries are still pending, by channel; one aggregate query."""
        ...


class ConversationStateRows(Protocol):
    """The dialogue's sessions, where there is no Redis."""

    async def conversation_state(self, key: str, now: datetime) -> bytes | None: ...

    async def save_conversation_states(self, rows: Sequence[dict[str, object]]) -> None: ...

    async def delete_conversation_state(self, keys: Sequence[str]) -> None: ...

    async def purge_conversation_state(self, now: datetime) -> int: ...


class PersonalDataRows(Protocol):
    """What erasure (:mod:`core.erasure`) finds and blanks in every table."""

    async def cases_by_ids(self, case_ids: Collection[str]) -> list[Case]: ...

    async def case_ids_of(self, complainant_id: str) -> list[str]: ...

    async def unerased_case_ids_of(self, complainant_id: str) -> set[str]: ...

    async def expired_cases(self, closed_before: datetime, limit: int) -> list[Row]:
        """Finished cases past retention with personal data left: ``id``, ``reference``, ``complainant_id``."""
        ...

    async def complainants_keeping_cases(self, complainant_ids: Collection[str], leaving: Collection[str]) -> set[str]: ...

    async def links_of_cases(self, case_ids: Collection[str]) -> set[tuple[str, str, str]]: ...

    async def deliveries(self, case_ids: Collection[str], addresses: Collection[tuple[str, str]]) -> set[tuple[str, str]]: ...

    async def attachment_hashes(self, case_ids: Collection[str]) -> set[str]: ...

    async def hashes_in_use(self, hashes: Collection[str]) -> set[str]: ...

    async def blank_case_records(self, case_ids: Sequence[str], keep_link_kinds: Collection[str]) -> None: ...

    async def notifications_about(self, case_ids: Collection[str], addresses: Collection[tuple[str, str]]) -> list[Row]: ...

    async def rewrite_notifications(self, changes: Sequence[dict[str, object]]) -> None: ...

    async def blank_person(self, complainant_id: str, now: datetime) -> None: ...

    async def blank_inbound(self, addresses: Collection[tuple[str, str]], references: Collection[str]) -> int: ...

    async def blank_settled_inbound(self, received_before: datetime, limit: int) -> int: ...


class ReportRows(Protocol):
    """The report's aggregates (:mod:`core.storage.aggregates`), computed in the database. Cases
    count by when they were received in [since, until), activity by when it happened (a bound of
    None: no bound)."""

    async def case_counts(self, since: datetime | None, until: datetime | None,
                          previous_since: datetime | None = None) -> dict[tuple[str, bool], dict[str, int]]: ...

    async def event_counts(self, since: datetime | None, until: datetime | None) -> dict[str, int]: ...

    async def case_times(self, since: datetime | None, until: datetime | None) -> list[Any]: ...

    async def overdue_open(self, now: datetime) -> tuple[int, list[Any]]: ...

    async def ratings_by(self, grouping: str, since: datetime | None, until: datetime | None) -> dict[str, tuple[float, int]]: ...

    async def latest_comments(self, since: datetime | None, until: datetime | None, limit: int) -> list[Any]:
        """The latest survey answers with a comment: ``reference``, ``rating``, ``comment``,
        ``category``, ``agent``, ``language``, and the personal data the case holds (``name``,
        ``email``, ``phone``, ``order_number``), so that the report can take it out."""
        ...

    async def complaint_texts(self, since: datetime | None, until: datetime | None, limit: int) -> tuple[int, list[Any]]:
        """(how many cases were received in [since, until), the latest ``limit`` of them:
        ``reference``, ``language``, ``category``, ``product``, ``text`` (its beginning),
        ``erased`` (its words are gone))."""
        ...

    async def investigation_counts(self, since: datetime | None, until: datetime | None
                                   ) -> tuple[dict[str, tuple[int, int]], dict[str, int], dict[str, Decimal]]: ...


class AccessRows(Protocol):
    """One-time links to a case's status page and the web sessions they open, by the SHA-256 of
    their tokens (the tokens themselves are never stored)."""

    async def add_access_link(self, case_id: str, token_sha256: str, now: datetime, expires_at: datetime) -> None: ...

    async def use_access_link(self, token_sha256: str, now: datetime) -> str | None:
        """Mark the link used if it is unused and unexpired; its case's id, or None (atomic: of two
        uses at once, one gets the case)."""
        ...

    async def add_web_grant(self, case_id: str, session_sha256: str, now: datetime, expires_at: datetime) -> None: ...

    async def web_grant(self, session_sha256: str, now: datetime) -> str | None:
        """The case an unexpired web session was opened for, or None."""
        ...

    async def end_web_grant(self, session_sha256: str) -> None: ...

    async def purge_access(self, now: datetime) -> int:
        """Delete expired or used links and expired web sessions; how many went."""
        ...

    async def end_access(self, case_ids: list[str]) -> None:
        """Erasure: the cases' links and web sessions go."""
        ...


class UnitOfWork(People, CaseRecords, OutboxRows, InboundRows, ConversationStateRows, PersonalDataRows, ReportRows,
                 AccessRows, Protocol):
    """One transaction: what is written through it is kept only if :meth:`commit` is called
    before it ends. Opened by :meth:`core.runtime.Core.uow` as an async context manager."""

    dialect: str

    def add(self, *records: object) -> None:
        """Track new records; written at the next :meth:`flush` or :meth:`commit`."""

    async def insert(self, *records: object) -> None:
        """Write new records at once, in the order given (they stay untracked)."""

    async def flush(self) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None:
        """Undo what was written since the transaction began; the unit of work stays usable."""

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None: ...
