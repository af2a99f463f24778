"""The hash-chained audit trail: untouched it verifies; edited behind the service's back it does not."""

from __future__ import annotations

from sqlalchemy import text

from core.actors import Actor
from core.audit import verify_all
from core.commands import ComplaintSubmission, Identity
from core.runtime import Core

ALICE = Identity("email", "alice@example.com")
AGENT = Actor.agent("U1")


async def _worked_case(core: Core) -> str:
    ref = (await core.service.submit_complaint(ComplaintSubmission(
        identity=ALICE, description="Billed twice", name="Alice", category="billing"))).reference
    await core.service.assign(ref, AGENT, "U1")
    await core.service.respond(ref, AGENT, "Refund of the second charge")
    return ref


async def _verify(core: Core) -> tuple[int, object]:
    async with core.uow() as uow:
        return await verify_all(uow)


async def test_untouched_trail_verifies(core: Core) -> None:
    await _worked_case(core)
    await _worked_case(core)
    checked, breach = await _verify(core)
    assert breach is None and checked == 10


async def test_edited_event_is_caught(core: Core) -> None:
    await _worked_case(core)
    async with core.engine.begin() as connection:
        await connection.execute(text("UPDATE case_events SET actor_id = 'someone-else' WHERE seq = 4"))
    _, breach = await _verify(core)
    assert breach is not None and breach.seq == 4 and "altered" in breach.problem  # type: ignore[attr-defined]


async def test_edited_reason_is_caught(core: Core) -> None:
    await _worked_case(core)
    async with core.engine.begin() as connection:
        await connection.execute(text("UPDATE case_events SET reason = 'No refund' WHERE kind = 'decision_proposed'"))
    _, breach = await _verify(core)
    assert breach is not None and "reason" in breach.problem  # type: ignore[attr-defined]


async def test_removed_last_event_is_caught(core: Core) -> None:
    await _worked_case(core)
    async with core.engine.begin() as connection:
        await connection.execute(text("DELETE FROM case_events WHERE seq = 5"))
    _, breach = await _verify(core)
    assert breach is not None and "removed" in breach.problem  # type: ignore[attr-defined]


async def test_erasure_keeps_the_chain_verifiable(core: Core) -> None:
    ref = await _worked_case(core)
    async with core.uow() as uow:
        case = await uow.case_by_reference(ref)
        complainant_id = case.complainant_id  # type: ignore[union-attr]
    assert (await core.service.erase_complainant(complainant_id, AGENT)).references == (ref,)
    _, breach = await _verify(core)
    assert breach is None
    details = await core.queries.details(ref, AGENT)
    assert details.description == "[erased]" and details.complainant_name is None
    async with core.uow() as uow:
        assert await uow.identity("email", "alice@example.com") is None


async def test_an_edited_description_is_caught(core: Core) -> None:
    await _worked_case(core)
    async with core.engine.begin() as connection:
        await connection.execute(text("UPDATE cases SET description = 'Billed once, all fine'"))
    _, breach = await _verify(core)
    assert breach is not None and breach.seq == 1 and "description" in breach.problem  # type: ignore[attr-defined]


async def test_an_edited_message_body_is_caught(core: Core) -> None:
    ref = await _worked_case(core)
    await core.service.add_complainant_message(ref, ALICE, "The second charge is still there")
    async with core.engine.begin() as connection:
        await connection.execute(text("UPDATE messages SET body = 'Thank you, all sorted' WHERE body LIKE 'The second%'"))
    _, breach = await _verify(core)
    assert breach is not None and "body of message" in breach.problem  # type: ignore[attr-defined]


async def test_an_edited_first_message_is_caught(core: Core) -> None:
    await _worked_case(core)
    async with core.engine.begin() as connection:
        await connection.execute(text("UPDATE messages SET body = 'Nothing happened' WHERE body = 'Billed twice'"))
    _, breach = await _verify(core)
    assert breach is not None and breach.seq == 1  # type: ignore[attr-defined]


async def test_a_deleted_message_is_caught(core: Core) -> None:
    ref = await _worked_case(core)
    await core.service.add_note(ref, AGENT, "Called the bank")
    async with core.engine.begin() as connection:
        await connection.execute(text("DELETE FROM messages WHERE body = 'Called the bank'"))
    _, breach = await _verify(core)
    assert breach is not None and "gone" in breach.problem  # type: ignore[attr-defined]
