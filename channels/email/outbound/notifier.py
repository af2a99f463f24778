"""The core's Notifier port for email: every reply and status update of an email case, sent in
the case's thread with our signed Message-ID."""

from __future__ import annotations

from channels.email.outbound.compose import Outgoing, build_message, html_body, reply_subject
from channels.email.msgids import MessageIdSigner
from channels.email.inbound.threads import MESSAGE_ID_LINK, SUBJECT_LINK
from channels.email.outbound.transport import MailTransport
from core.model import DELIVERED, Notification
from core.notification_text import render
from core.outbox import WRITTEN_BY_AGENTS
from core.ports import Delivered, DeliveryFailed
from core.runtime import Core

CHANNEL = "email"
AUTO_REPLIED = frozenset({"reply", "acknowledgement"})
_MESSAGE_IDS = frozenset({MESSAGE_ID_LINK, DELIVERED})  # the mails the person sent, and those we sent


class EmailNotifier:
    channel = CHANNEL

    def __init__(self, core: Core, transport: MailTransport, signer: MessageIdSigner) -> None:
        self.core = core
        self.transport = transport
        self.signer = signer

    async def _thread(self, notification: Notification) -> tuple[str, list[str], str]:
        """(case reference, Message-IDs of the case's thread in order, the thread's subject)."""
        reference = str(notification.params.get("reference") or "")
        subject = str(notification.params.get("subject") or "")
        if notification.case_id is None:
            return reference, [], subject
        thread = await self.core.queries.case_thread(notification.case_id, CHANNEL)
        if thread is None:
            return reference, [], subject
        case_reference, case_subject, links = thread
        ids = list(dict.fromkeys(value for kind, value in links if kind in _MESSAGE_IDS))
        if not subject:
            subject = next((value for kind, value in links if kind == SUBJECT_LINK), "") or case_subject or ""
        return reference or case_reference, ids, subject

    def _auto_submitted(self, kind: str) -> str | None:
        if kind in AUTO_REPLIED:
            return "auto-replied"
        return None if kind in WRITTEN_BY_AGENTS else "auto-generated"

    async def deliver(self, notification: Notification) -> Delivered:
        catalog, policy, lang = self.core.catalog, self.core.policy, notification.lang
        rendered = render(notification, catalog, policy)
        reference, thread_ids, original_subject = await self._thread(notification)
        in_reply_to = notification.thread or (thread_ids[-1] if thread_ids else None)
        references = [i for i in thread_ids if i != in_reply_to] + ([in_reply_to] if in_reply_to else [])
        choices = [label for label, _ in rendered.choices]
        after = [catalog.text("email.choices_hint", lang)] if choices else []
        after.append(catalog.text("email.footer", lang, reference=reference) if reference
                     else catalog.text("email.footer_plain", lang))
        numbered = "\n".join(f"{n}. {label}" for n, label in enumerate(choices, start=1))
        text = "\n\n".join(part for part in (rendered.text, numbered, *after) if part) + "\n"
        message_id = self.signer.make(notification.id, notification.case_id)
        try:
            message = build_message(Outgoing(
                from_name=policy.organisation.name, from_address=self.core.settings.mail_from,
                to_address=notification.address,
                subject=reply_subject(original_subject, reference, catalog.text("email.subject_new", lang)),
                text=text, html=html_body(rendered.text, choices, after, lang),
                message_id=message_id, sent_at=self.core.clock.now(), lang=lang, in_reply_to=in_reply_to,
                references=tuple(references), auto_submitted=self._auto_submitted(notification.kind),
            ))
        except (ValueError, TypeError) as error:
            raise DeliveryFailed(f"the address cannot be written in an email header: {error}", permanent=True) from None
        await self.transport.send(message, self.core.settings.mail_from, notification.address,
                                  key=notification.idempotency_key)
        return Delivered(ref=message_id)  # recorded with the notification: the thread's next mail refers to it
