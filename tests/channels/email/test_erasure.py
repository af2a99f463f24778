"""The email channel's part of an erasure: mail in the local Maildir to an erased address, or
recorded as delivered for an erased case, is deleted; other mail stays."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from channels.email.outbound.erasure import OutboxMaildir
from channels.email.outbound.transport import MaildirTransport
from core.ports import ErasureScope


def mail(to: str, message_id: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "desk@example.org", to, "Your complaint"
    message["Message-ID"] = message_id
    message.set_content("About your complaint.")
    return message.as_bytes(policy=SMTP)


async def test_mail_to_the_person_or_about_the_case_goes_and_other_mail_stays(tmp_path: Path) -> None:
    root = tmp_path / "outbox-maildir"
    transport = MaildirTransport(root)
    for to, message_id in (("Ann Example <Ann@Example.org>", "<1@desk>"), ("someone@example.org", "<2@desk>"),
                           ("someone@example.org", "<3@desk>")):
        await transport.send(mail(to, message_id), "desk@example.org", to)
    scope = ErasureScope(references=("CD-7K3M-9QXA",), deliveries=frozenset({("email", "<2@desk>"), ("slack", "<3@desk>")}),
                         addresses=frozenset({("email", "ann@example.org"), ("telegram", "someone@example.org")}))

    await OutboxMaildir(root).erase(scope)
    await OutboxMaildir(root).erase(scope)  # asked again after a failure elsewhere: nothing to do, no error

    left = [message["Message-ID"] for message in mailbox.Maildir(root, create=False)]
    assert left == ["<3@desk>"]


async def test_no_maildir_is_nothing_to_erase(tmp_path: Path) -> None:
    await OutboxMaildir(tmp_path / "never-written").erase(
        ErasureScope(references=(), addresses=frozenset({("email", "ann@example.org")})))
    assert not (tmp_path / "never-written").exists()
