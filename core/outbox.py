"""Writing outbox rows beside the change they report (same transaction, same unit of work)."""

from __future__ import annotations

from typing import Any

from datetime import datetime

from core.model import Case, Notification
from core.notification_text import AGENTS, AGENTS_ADDRESS


def for_complainant(case: Case, kind: str, now: datetime, **params: object) -> Notification:
    """A notification to the complainant on the channel and thread they used."""
    return Notification(
        channel=case.channel, address=case.reply_address, thread=case.reply_thread, kind=kind, lang=case.language,
        params={"reference": case.reference, **params}, idempotency_key=f"{case.id}:{case.audit_seq}:{kind}",
        created_at=now, next_attempt_at=now, case_id=case.id,
    )


def reply(*, channel: str, address: str, text: str, lang: str, key: str, now: datetime, thread: str | None = None,
          choices: tuple[tuple[str, str], ...] = (), case_id: str | None = None, case_reference: str | None = None,
          extra: dict[str, Any] | None = None) -> Notification:
    """A bot reply queued for a channel whose replies are not answered inline (email);
    ``key`` makes it idempotent."""
    return Notification(
        channel=channel, address=address, thread=thread, kind="reply", lang=lang,
        params={"text": text, "choices": [list(c) for c in choices], "reference": case_reference or "", **(extra or {})},
        idempotency_key=f"reply:{channel}:{key}"[:200], created_at=now, next_attempt_at=now, case_id=case_id,
    )


# What agents write (a reply, a question, a proposed decision) is mirrored to them with its text
# when it is recorded; every other message that reaches a complainant is mirrored once delivered.
WRITTEN_BY_AGENTS = frozenset({"agent_message", "information_requested", "decision_proposed"})
# What only the complainant may read: a one-time link to their case's page is never mirrored.
NOT_MIRRORED = frozenset({"access_link"})


def delivered_copy(row: Notification, now: datetime) -> Notification:
    """For the agents: ``row`` (an automatic message to a complainant) was delivered."""
    copy = for_agents(None, "sent_to_complainant", now, key=f"sent:{row.id}", lang=row.lang,
                      reference=row.params.get("reference", ""), channel=row.channel, notification_id=row.id,
                      sent_kind=row.kind)
    copy.case_id = row.case_id
    return copy


def for_agents(case: Case | None, kind: str, now: datetime, *, key: str | None = None, lang: str = "en",
               **params: object) -> Notification:
    """A notification to the agents' channel (the Slack triage channel once Slack is configured)."""
    base = {"reference": case.reference, "status": case.status, "priority": case.priority,
            "category": case.category} if case else {}
    return Notification(
        channel=AGENTS, address=AGENTS_ADDRESS, kind=kind, lang=lang, params={**base, **params},
        idempotency_key=key or f"{case.id if case else '-'}:{case.audit_seq if case else now.timestamp()}:{AGENTS}:{kind}",
        created_at=now, next_attempt_at=now, case_id=case.id if case else None,
    )
