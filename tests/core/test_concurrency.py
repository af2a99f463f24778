"""Two agents at once on PostgreSQL: nobody silently overwrites anybody."""

from __future__ import annotations

import asyncio

import pytest

from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from core.errors import ConcurrencyConflict, DomainError
from core.runtime import Core
from tests.support.databases import drop_pooled_connection


async def _case(core: Core) -> str:
    return (await core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("telegram", "1"), description="The parcel never came", category="delivery"))).reference


async def test_two_agents_taking_one_case_one_wins(pg_core: Core) -> None:
    ref = await _case(pg_core)
    version = (await pg_core.queries.details(ref, Actor.agent("x"))).version

    results = await asyncio.gather(
        pg_core.service.assign(ref, Actor.agent("U_ANN"), "U_ANN", expected_version=version),
        pg_core.service.assign(ref, Actor.agent("U_BOB"), "U_BOB", expected_version=version),
        return_exceptions=True,
    )

    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ConcurrencyConflict)
    assert "changed by someone else" in str(errors[0])
    details = await pg_core.queries.details(ref, Actor.agent("x"))
    assert details.assignee in {"U_ANN", "U_BOB"} and details.version == version + 1


async def test_concurrent_different_decisions_never_both_land(pg_core: Core) -> None:
    ref = await _case(pg_core)
    await pg_core.service.assign(ref, Actor.agent("U_ANN"), "U_ANN")

    results = await asyncio.gather(
        pg_core.service.respond(ref, Actor.agent("U_ANN"), "Full refund"),
        pg_core.service.respond(ref, Actor.agent("U_BOB"), "No refund"),
        return_exceptions=True,
    )

    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], DomainError)
    timeline = await pg_core.queries.timeline(ref, Actor.agent("x"))
    assert [e.kind for e in timeline].count("decision_proposed") == 1


@pytest.mark.parametrize("count", [200])
async def test_concurrent_submissions_get_unique_references(pg_core: Core, count: int) -> None:
    async def submit(index: int) -> str:
        return (await pg_core.service.submit_complaint(ComplaintSubmission(
            identity=Identity("email", f"p{index % 20}@example.com"), description=f"complaint {index}"))).reference

    references = await asyncio.gather(*(submit(i) for i in range(count)))
    assert len(set(references)) == count


async def test_commands_survive_the_server_dropping_every_connection(pg_core: Core) -> None:
    """No pre-ping: pooled connections the server killed (a restart) fail once, and the command
    is retried on a fresh connection instead of failing."""
    first = await pg_core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("telegram", "1"), description="The parcel never came", category="delivery"))
    await drop_pooled_connection(pg_core.engine)
    second = await pg_core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("telegram", "1"), description="The parcel still never came", category="delivery"))
    await pg_core.service.assign(first.reference, Actor.agent("U1"), "U1")
    details = await pg_core.queries.details(first.reference, Actor.agent("U1"))
    assert second.reference != first.reference and details.assignee == "U1"
