"""The complainant's steps after closing, on SQLite and PostgreSQL: a message about a closed case is
kept and reaches the agents; a closed case is reopened within the policy's window; a complaint
about the handling itself is its own case, linked and one level up; one survey per closing."""

from __future__ import annotations

import pytest

from core.actors import Actor
from core.audit import verify_all
from core.commands import ComplaintSubmission, Identity
from core.errors import AccessDenied, TransitionRefused
from core.handling import HANDLING_COMPLAINT, HANDLING_OF
from core.runtime import Core
from core.status import CaseStatus
from tests.support.clock import FixedClock

ALICE = Identity("telegram", "1001")
MALLORY = Identity("telegram", "6666")
AGENT = Actor.agent("U_AGENT")


async def _closed_case(core: Core) -> str:
    ref = (await core.service.submit_complaint(ComplaintSubmission(
        identity=ALICE, description="My card was charged twice for order 5521.", category="billing"))).reference
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.respond(ref, AGENT, "We refund the second charge.")
    await core.service.record_complainant_decision(ref, ALICE, accept=True)
    return ref


async def _agent_kinds(core: Core, ref: str) -> list[tuple[str, object]]:
    rows = await core.queries.notifications(reference_text=ref)
    return [(n.kind, n.params.get("event")) for n in rows if n.channel == "agents"]


async def test_a_message_about_a_closed_case_is_kept_and_reaches_the_agents(core: Core) -> None:
    ref = await _closed_case(core)
    added = await core.service.record_after_closing(ref, ALICE, "I am unhappy with how this was handled.")

    assert added.status == CaseStatus.CLOSED
    timeline = await core.queries.timeline(ref, AGENT)
    assert any(e.kind == "message:in" and e.text == "I am unhappy with how this was handled." for e in timeline)
    assert "message_after_closing" in [e.kind for e in timeline]
    agents = [n for n in await core.queries.notifications(reference_text=ref) if n.kind == "complainant_message"]
    assert agents and agents[-1].params["after_closing"] is True
    async with core.uow() as uow:
        assert (await verify_all(uow))[1] is None


async def test_a_message_about_a_closed_case_is_refused_to_a_stranger_and_for_an_open_case(core: Core) -> None:
    ref = await _closed_case(core)
    with pytest.raises(AccessDenied):
        await core.service.record_after_closing(ref, MALLORY, "let me in")
    open_ref = (await core.service.submit_complaint(ComplaintSubmission(identity=ALICE, description="Late parcel"))).reference
    with pytest.raises(TransitionRefused):
        await core.service.record_after_closing(open_ref, ALICE, "more")


async def test_the_complainant_reopens_within_the_window_one_level_up(core: Core) -> None:
    ref = await _closed_case(core)
    level = await core.service.reopen(ref, Actor.complainant("-"), "the refund never came", identity=ALICE)

    details = await core.queries.details(ref, AGENT)
    assert level == 1 and details.status == CaseStatus.ESCALATED and details.escalation_level == 1
    assert details.closed_at is None and details.assignee is None
    sent = [n for n in await core.queries.notifications(reference_text=ref) if n.kind == "case_reopened"]
    assert sent and sent[0].params["level_name"] == "Team lead"
    assert ("case_updated", "reopened") in await _agent_kinds(core, ref)


async def test_after_the_window_only_an_agent_reopens(core: Core, clock: FixedClock) -> None:
    ref = await _closed_case(core)
    clock.advance(days=core.policy.reopening.window_days + 1)
    with pytest.raises(TransitionRefused) as refusal:
        await core.service.reopen(ref, Actor.complainant("-"), "", identity=ALICE)
    assert "window" in refusal.value.reason
    assert await core.service.reopen(ref, AGENT, "the customer called") == 1


async def test_only_a_closed_case_is_reopened(core: Core) -> None:
    ref = (await core.service.submit_complaint(ComplaintSubmission(identity=ALICE, description="Late parcel"))).reference
    with pytest.raises(TransitionRefused, match="open"):
        await core.service.reopen(ref, AGENT, "why")
    await core.service.withdraw(ref, AGENT, reason="asked by phone")
    with pytest.raises(TransitionRefused, match="new complaint"):
        await core.service.reopen(ref, AGENT, "why")


async def test_a_complaint_about_the_handling_is_linked_and_one_level_up(core: Core) -> None:
    ref = await _closed_case(core)
    await core.service.record_after_closing(ref, ALICE, "Nobody called me back as promised.")
    handled = await core.service.complain_about_handling(ref, ALICE)

    details = await core.queries.details(handled.reference, AGENT)
    assert details.category == core.policy.handling_category == "complaint_handling"
    assert details.status == CaseStatus.ESCALATED and details.escalation_level == 1
    assert details.description == "Nobody called me back as promised."
    assert details.related == ((HANDLING_OF, ref),)
    assert (await core.queries.details(ref, AGENT)).related == ((HANDLING_COMPLAINT, handled.reference),)
    assert ("case_updated", "handling_complaint") in await _agent_kinds(core, handled.reference)
    again = await core.service.complain_about_handling(ref, ALICE, "And another thing")
    assert again.duplicate and again.reference == handled.reference
    with pytest.raises(AccessDenied):
        await core.service.complain_about_handling(ref, MALLORY, "me too")
    async with core.uow() as uow:
        assert (await verify_all(uow))[1] is None


async def test_one_survey_per_closing(core: Core, clock: FixedClock) -> None:
    ref = await _closed_case(core)
    await core.service.record_satisfaction(ref, ALICE, 2, "slow")
    clock.advance(days=2)
    await core.service.reopen(ref, AGENT, "refund missing")
    assert (await core.queries.details(ref, AGENT)).satisfaction is None
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.close(ref, AGENT, "refund made")
    assert (await core.queries.details(ref, AGENT)).satisfaction is None
    await core.service.record_satisfaction(ref, ALICE, 5, "sorted in the end")

    assert (await core.queries.details(ref, AGENT)).satisfaction == 5
    figures = await core.queries.figures()
    assert figures.satisfaction_count == 2 and figures.satisfaction_average == 3.5
    assert {(c.rating, c.comment) for c in figures.survey_comments} == {(2, "slow"), (5, "sorted in the end")}


async def test_a_withdrawal_gets_its_survey(core: Core) -> None:
    ref = (await core.service.submit_complaint(ComplaintSubmission(identity=ALICE, description="Late parcel"))).reference
    await core.service.withdraw(ref, Actor.complainant("-"), identity=ALICE)
    assert "survey" in [n.kind for n in await core.queries.notifications(reference_text=ref)]
    await core.service.record_satisfaction(ref, ALICE, 4)
    assert (await core.queries.details(ref, AGENT)).satisfaction == 4
