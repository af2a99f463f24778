"""Signed Message-IDs (after osTicket): ``<cd.{notification}.{case}.{mac}@{domain}>``.

The MAC lets us recognise our own mail when it comes back (a bounce, a loop, a reply that
references it) and read the case and notification out of it without trusting the sender."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

_MAC_CHARS = 16
_LOCAL = re.compile(r"^cd\.([0-9a-z]+)\.([0-9a-z]+)\.([0-9a-f]{16})$")


@dataclass(frozen=True, slots=True)
class OurMessageId:
    notification: str  # the outbox row id, or "0"
    case: str  # the case id, or "0"

    @property
    def notification_id(self) -> int | None:
        return int(self.notification) if self.notification.isdigit() and self.notification != "0" else None

    @property
    def case_id(self) -> str | None:
        return None if self.case == "0" else self.case


class MessageIdSigner:
    def __init__(self, secret: str, domain: str) -> None:
        self._key = secret.encode("utf-8")
        self.domain = domain.lower()
        self.pattern = re.compile(rf"<?(cd\.[0-9a-z]+\.[0-9a-z]+\.[0-9a-f]{{{_MAC_CHARS}}})@{re.escape(self.domain)}>?",
                                  re.IGNORECASE)

    def _mac(self, payload: str) -> str:
        return hmac.new(self._key, payload.encode("ascii"), hashlib.sha256).hexdigest()[:_MAC_CHARS]

    def make(self, notification_id: int | None, case_id: str | None) -> str:
        """A Message-ID for one outgoing message (stable for a notification, so retries match)."""
        notification = str(notification_id) if notification_id else "0"
        case = (case_id or "0").lower()
        if notification == "0" and case == "0":
            case = secrets.token_hex(8)  # nothing to be stable on: keep it unique
        payload = f"{notification}.{case}"
        return f"<cd.{payload}.{self._mac(payload)}@{self.domain}>"

    def verify(self, message_id: str) -> OurMessageId | None:
        """The ids inside one of our own Message-IDs, or None when it is not ours (or forged)."""
        text = message_id.strip().strip("<>")
        local, _, domain = text.rpartition("@")
        match = _LOCAL.match(local.lower())
        if domain.lower() != self.domain or not match:
            return None
        notification, case, mac = match.groups()
        if not hmac.compare_digest(mac, self._mac(f"{notification}.{case}")):
            return None
        return OurMessageId(notification, case)

    def find_all(self, text: str) -> list[OurMessageId]:
        """Every valid signed id of ours mentioned anywhere in ``text`` (a bounce quoting our mail)."""
        found: list[OurMessageId] = []
        for match in self.pattern.finditer(text):
            ours = self.verify(f"{match.group(1)}@{self.domain}")
            if ours is not None and ours not in found:
                found.append(ours)
        return found
