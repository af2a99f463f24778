"""Proof of an email's sender: a reply to mail we sent to that very address, or our own MTA's
Authentication-Results. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from channels.email.msgids import MessageIdSigner
from channels.email.inbound.parsing import parse_mail
from channels.email.inbound.proof import Proof, sender_proof, vouched_for_by_mta
from core.commands import ComplaintSubmission, Identity
from core.model import Case
from core.runtime import Core
from tests.support.email.outbox import ALICE, notifier, queue_reply

TRUSTED = "mx.complaintdesk.localhost"


def raw(sender: str = ALICE, *, in_reply_to: str = "", headers: str = "") -> bytes:
    thread = f"In-Reply-To: {in_reply_to}\r\nReferences: <x@example.org> {in_reply_to}\r\n" if in_reply_to else ""
    return (f"{headers}From: <{sender}>\r\nTo: complaints@complaintdesk.localhost\r\nSubject: Re: Lost parcel\r\n"
            f"Message-ID: <r1@example.org>\r\n{thread}\r\nI accept\r\n").encode()


def test_only_the_topmost_header_of_our_mta_counts() -> None:
    def vouched(*values: str, sender: str = ALICE) -> bool:
        headers = "".join(f"Authentication-Results: {v}\r\n" for v in values)
        return vouched_for_by_mta(parse_mail(raw(sender, headers=headers)), sender, TRUSTED)

    assert vouched(f"{TRUSTED.upper()}; dkim=pass header.d=example.org")
    assert vouched(f"{TRUSTED}; dkim=pass header.d=example.org", sender="alice@shop.example.org")  # signed by the parent
    assert not vouched(f"{TRUSTED}; dkim=pass header.d=shop.example.org")  # a subdomain does not speak for its parent
    assert not vouched(f"{TRUSTED}; dkim=pass header.d=example.org.evil.example")
    assert not vouched(f"{TRUSTED}; dkim=fail header.d=example.org")
    assert not vouched(f"{TRUSTED}; none", f"{TRUSTED}; dkim=pass header.d=example.org")
    assert not vouched(f"{TRUSTED}; dkim=pass header.d=", f"{TRUSTED}; dkim=pass header.d=example.org")  # unreadable on top
    assert not vouched(f"{TRUSTED}.evil.example; dkim=pass header.d=example.org")
    assert vouched("mx.elsewhere.example; dkim=pass header.d=evil.example", f"{TRUSTED}; dmarc=pass header.from=example.org")
    assert not vouched()


async def test_a_reply_proves_only_the_address_we_sent_that_mail_to(core: Core) -> None:
    await queue_reply(core)  # a reply to Alice, delivered into the Maildir
    _, signer = notifier(core)
    await core.dispatcher.run_until_idle()
    async with core.uow() as uow:
        [sent] = [n for n in await uow.notifications() if n.channel == "email"]
        case = await uow.case_by_id(sent.case_id or "")
    assert sent.status == "sent" and sent.delivered_ref is not None and case is not None

    async def proof(sender: str, message_id: str, for_case: Case | None = case) -> Proof | None:
        return await sender_proof(core, signer, parse_mail(raw(sender, in_reply_to=message_id)), sender, for_case)

    assert await proof(ALICE, sent.delivered_ref) is Proof.REPLY
    assert await proof(ALICE, sent.delivered_ref, None) is Proof.REPLY
    assert await proof("mallory@example.net", sent.delivered_ref) is None  # forwarded to, or quoted by, someone else
    assert await proof(ALICE, MessageIdSigner("another key", signer.domain).make(sent.id, sent.case_id)) is None
    await core.service.enqueue_reply(channel="email", address=ALICE, text="Not sent yet", lang="en", key="later")
    async with core.uow() as uow:
        waiting = next(n for n in await uow.notifications() if n.status == "pending" and n.channel == "email")
    assert await proof(ALICE, signer.make(waiting.id, waiting.case_id)) is None  # never sent: nobody saw its id
    second = await core.service.submit_complaint(ComplaintSubmission(identity=Identity("email", ALICE),
                                                                     description="The courier was rude as well"))
    async with core.uow() as uow:
        other = await uow.case_by_reference(second.reference)
    assert await proof(ALICE, sent.delivered_ref, other) is None  # a reply about another case
    assert await proof(ALICE, "") is None
