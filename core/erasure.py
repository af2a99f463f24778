"""Erasing personal data (GDPR art. 17, ISO 10002 4.10): a person's as a whole, on request, and a
finished case's once it has outlived the policy's retention window (``retention.closed_case_days``).

What goes, for every case erased: the complaint's words and details (description, subject,
product, order number, place, desired outcome, on whose behalf, the decision proposed), where to
reply, every message body (the person's, and what agents wrote to or about them), the platform
ids of what the person sent, audit reasons (their digests stay in the chain), survey comments,
attachment names and files, every case link but the channels' own handles, and the text and
addresses of outbox rows (undelivered ones to the person are dropped). For a person as a whole
also their name, email and phone, every identity that recognises them, outbox rows sent to them
outside a case, and the raw deliveries they sent (the inbound journal's payloads). Raw deliveries
settled longer ago than the retention window lose their payload in every retention round. What channels keep outside the database (mail in a local folder, posts on a
platform) goes through the :class:`~core.ports.PersonalDataHolder` they register.

What stays, for statistics and accountability: category, priority and scores, status, dates,
the assignee, the message and outbox rows' kinds, directions, authors and times, and the audit
chain, which holds only ids and digests and so still verifies; each case gets a
``personal_data_erased`` event.

The order makes a failure lose nothing: the scope is read; every holder is asked (one that fails
stops the erasure there, to be run again); the database is cleaned in one transaction; then
attachment files no remaining case refers to are deleted (run again, an erasure finds any left)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from config.policy import Policy
from core import audit
from core.actors import Actor
from core.attachments import AttachmentStore
from core.errors import CaseNotFound, ConcurrencyConflict, DomainError
from core.notification_text import AGENTS
from core.status import NotificationStatus
from core.ports import Clock, ErasureScope, PersonalDataHolder, UnitOfWork
from core.storage.personal_data import ERASED

log = logging.getLogger(__name__)
UowFactory = Callable[..., UnitOfWork]
RETENTION_ACTOR = Actor.system("retention")
RETENTION_BATCH = 200  # cases per timers round: a backlog is worked off over a few rounds
# Outbox parameters that hold ids, states and numbers, never what someone wrote: they stay, so a
# row still renders; every other parameter is blanked.
NEUTRAL_PARAMS = frozenset({
    "reference", "status", "priority", "category", "channel", "event", "message_id", "notification_id", "assignee",
    "level", "level_name", "rating", "attempts", "target", "sent_kind", "answer_by", "outcome", "body",
})
UNDELIVERED = frozenset({NotificationStatus.PENDING, NotificationStatus.SENDING})
DROPPED = "personal data erased"
DIGESTED_KEY = "erased:"


class ErasureIncomplete(DomainError):
    """A place outside the database could not be cleaned: nothing was erased; run it again."""

    def __init__(self, holder: str, detail: str) -> None:
        self.holder = holder
        super().__init__(f"{holder} could not be cleaned ({detail}); nothing was erased, try again")


@dataclass(frozen=True, slots=True)
class Erased:
    references: tuple[str, ...]  # the cases erased
    people: int  # complainants erased as a whole (0 or 1)
    files_deleted: int


@dataclass(frozen=True, slots=True)
class RetentionRound:
    window_days: int
    due: tuple[str, ...]  # references of the cases past the window (of this round's batch)
    erased: tuple[str, ...]
    people: int  # complainants erased as a whole because none of their cases is kept any more
    failed: tuple[str, ...]  # refused this time (a holder failed, or the person just wrote again)
    dry_run: bool = False
    inbound_cleared: int = 0  # raw deliveries past the window whose payload was cleared


class Erasure:
    def __init__(self, uow: UowFactory, attachments: AttachmentStore, clock: Clock, policy: Policy) -> None:
        self._uow = uow
        self._attachments = attachments
        self._clock = clock
        self._policy = policy
        self._holders: dict[str, PersonalDataHolder] = {}

    def register(self, holder: PersonalDataHolder) -> None:
        self._holders[holder.name] = holder

    @property
    def holders(self) -> list[str]:
        return sorted(self._holders)

    async def erase_complainant(self, complainant_id: str, actor: Actor) -> Erased:
        """Erase a person and every case of theirs. Run again, it finishes what an earlier run
        left (a holder that failed, a file that could not be deleted)."""
        async with self._uow(read_only=True) as uow:
            if await uow.complainant(complainant_id) is None:
                raise CaseNotFound(complainant_id)
            case_ids = await uow.case_ids_of(complainant_id)
        return await self._erase(case_ids, complainant_id, actor, why="request")

    async def run_retention(self, *, dry_run: bool = False) -> RetentionRound:
        """Erase the finished cases closed longer ago than the retention window, and each person
        once none of their cases is kept. ``dry_run`` only says which cases are due."""
        days = self._policy.retention.closed_case_days
        async with self._uow(read_only=True) as uow:
            due = await uow.expired_cases(self._clock.now() - timedelta(days=days), RETENTION_BATCH)
        references = tuple(row.reference for row in due)
        if dry_run:
            return RetentionRound(days, references, (), 0, (), dry_run)
        if not due:
            return RetentionRound(days, references, (), 0, (), inbound_cleared=await self._clear_old_inbound(days))
        by_person: dict[str, list[str]] = defaultdict(list)
        for row in due:
            by_person[row.complainant_id].append(row.id)
        erased: list[str] = []
        failed: list[str] = []
        people = 0
        for complainant_id, case_ids in by_person.items():
            async with self._uow(read_only=True) as uow:
                kept = await uow.complainants_keeping_cases([complainant_id], leaving=case_ids)
            try:
                done = await self._erase(case_ids, None if kept else complainant_id, RETENTION_ACTOR, why="retention")
            except (ErasureIncomplete, ConcurrencyConflict) as refusal:
                log.warning("retention: %d case(s) not erased this round: %s", len(case_ids), refusal)
                failed += [row.reference for row in due if row.id in case_ids]
                continue
            erased += done.references
            people += done.people
        return RetentionRound(days, references, tuple(erased), people, tuple(failed),
                              inbound_cleared=await self._clear_old_inbound(days))

    async def _clear_old_inbound(self, days: int) -> int:
        """Raw deliveries settled longer ago than the window: nothing needs their payload now."""
        async with self._uow() as uow:
            cleared = await uow.blank_settled_inbound(self._clock.now() - timedelta(days=days), RETENTION_BATCH * 5)
            await uow.commit()
        return cleared

    async def _erase(self, case_ids: Sequence[str], person: str | None, actor: Actor, *, why: str) -> Erased:
        scope = await self._scope(case_ids, person)
        await self._ask_holders(scope)
        keep = frozenset().union(*(holder.handles for holder in self._holders.values()))
        now = self._clock.now()
        async with self._uow() as uow:
            if person is not None:
                await self._refuse_newcomers(uow, person, case_ids)
            cases = await uow.cases_by_ids(case_ids)
            await uow.blank_case_records([case.id for case in cases], keep)
            await uow.end_access([case.id for case in cases])  # no link or web session opens an erased case
            await self._blank_outbox(uow, case_ids, scope.addresses)
            await uow.blank_inbound(scope.addresses, scope.references)  # what was sent, as it arrived
            for case in cases:
                case.description, case.reply_address = ERASED, ERASED
                case.subject = case.product = case.order_number = case.location = None
                case.desired_outcome = case.on_behalf_of = case.proposed_decision = case.reply_thread = None
                case.erased_at = case.erased_at or now
                case.updated_at = now
                uow.add(audit.append(case, "personal_data_erased", actor, now, data={"why": why}))
            if person is not None:
                await uow.blank_person(person, now)
            await uow.commit()
        deleted = await self._delete_files(case_ids)
        log.info("personal data erased: %d case(s) (%s), %d person, %d file(s) deleted", len(cases), why,
                 0 if person is None else 1, deleted)
        return Erased(tuple(case.reference for case in cases), 0 if person is None else 1, deleted)

    async def _scope(self, case_ids: Sequence[str], person: str | None) -> ErasureScope:
        async with self._uow(read_only=True) as uow:
            cases = await uow.cases_by_ids(case_ids)
            addresses: set[tuple[str, str]] = set()
            if person is not None:
                complainant = await uow.complainant(person)
                addresses |= {(i.channel, i.address) for i in await uow.identities_of(person)}
                addresses |= {(case.channel, case.reply_address) for case in cases if case.reply_address != ERASED}
                if complainant is not None and complainant.email:
                    addresses.add(("email", complainant.email))
            return ErasureScope(
                references=tuple(case.reference for case in cases), links=frozenset(await uow.links_of_cases(case_ids)),
                deliveries=frozenset(await uow.deliveries(case_ids, addresses)), addresses=frozenset(addresses))

    async def _ask_holders(self, scope: ErasureScope) -> None:
        for name, holder in sorted(self._holders.items()):
            try:
                await holder.erase(scope)
            except Exception as error:  # whatever went wrong out there, the database stays as it is
                log.warning("erasure: %s could not be cleaned: %s", name, type(error).__name__)
                raise ErasureIncomplete(name, type(error).__name__) from error

    @staticmethod
    async def _refuse_newcomers(uow: UnitOfWork, person: str, case_ids: Sequence[str]) -> None:
        """A case the person opened after the scope was read would keep their words under an
        erased person: refuse, so that the next run takes it along."""
        newcomers = await uow.unerased_case_ids_of(person) - set(case_ids)
        if newcomers:
            case = (await uow.cases_by_ids(newcomers))[0]
            raise ConcurrencyConflict(case.reference)

    @staticmethod
    async def _blank_outbox(uow: UnitOfWork, case_ids: Sequence[str], addresses: frozenset[tuple[str, str]]) -> None:
        changes = []
        for row in await uow.notifications_about(case_ids, addresses):
            to_agents = row.channel == AGENTS
            dropped = not to_agents and row.status in UNDELIVERED
            # a reply's key holds the platform id of what the person sent (an email's Message-ID)
            digested = to_agents or row.idempotency_key.startswith(DIGESTED_KEY)
            changes.append({
                "n_id": row.id, "n_address": row.address if to_agents else ERASED, "n_thread": None,
                "n_key": row.idempotency_key if digested else DIGESTED_KEY + audit.digest(row.idempotency_key),
                "n_params": {key: value if key in NEUTRAL_PARAMS else _blank(value) for key, value in row.params.items()},
                "n_status": NotificationStatus.DEAD if dropped else row.status,
                "n_error": DROPPED if dropped else (ERASED if row.last_error else None),
            })
        await uow.rewrite_notifications(changes)

    async def _delete_files(self, case_ids: Sequence[str]) -> int:
        """Delete the attachment files of ``case_ids`` that no case keeping its data refers to."""
        async with self._uow(read_only=True) as uow:
            hashes = await uow.attachment_hashes(case_ids)
            unused = hashes - await uow.hashes_in_use(hashes)
        deleted = 0
        for sha256 in sorted(unused):
            try:
                deleted += self._attachments.delete(sha256)
            except OSError as error:  # left for the next run, which finds it again
                log.warning("erasure: attachment file %s could not be deleted: %s", sha256[:12], error.strerror)
        return deleted


def _blank(value: object) -> object:
    if isinstance(value, list):
        return []
    if isinstance(value, dict):
        return {}
    return ERASED
