"""What the channels record through the service: their handles on a case, replies queued for
the outbox, bounces, and deliveries an operator sends through again."""

from __future__ import annotations

import logging
from typing import Any

from core import outbox
from core.errors import CaseNotFound, ValidationFailed
from core.model import CaseLink
from core.service.base import Loaded, ServiceBase
from core.status import InboundStatus, NotificationStatus

log = logging.getLogger(__name__)


class DeliveryCommands(ServiceBase):
    async def link(self, ref: str, kind: str, value: str) -> None:
        """Keep a channel's handle on a case (an email Message-ID, a Slack card's ts)."""
        async def change(loaded: Loaded) -> None:
            loaded.uow.add(CaseLink(case_id=loaded.case.id, kind=kind, value=value, created_at=loaded.now))

        await self._change(ref, None, change)

    async def enqueue_reply(self, *, channel: str, address: str, text: str, lang: str, key: str,
                            thread: str | None = None, choices: tuple[tuple[str, str], ...] = (),
                            case_reference: str | None = None, extra: dict[str, Any] | None = None) -> bool:
        """Queue a bot reply for durable delivery through the outbox (channels whose replies are
        not answered inline, such as email). Idempotent on ``key``; False if it was queued before."""
        now = self.clock.now()
        async with self._uow() as uow:
            case_id = await uow.case_id_of(case_reference) if case_reference else None
            queued = await uow.queue([outbox.reply(
                channel=channel, address=address, text=text, lang=lang, key=key, now=now, thread=thread,
                choices=choices, case_id=case_id, case_reference=case_reference, extra=extra,
            )])
            await uow.commit()
        return queued == 1

    async def mark_notification_bounced(self, notification_id: int, reason: str, *, channel: str,
                                        delivered_ref: str | None = None, recipients: frozenset[str] = frozenset()) -> bool:
        """A message ``channel`` delivered came back as a bounce: the notification is dead, and the
        agents are told in the same transaction. A bounce is mail anyone can send, so only a
        notification of ``channel`` that was sent (as ``delivered_ref``, when given), to one of
        ``recipients`` (when the bounce names any), is touched. False for anything else, and for
        a row marked before."""
        now = self.clock.now()
        async with self._uow() as uow:
            row = await uow.notification(notification_id)
            if (row is None or row.channel != channel or row.status != NotificationStatus.SENT
                    or (delivered_ref is not None and row.delivered_ref != delivered_ref)
                    or (recipients and row.address.lower() not in recipients)):
                return False
            row.status, row.last_error, row.locked_until = NotificationStatus.DEAD, reason[:2000], None
            alert = outbox.for_agents(
                None, "delivery_failed", now, key=f"bounce:{row.id}", reference=row.params.get("reference", ""),
                channel=row.channel, attempts=row.attempts, error=row.last_error, notification_id=row.id,
            )
            alert.case_id = row.case_id
            uow.add(alert)
            await uow.commit()
        log.warning("notification %s (%s over %s) bounced", row.id, row.kind, row.channel)
        return True

    async def retry_inbound(self, record_id: int) -> None:
        """Try a delivery that was set aside again from scratch (an operator fixed what stopped it):
        the next sweep of its channel takes it up."""
        async with self._uow() as uow:
            record = await uow.inbound_by_id(record_id)
            if record is None:
                raise CaseNotFound(f"inbound #{record_id}")
            if record.status != InboundStatus.FAILED:
                raise ValidationFailed(f"inbound #{record_id} is {record.status}; only a failed one is tried again")
            record.status, record.attempts, record.claimed_by, record.claimed_until = InboundStatus.PENDING, 0, None, None
            record.outcome = f"to be tried again (was: {record.outcome or ''})"[:4000]
            await uow.commit()

    async def retry_notification(self, notification_id: int) -> None:
        """Send a notification again from its first attempt (an operator fixed what stopped it)."""
        async with self._uow() as uow:
            row = await uow.notification(notification_id)
            if row is None:
                raise CaseNotFound(f"notification {notification_id}")
            row.status, row.attempts, row.next_attempt_at, row.last_error = (
                NotificationStatus.PENDING, 0, self.clock.now(), None)
            await uow.commit()
