"""Whether an email's sender proved the From address. Anyone can write any From, so a mail decides
a case or gets its details only with proof (``InboundMessage.sender_verified``):

* it answers our own mail: its In-Reply-To / References carry one of our signed Message-IDs, of a
  notification we sent to this very address (and, when the mail continues a case, about that
  case). Only the mailbox's owner saw that Message-ID;
* or our own MTA vouches for it: the topmost Authentication-Results header (RFC 8601) that bears
  the authserv-id named in ``COMPLAINTDESK_MAIL_TRUSTED_AUTHSERV_ID`` says ``dkim=pass`` for the
  From domain (or a parent domain of it), or ``dmarc=pass`` for the From domain. Only the topmost
  one counts: the sender can write any header below the ones our MTA adds.

Verifying DKIM signatures here (with dkimpy) would need DNS lookups from the product; the MTA in
front of it makes them already, and says what it found."""

from __future__ import annotations

from enum import Enum

import authres

from channels.email.msgids import MessageIdSigner
from channels.email.inbound.parsing import ParsedMail
from core.model import Case
from core.status import NotificationStatus
from core.runtime import Core

CHANNEL = "email"


class Proof(Enum):
    REPLY = "a reply to our mail"
    MTA = "authenticated by our MTA"


async def sender_proof(core: Core, signer: MessageIdSigner, mail: ParsedMail, sender: str,
                       case: Case | None) -> Proof | None:
    """How ``sender`` (the From address, lower case) proved itself, or None.

    :param case: the case the mail continues, if any
    """
    if await _answers_our_mail(core, signer, mail, sender, case):
        return Proof.REPLY
    trusted = core.settings.mail_trusted_authserv_id
    if trusted and vouched_for_by_mta(mail, sender, trusted):
        return Proof.MTA
    return None


async def _answers_our_mail(core: Core, signer: MessageIdSigner, mail: ParsedMail, sender: str,
                            case: Case | None) -> bool:
    ours = [found for found in (signer.verify(i) for i in dict.fromkeys(mail.in_reply_to + mail.references))
            if found is not None and found.notification_id is not None]
    if not ours:
        return False
    for found in ours:
        assert found.notification_id is not None
        row = await core.queries.notification(found.notification_id)
        if (row is None or row.channel != CHANNEL or row.status != NotificationStatus.SENT or row.address.lower() != sender
                or row.delivered_ref != signer.make(found.notification_id, found.case_id)):
            continue  # not a mail we sent to this address
        if case is not None and row.case_id is not None and row.case_id != case.id:
            continue
        return True
    return False


def vouched_for_by_mta(mail: ParsedMail, sender: str, authserv_id: str) -> bool:
    """Whether the topmost Authentication-Results header of ``authserv_id`` says DKIM or DMARC
    passed for the domain of ``sender``."""
    domain = sender.rpartition("@")[2].lower()
    for value in mail.authentication_results:
        if _authserv_id(value) != authserv_id.lower():
            continue
        try:
            header = authres.AuthenticationResultsHeader.parse_value(value)
        except Exception:  # the header our MTA put on top is unreadable: nothing below it counts either
            return False
        return any(_passes(result, domain) for result in header.results)
    return False


def _authserv_id(value: str) -> str:
    """The authserv-id a header claims, read loosely (before the first ";"): enough to tell which
    header is the topmost of our MTA even when the rest of it does not parse."""
    words = value.split(";", 1)[0].split()
    return words[0].lower() if words else ""


def _passes(result: authres.AuthenticationResult, domain: str) -> bool:
    if result.result != "pass":
        return False
    properties = {f"{p.type}.{p.name}".lower(): str(p.value).lower() for p in result.properties}
    if result.method == "dkim":
        signer = properties.get("header.d") or properties.get("header.i", "").rpartition("@")[2]
        # the signing domain's key is in its DNS: whoever holds it holds the domains below it too
        return bool(signer) and (domain == signer or domain.endswith("." + signer))
    if result.method == "dmarc":
        return properties.get("header.from") == domain
    return False
