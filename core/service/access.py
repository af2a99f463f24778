"""The status page's access (issue 18; ISO 10002 7.3, complainants follow their complaint): a
person names a reference and the channel (or email address) they used; when both match a case, a
one-time link goes to that case's own channel. The link, opened once before it expires, gives a web
session on that case. Whether anything matched is never told: a wrong reference, someone else's
and a typo look the same to the caller."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from core import audit
from core.actors import Actor
from core.errors import AccessLinkInvalid, InvalidReference
from core.model import Case
from core.registration import OFFLINE_CHANNELS
from core.service.base import Loaded, ServiceBase

TOKEN_BYTES = 32
PATH = "/status/open/"
ADDRESSED_CHANNELS = frozenset({"email", "web"})  # a case on these is found with the email address it answers to
NAMED_CHANNELS = frozenset({"telegram", "slack"})  # on these the channel alone: the link goes to the case's chat


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class AccessGrant:
    """A web session on one case: ``session`` goes into the person's cookie (only its digest is
    stored); ``language`` is the case's, for the first page."""

    session: str
    reference: str
    language: str
    expires_at: datetime


def matches(case: Case, channel: str, address: str | None) -> bool:
    """Whether the person who asked names the way ``case`` reaches its complainant."""
    channel = channel.strip().lower()
    if case.erased_at is not None or case.channel in OFFLINE_CHANNELS:
        return False
    if channel == "email":
        given = (address or "").strip().casefold()
        return case.channel in ADDRESSED_CHANNELS and bool(given) and given == case.reply_address.strip().casefold()
    return channel in NAMED_CHANNELS and case.channel == channel


class AccessCommands(ServiceBase):
    def link_minutes(self) -> int:
        """How long a link works: the policy's ``[web] link_ttl_minutes``."""
        return self.policy.web.link_ttl_minutes

    def session_minutes(self) -> int:
        """How long the web session a link opened lasts: the policy's ``[web] session_minutes``."""
        return self.policy.web.session_minutes

    async def request_access_link(self, reference_text: str, channel: str, address: str | None, *, base_url: str) -> None:
        """Send a one-time link to the case's page over the case's own channel if ``reference_text``
        names a case reached through ``channel`` (for email: at ``address``, in any case); else do
        nothing. Returns nothing either way, and raises nothing for a wrong or mistyped reference."""
        try:
            ref = self.parse_reference(reference_text)
        except InvalidReference:
            return
        token = secrets.token_urlsafe(TOKEN_BYTES)
        minutes = self.link_minutes()

        async def work() -> None:
            async with self._uow() as uow:
                case = await uow.case_by_reference(ref)
                if case is None or not matches(case, channel, address):
                    return
                now = self.clock.now()
                expires = now + timedelta(minutes=minutes)
                await uow.add_access_link(case.id, token_digest(token), now, expires)
                # who asked is not proven yet (the link proves it when opened): the page is the actor;
                # the event names the channel the link went to, never an address
                uow.add(audit.append(case, "access_link_requested", Actor.system("status-page"), now,
                                     data={"channel": case.channel, "expires_at": expires.isoformat()}))
                self._to_complainant(Loaded(uow, case, now), "access_link", minutes=minutes,
                                     link=f"{base_url.rstrip('/')}{PATH}{token}")
                await uow.commit()

        await self._retrying(work, ref, None)

    async def open_access_link(self, token: str) -> AccessGrant:
        """Exchange a link's token, once and before it expires, for a web session on its case.
        Raises :class:`AccessLinkInvalid` for a used, expired or unknown token."""
        if not token or len(token) > 200:
            raise AccessLinkInvalid()
        digest = token_digest(token)
        session = secrets.token_urlsafe(TOKEN_BYTES)

        async def work() -> AccessGrant:
            async with self._uow() as uow:
                now = self.clock.now()
                case_id = await uow.use_access_link(digest, now)
                case = await uow.case_by_id(case_id) if case_id else None
                if case is None or case.erased_at is not None:
                    raise AccessLinkInvalid()
                expires = now + timedelta(minutes=self.session_minutes())
                await uow.add_web_grant(case.id, token_digest(session), now, expires)
                uow.add(audit.append(case, "access_link_opened", Actor.complainant(case.complainant_id), now,
                                     data={"session_expires_at": expires.isoformat()}))
                await uow.commit()
                return AccessGrant(session, case.reference, case.language, expires)

        return await self._retrying(work, "access link", None)

    async def end_web_session(self, session: str) -> None:
        """The person left: the session opens nothing any more."""
        async with self._uow() as uow:
            await uow.end_web_grant(token_digest(session))
            await uow.commit()

    async def purge_access(self) -> int:
        """Delete used and expired links and expired web sessions (the timers round calls it)."""
        async with self._uow() as uow:
            gone = await uow.purge_access(self.clock.now())
            await uow.commit()
        return gone
