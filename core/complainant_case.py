"""A case as its complainant reaches it: found by its reference, and refused to anyone else."""

from __future__ import annotations

from core.commands import Identity
from core.errors import AccessDenied, CaseNotFound
from core.model import Case, ChannelIdentity
from core.ports import UnitOfWork


async def complainants_case(uow: UnitOfWork, ref: str, identity: Identity) -> Case:
    """The case ``ref`` (a canonical reference) names, when ``identity`` is its complainant's.
    Raises CaseNotFound, or AccessDenied."""
    case = await uow.case_by_reference(ref)
    if case is None:
        raise CaseNotFound(ref)
    await require_complainant(uow, case, identity)
    return case


async def require_complainant(uow: UnitOfWork, case: Case, identity: Identity) -> ChannelIdentity:
    """``identity`` as stored, when it is the complainant's of ``case``; raises AccessDenied otherwise."""
    own = await uow.identity(identity.channel, identity.address)
    if own is None or own.complainant_id != case.complainant_id:
        raise AccessDenied(f"{identity} is not the complainant of {case.reference}")
    return own
