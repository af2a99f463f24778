"""Rows of the status page's access (:mod:`core.service.access`): one-time links and the web
sessions they open, found by the SHA-256 of their tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.storage import tables


class AccessRows:
    session: AsyncSession

    async def add_access_link(self, case_id: str, token_sha256: str, now: datetime, expires_at: datetime) -> None:
        await self.session.execute(insert(tables.access_links).values(
            case_id=case_id, token_sha256=token_sha256, created_at=now, expires_at=expires_at))

    async def use_access_link(self, token_sha256: str, now: datetime) -> str | None:
        """Mark the link used if it is unused and unexpired; its case's id, or None. One statement
        decides, so of two requests with the same link at once only one gets the case."""
        links = tables.access_links
        marked = await self.session.execute(update(links).where(
            links.c.token_sha256 == token_sha256, links.c.used_at.is_(None), links.c.expires_at > now,
        ).values(used_at=now))
        if marked.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's result has a rowcount
            return None
        found: str | None = (await self.session.execute(
            select(links.c.case_id).where(links.c.token_sha256 == token_sha256))).scalar_one_or_none()
        return found

    async def add_web_grant(self, case_id: str, session_sha256: str, now: datetime, expires_at: datetime) -> None:
        await self.session.execute(insert(tables.web_grants).values(
            case_id=case_id, session_sha256=session_sha256, created_at=now, expires_at=expires_at))

    async def web_grant(self, session_sha256: str, now: datetime) -> str | None:
        """The case an unexpired web session was opened for, or None."""
        grants = tables.web_grants
        found: str | None = (await self.session.execute(select(grants.c.case_id).where(
            grants.c.session_sha256 == session_sha256, grants.c.expires_at > now))).scalar_one_or_none()
        return found

    async def end_web_grant(self, session_sha256: str) -> None:
        await self.session.execute(delete(tables.web_grants).where(tables.web_grants.c.session_sha256 == session_sha256))

    async def purge_access(self, now: datetime) -> int:
        """Delete links and web sessions that expired (or links used) before ``now``; how many went."""
        links, grants = tables.access_links, tables.web_grants
        gone = await self.session.execute(delete(links).where(or_(links.c.expires_at <= now, links.c.used_at.is_not(None))))
        ended = await self.session.execute(delete(grants).where(grants.c.expires_at <= now))
        return int(gone.rowcount) + int(ended.rowcount)  # type: ignore[attr-defined]  # a DELETE's result has a rowcount

    async def end_access(self, case_ids: list[str]) -> None:
        """Erasure: the cases' links and web sessions go."""
        if case_ids:
            await self.session.execute(delete(tables.access_links).where(tables.access_links.c.case_id.in_(case_ids)))
            await self.session.execute(delete(tables.web_grants).where(tables.web_grants.c.case_id.in_(case_ids)))
