"""The email notifier on a core of the test's, and a reply to Alice queued in its outbox."""

from __future__ import annotations

from channels.email.msgids import MessageIdSigner
from channels.email.outbound.notifier import EmailNotifier
from channels.email.plugin import signer_for
from channels.email.outbound.transport import MAILDIR_NAME, MaildirTransport, RelayTransport
from core.commands import ComplaintSubmission, Identity
from core.runtime import Core

ALICE = "alice@example.org"


async def queue_reply(core: Core, *, key: str = "m1", choices: tuple[tuple[str, str], ...] = ()) -> str:
    case = await core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("email", ALICE), description="My parcel never arrived", subject="Lost parcel"))
    await core.service.link(case.reference, "email_message_id", "<p1@example.org>")
    await core.service.enqueue_reply(channel="email", address=ALICE, thread="<p1@example.org>", text="Thank you <3",
                                     lang="en", key=key, choices=choices, case_reference=case.reference,
                                     extra={"subject": "Lost parcel"})
    return case.reference


def notifier(core: Core, port: int | None = None) -> tuple[EmailNotifier, MessageIdSigner]:
    settings = core.settings
    if port is not None:
        settings = settings.model_copy(update={"mail_relay_host": "127.0.0.1", "mail_relay_port": port})
    signer = signer_for(settings)
    transport = RelayTransport(settings, timeout=10) if port is not None else MaildirTransport(settings.data_dir / MAILDIR_NAME)
    built = EmailNotifier(core, transport, signer)
    core.registry.register(built)
    return built, signer
