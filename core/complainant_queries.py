"""What the status page reads (issue 18): the case a web session was opened for, and that case's
story for its complainant (:mod:`core.case_story`)."""

from __future__ import annotations

from dataclasses import dataclass

from config.policy import BusinessDuration, Policy
from core import reference
from core.business_time import BusinessCalendar
from core.case_story import CaseStory, build_story
from core.commands import Identity
from core.complainant_case import complainants_case
from core.model import Case, ChannelIdentity
from core.ports import Clock
from core.service import UowFactory
from core.service.access import token_digest
from core.status import CaseStatus as S
from core.surveys import current_rating


@dataclass(frozen=True, slots=True)
class GrantedCase:
    """The case a web session opens and the complainant's identity on the case's channel: the
    page acts through the same service commands as the chat, as that identity."""

    reference: str
    language: str
    identity: Identity


def complainant_identity(case: Case, identities: list[ChannelIdentity]) -> Identity | None:
    """The identity the complainant used for ``case``: on its channel, its reply address first."""
    on_channel = [i for i in identities if i.channel == case.channel]
    chosen = next((i for i in on_channel if i.address == case.reply_address), on_channel[0] if on_channel else None)
    return Identity(chosen.channel, chosen.address) if chosen else None


class ComplainantQueries:
    _uow: UowFactory
    policy: Policy
    clock: Clock
    calendar: BusinessCalendar

    async def granted_case(self, session: str) -> GrantedCase | None:
        """The case an unexpired web session (the cookie's token) was opened for, or None."""
        if not session or len(session) > 200:
            return None
        async with self._uow(read_only=True) as uow:
            case_id = await uow.web_grant(token_digest(session), self.clock.now())
            case = await uow.case_by_id(case_id) if case_id else None
            if case is None or case.erased_at is not None:
                return None
            identity = complainant_identity(case, await uow.identities_of(case.complainant_id))
        return GrantedCase(case.reference, case.language, identity) if identity else None

    async def story(self, text: str, identity: Identity) -> CaseStory:
        """The case ``text`` names as its complainant follows it. Raises CaseNotFound, or
        AccessDenied when ``identity`` is not its complainant."""
        ref = reference.normalise(text, self.policy.references.prefix)
        async with self._uow(read_only=True) as uow:
            case = await complainants_case(uow, ref, identity)
            events, messages = await uow.events(case.id), await uow.messages(case.id)
            rating = current_rating(await uow.ratings(case.id), case)
        answer_by = None
        if case.state is S.RESPONDED and case.responded_at is not None:
            answer_by = self.calendar.add(case.responded_at, BusinessDuration(
                amount=self.policy.closing.auto_close_business_days, unit="d"))
        return build_story(case, events, messages, rating=rating.rating if rating else None, policy=self.policy,
                           now=self.clock.now(), answer_by=answer_by)
