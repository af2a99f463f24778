"""Which case a reply belongs to: by our signed Message-IDs or recorded Message-IDs in
In-Reply-To / References, then by the reference in the subject. Either way only the case's own
complainant joins it: a stranger quoting a Message-ID starts a new complaint instead."""

from __future__ import annotations

import re

from channels.email.msgids import MessageIdSigner
from channels.email.inbound.parsing import ParsedMail
from core.errors import InvalidReference
from core.model import Case
from core.runtime import Core
from core.commands import Identity
from core.queries import CaseKey

MESSAGE_ID_LINK = "email_message_id"
SUBJECT_LINK = "email_subject"


def _subject_references(subject: str, prefix: str) -> list[str]:
    pattern = re.compile(rf"(?<![0-9A-Za-z]){re.escape(prefix)}[-\s]?[0-9A-Za-z]{{4}}[-\s]?[0-9A-Za-z]{{4}}(?![0-9A-Za-z])",
                         re.IGNORECASE)
    return pattern.findall(subject)


async def find_thread_case(core: Core, signer: MessageIdSigner, mail: ParsedMail, sender: str) -> Case | None:
    """The case this mail continues, if its sender is that case's complainant."""
    thread_ids = list(reversed(mail.in_reply_to)) + [i for i in reversed(mail.references) if i not in mail.in_reply_to]
    subject_references = _subject_references(mail.subject, core.policy.references.prefix)
    if not thread_ids and not subject_references:
        return None  # a new mail: nothing to look up
    keys = [CaseKey(case_id=ours.case_id if ours else None, link=(MESSAGE_ID_LINK, message_id))
            for ours, message_id in ((signer.verify(m), m) for m in thread_ids)]
    for text in subject_references:
        try:
            keys.append(CaseKey(reference=core.service.parse_reference(text)))
        except InvalidReference:
            continue
    return await core.queries.case_of_complainant(Identity("email", sender), keys)
