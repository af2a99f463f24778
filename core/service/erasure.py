"""Erasure of a complainant's personal data (GDPR art. 17), as a command."""

from __future__ import annotations

from core.actors import Actor
from core.erasure import Erased
from core.errors import CaseNotFound
from core.service.base import ServiceBase


class ErasureCommands(ServiceBase):
    async def erase_complainant(self, complainant_id: str, actor: Actor) -> Erased:
        """Erase a person's data (GDPR art. 17) from every case of theirs, and from what the
        channels keep outside the database (:mod:`core.erasure`); the audit chain stays verifiable."""
        return await self.erasure.erase_complainant(complainant_id, actor)

    async def erase_complainant_of(self, ref_text: str, actor: Actor) -> Erased:
        """Erase the complainant of the case ``ref_text``, with every case of theirs (an agent's
        or the system's command)."""
        ref = self.parse_reference(ref_text)
        async with self._uow(read_only=True) as uow:
            case = await uow.case_by_reference(ref)
        if case is None:
            raise CaseNotFound(ref)
        self._require_agent(actor, case)
        return await self.erasure.erase_complainant(case.complainant_id, actor)
