"""After 250: one stored message is parsed, filtered, decided on and, when a person wrote,
handed to the dialogue manager; its replies are settled with it, queued for the outbox in the
mail's thread."""

from __future__ import annotations

import hashlib
import logging
import re
from typing import TYPE_CHECKING

from bot.messages import InboundAttachment, InboundMessage, Reply
from channels.inbound.journal import Completion, Settlement
from channels.email.inbound.bounces import bounce_reason, bounced_messages, bounced_recipients
from channels.email.inbound.choices import chosen_value
from channels.email.inbound.decision import Action, decide
from channels.email.inbound.filters import FilterContext, run_filters
from channels.email.msgids import MessageIdSigner
from channels.email.inbound.parsing import ParsedMail, parse_mail
from channels.email.inbound.proof import sender_proof
from channels.email.inbound.quoting import latest_reply
from channels.email.inbound.threads import MESSAGE_ID_LINK, SUBJECT_LINK, find_thread_case
from core import outbox
from core.model import Case, InboundRecord
from core.runtime import Core
from core.status import InboundStatus
from core.ports import Row, UnitOfWork

if TYPE_CHECKING:
    from bot.manager import DialogueManager

log = logging.getLogger(__name__)
CHANNEL = "email"
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_MAX_MESSAGE_KEY = 150  # the outbox's idempotency keys are 200 characters: reply:email:<key>:<n>


def message_key_of(record: InboundRecord) -> str:
    """The mail's platform message id for the dialogue's and the core's idempotency, and the stem of
    its replies' outbox keys: its dedup key (the Message-ID *with its sender*, so a stranger's mail
    reusing the Message-ID is not taken for a redelivery of this one), short enough for those keys."""
    key = record.dedup_key
    return key if len(key) <= _MAX_MESSAGE_KEY else "sha256:" + hashlib.sha256(key.encode()).hexdigest()


class MailProcessor:
    def __init__(self, core: Core, dialogue: DialogueManager, signer: MessageIdSigner) -> None:
        self.core = core
        self.dialogue = dialogue
        self.signer = signer
        settings = core.settings
        own = {settings.mail_from.lower(), *settings.complaint_addresses}
        self.filter_context = FilterContext(signer, frozenset(own))

    async def process(self, record: InboundRecord, parsed: object = None) -> Settlement:
        """What one stored mail leads to (the inbound journal settles it)."""
        mail = parse_mail(record.payload)
        flags = run_filters(mail, self.filter_context)
        verdict = decide(flags)
        if verdict.action is Action.IGNORE:
            return Settlement(InboundStatus.IGNORED, verdict.reason)
        if verdict.action is Action.BOUNCE:
            return await self._bounce(record.payload, mail, verdict.reason)
        assert mail.sender is not None
        return await self._converse(record, mail, mail.sender)

    async def _bounce(self, raw: bytes, mail: ParsedMail, why: str) -> Settlement:
        ours = [(m.notification_id, m) for m in bounced_messages(raw, self.signer) if m.notification_id is not None]
        if not ours:
            return Settlement(InboundStatus.IGNORED, f"{why}; not about mail we sent, never answered")
        reason, recipients = bounce_reason(mail), bounced_recipients(mail)
        marked = 0
        for notification_id, message in ours:
            # Anyone can send a "bounce": it only marks the email it names, if that was sent, to
            # the recipient the report names (core.service.mark_notification_bounced).
            marked += await self.core.service.mark_notification_bounced(
                notification_id, reason, channel=CHANNEL, recipients=recipients,
                delivered_ref=self.signer.make(notification_id, message.case_id))
        ids = ", ".join(str(notification_id) for notification_id, _ in ours)
        return Settlement(InboundStatus.DONE, f"{why}; bounce of notification {ids} ({marked} newly marked failed)")

    def _language(self, mail: ParsedMail, case_language: str | None, text: str) -> str:
        if case_language is not None:
            return case_language
        declared = mail.headers.get("content-language", "")[:2].lower()
        if declared in self.core.policy.languages.supported:
            return declared
        return "ru" if _CYRILLIC.search(text) else self.core.policy.languages.default

    async def _converse(self, record: InboundRecord, mail: ParsedMail, sender: str) -> Settlement:
        case = await find_thread_case(self.core, self.signer, mail, sender)
        follow_up = case is not None or bool(mail.in_reply_to)
        body = latest_reply(mail.text) if follow_up else mail.text.strip()
        text = body if follow_up and body else "\n\n".join(p for p in (mail.subject.strip(), body) if p)
        message_key = message_key_of(record)
        choice = await chosen_value(self.core, self.signer, mail, body, sender) if follow_up else None
        proof = await sender_proof(self.core, self.signer, mail, sender, case)
        replies = await self.dialogue.handle(InboundMessage(
            channel=CHANNEL, conversation=sender, sender=sender, text=text, received_at=record.received_at,
            platform_message_id=message_key,
            attachments=tuple(InboundAttachment(a.filename, a.content_type, a.data) for a in mail.attachments),
            thread_hint=case.reference if case else None, sender_name=mail.sender_name,
            language_hint=self._language(mail, case.language if case else None, text), choice=choice,
            contact_email=sender, sender_verified=proof is not None,
        ))
        allowed = await self._within_limit(replies, sender)
        return await self._conclude(record, mail, sender, message_key, case, replies, allowed, text, choice,
                                    proof is not None)

    async def _within_limit(self, replies: list[Reply], sender: str) -> list[bool]:
        """For each reply, whether it stays within the auto-replies-per-address limit (counted
        before the transaction: the counter lives in the session store)."""
        limit = self.core.policy.email.auto_replies_per_address_per_hour
        key = self.dialogue.keys.rate("email-replies", sender)
        return [await self.dialogue.kv.hit(key, 3600) <= limit for _ in replies]

    async def _conclude(self, record: InboundRecord, mail: ParsedMail, sender: str, message_key: str,
                        case: Case | None, replies: list[Reply], allowed: list[bool], text: str,
                        choice: str | None, proven: bool) -> Settlement:
        """Everything the mail led to after the dialogue, settled with it in one transaction: its
        Message-ID (and the thread's first subject) on its case, and the replies queued in its
        thread. The case is the thread's, else the one the dialogue opened or updated with it."""
        now = self.core.clock.now()

        async def complete(uow: UnitOfWork) -> Completion:
            brief: Case | Row | None = case
            if case is not None:
                known = await uow.link_values(case.id)
            else:  # the case the dialogue opened or updated with this mail, and its links, in one query
                found = await uow.case_brief_and_links_with_message(CHANNEL, sender, message_key)
                brief, known = found if found is not None else (None, set())
            if brief is not None:
                links = []
                if mail.message_id and (MESSAGE_ID_LINK, mail.message_id) not in known:
                    links.append((MESSAGE_ID_LINK, mail.message_id))
                if mail.subject and not any(kind == SUBJECT_LINK for kind, _ in known):
                    links.append((SUBJECT_LINK, mail.subject[:900]))
                await uow.add_links(brief.id, links, now)
            lang = self._language(mail, brief.language if brief else None, text)
            reference = brief.reference if brief else None
            queued = [outbox.reply(
                channel=CHANNEL, address=sender, thread=mail.message_id, text=reply.text, lang=lang,
                key=f"{message_key}:{index}", now=now, choices=tuple((c.label, c.value) for c in reply.choices),
                case_id=brief.id if brief else None, case_reference=reference, extra={"subject": mail.subject[:300]},
            ) for index, (reply, ok) in enumerate(zip(replies, allowed)) if ok]
            count = len(queued)
            detail = f"{f'case {reference}' if reference else 'no case'}: {count} repl{'y' if count == 1 else 'ies'} queued"
            if choice:
                detail += f" (answered choice {choice})"
            if not proven:
                detail += "; sender not proven (neither a reply to our mail nor vouched for by our MTA)"
            if suppressed:
                detail += f", {suppressed} suppressed by the auto-reply limit"
            return Completion(queued, detail)

        suppressed = allowed.count(False)
        if suppressed:
            log.info("%d auto-repl%s to an email sender suppressed: over %d an hour", suppressed,
                     "y" if suppressed == 1 else "ies", self.core.policy.email.auto_replies_per_address_per_hour)
        return Settlement(InboundStatus.DONE, "processed", also=complete)
