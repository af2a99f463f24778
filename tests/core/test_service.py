"""The service layer's commands, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from core.actors import Actor
from core.commands import ComplaintSubmission, Identity, NewAttachment
from core.errors import AccessDenied, CaseNotFound, ConcurrencyConflict, InvalidReference, TransitionRefused, ValidationFailed
from core.runtime import Core
from core.status import CaseStatus
from tests.support.clock import FixedClock

ALICE = Identity("telegram", "1001")
MALLORY = Identity("telegram", "6666")
AGENT = Actor.agent("U_AGENT")


def submission(**overrides: object) -> ComplaintSubmission:
    values: dict[str, object] = {
        "identity": ALICE, "description": "My card was charged twice for order 5521.", "language": "en",
        "name": "Alice Example", "category": "billing", "order_number": "5521", "desired_outcome": "a refund",
        "platform_message_id": "m1",
    }
    values.update(overrides)
    return ComplaintSubmission(**values)  # type: ignore[arg-type]


async def test_submit_records_acknowledges_and_assesses(core: Core) -> None:
    submitted = await core.service.submit_complaint(submission())

    assert submitted.status == CaseStatus.ASSESSED
    assert submitted.reference.startswith("CD-")
    assert submitted.reference in submitted.acknowledgement
    assert "business days" in submitted.acknowledgement
    details = await core.queries.details(submitted.reference, ALICE)
    assert details.category == "billing" and details.priority == "medium"
    assert details.description == "My card was charged twice for order 5521."
    assert details.due_first_response is not None and details.due_resolution > details.due_first_response  # type: ignore[operator]
    kinds = [e.kind for e in await core.queries.timeline(submitted.reference, AGENT) if not e.kind.startswith("message")]
    assert kinds == ["received", "acknowledged", "assessed"]


async def test_redelivered_submission_opens_no_second_case(core: Core) -> None:
    first = await core.service.submit_complaint(submission())
    again = await core.service.submit_complaint(submission())

    assert again.duplicate and again.reference == first.reference
    assert len(await core.queries.cases_of(ALICE)) == 1


async def test_urgency_signals_raise_the_priority(core: Core) -> None:
    submitted = await core.service.submit_complaint(submission(category="delivery", signals=frozenset({"safety"})))
    assert submitted.priority == "critical"


async def test_status_details_only_for_the_complainant_or_an_agent(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference

    assert (await core.queries.status(ref, ALICE)).is_detailed
    assert (await core.queries.status(ref.lower().replace("-", " "), AGENT)).is_detailed
    stranger = await core.queries.status(ref, MALLORY)
    assert not stranger.is_detailed and stranger.status == "assessed"
    with pytest.raises(AccessDenied):
        await core.queries.details(ref, MALLORY)


async def test_progress_tells_what_is_due_to_the_complainant_only(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    details = await core.queries.details(ref, ALICE)

    own = await core.queries.progress(ref.lower().replace("-", " "), ALICE)
    assert own.own and (own.reference, own.status) == (ref, "assessed")
    assert (own.received_at, own.updated_at) == (details.received_at, details.updated_at)
    assert (own.due_first_response, own.due_resolution) == (details.due_first_response, details.due_resolution)
    assert own.first_response_at is None and own.proposed_decision is None
    stranger = await core.queries.progress(ref, MALLORY)
    assert not stranger.own and stranger.status == "assessed"
    assert stranger.due_first_response is None and stranger.due_resolution is None
    with pytest.raises(CaseNotFound):
        await core.queries.progress("CD-0000-0000", ALICE)
    with pytest.raises(InvalidReference):
        await core.queries.progress("CD-12", ALICE)


async def test_typo_in_reference_is_reported_with_own_suggestions(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    swapped = ref[:-2] + ref[-1] + ref[-2] if ref[-1] != ref[-2] else ref[:-1] + ("0" if ref[-1] != "0" else "1")

    with pytest.raises(InvalidReference) as refusal:
        await core.queries.status(swapped, ALICE)
    assert refusal.value.typo
    assert ref in await core.queries.suggestions(swapped, ALICE)
    assert await core.queries.suggestions(swapped, MALLORY) == []


async def test_unknown_reference(core: Core) -> None:
    with pytest.raises(CaseNotFound):
        await core.queries.status("CD-0000-0000", ALICE)


async def test_full_lifecycle_reaches_the_complainant(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference

    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.request_information(ref, AGENT, "Which card did you use?")
    await core.service.add_complainant_message(ref, ALICE, "The Visa ending 4242", platform_message_id="m2")
    await core.service.respond(ref, AGENT, "We will refund the second charge of £45.")
    status = await core.service.record_complainant_decision(ref, ALICE, accept=True)
    await core.service.record_satisfaction(ref, ALICE, 5, "quick, thanks")

    assert status == "closed"
    details = await core.queries.details(ref, AGENT)
    assert details.satisfaction == 5 and details.complainant_decision == "accepted"
    assert details.first_response_at is not None
    sent = [n.kind for n in await core.queries.notifications(reference_text=ref) if n.channel == "telegram"]
    assert sent == ["status_changed", "information_requested", "decision_proposed", "case_closed", "survey"]
    assert all(n.address == "1001" for n in await core.queries.notifications(reference_text=ref) if n.channel == "telegram")


async def test_rejected_decision_escalates_and_can_be_referred_externally(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.respond(ref, AGENT, "No refund is due.")

    assert await core.service.record_complainant_decision(ref, ALICE, accept=False, reason="I was charged twice") == "escalated"
    details = await core.queries.details(ref, AGENT)
    assert details.escalation_level == 1 and details.assignee is None
    await core.service.refer_external(ref, AGENT, "complainant still unhappy")
    assert (await core.queries.status(ref, ALICE)).status == "referred_external"


async def test_refused_transition_says_what_and_why(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    with pytest.raises(TransitionRefused) as refusal:
        await core.service.respond(ref, AGENT, "A decision before anyone investigated")
    assert "assessed" in str(refusal.value) and "responded" in str(refusal.value)


async def test_closed_case_reopens_only_by_escalation(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    await core.service.close(ref, AGENT, "resolved by phone")
    with pytest.raises(TransitionRefused):
        await core.service.add_complainant_message(ref, ALICE, "one more thing")
    await core.service.escalate(ref, AGENT, "complainant called back unhappy")
    timeline = await core.queries.timeline(ref, AGENT)
    assert timeline[-1].kind == "reopened" and timeline[-1].from_status == "closed"


async def test_only_the_complainant_answers_for_their_case(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    with pytest.raises(AccessDenied):
        await core.service.add_complainant_message(ref, MALLORY, "let me in")
    with pytest.raises(AccessDenied):
        await core.service.withdraw(ref, Actor.complainant("x"), identity=MALLORY)


async def test_agent_cannot_handle_a_case_about_themselves(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission(identity=Identity("slack", "U_AGENT")))).reference
    with pytest.raises(AccessDenied):
        await core.service.assign(ref, AGENT, "U_AGENT")


async def test_reassessment_is_recorded_and_moves_due_times(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    before = await core.queries.details(ref, AGENT)

    await core.service.assess(ref, AGENT, reason="customer is vulnerable", priority="critical", urgency=3)

    after = await core.queries.details(ref, AGENT)
    assert after.priority == "critical" and after.due_resolution < before.due_resolution  # type: ignore[operator]
    event = (await core.queries.timeline(ref, AGENT))[-1]
    assert event.kind == "reassessed" and event.text == "customer is vulnerable"
    assert event.data["before"]["priority"] == "medium"
    with pytest.raises(ValidationFailed):
        await core.service.assess(ref, AGENT, reason="x", category="no-such-category")


async def test_stale_version_is_a_conflict(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    seen = (await core.queries.details(ref, AGENT)).version
    await core.service.assign(ref, AGENT, AGENT.id, expected_version=seen)
    with pytest.raises(ConcurrencyConflict):
        await core.service.respond(ref, Actor.agent("U_OTHER"), "decided on stale data", expected_version=seen)


async def test_attachments_within_limits_are_kept_and_others_refused(core: Core) -> None:
    big = NewAttachment("huge.pdf", "application/pdf", b"x" * (core.policy.attachments.max_bytes + 1))
    ok = NewAttachment("receipt.png", "image/png", b"\x89PNG fake")
    exe = NewAttachment("run.exe", "application/x-msdownload", b"MZ")

    submitted = await core.service.submit_complaint(submission(attachments=(ok, big, exe)))

    assert [r.filename for r in submitted.rejected_attachments] == ["huge.pdf", "run.exe"]
    async with core.uow() as uow:
        case = await uow.case_by_reference(submitted.reference)
        stored = await uow.attachments(case.id)  # type: ignore[union-attr]
    assert [a.filename for a in stored] == ["receipt.png"]
    assert core.service.attachments.read(stored[0].sha256) == b"\x89PNG fake"


async def test_withdraw_and_needs_human(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    await core.service.flag_for_human(ref, ALICE)
    assert (await core.queries.details(ref, AGENT)).needs_human
    await core.service.withdraw(ref, Actor.complainant("c"), identity=ALICE, reason="sorted out")
    assert (await core.queries.status(ref, ALICE)).status == "withdrawn"


async def test_latest_open_case_is_the_one_touched_last(core: Core, clock: FixedClock) -> None:
    assert await core.queries.latest_open_case(ALICE) is None
    first = (await core.service.submit_complaint(submission(platform_message_id="m1"))).reference
    clock.advance(minutes=5)
    second = (await core.service.submit_complaint(submission(platform_message_id="m2"))).reference
    assert await core.queries.latest_open_case(ALICE) == second
    clock.advance(minutes=5)
    await core.service.add_complainant_message(first, ALICE, "One more thing about the first one.")
    assert await core.queries.latest_open_case(ALICE) == first
    await core.service.withdraw(first, Actor.complainant("c"), identity=ALICE, reason="sorted out")
    assert await core.queries.latest_open_case(ALICE) == second, "a finished case is not open"
    assert await core.queries.latest_open_case(MALLORY) is None


async def test_a_case_links_of_one_kind_are_read_oldest_first_by_its_reference(core: Core) -> None:
    first = await core.service.submit_complaint(submission())
    other = await core.service.submit_complaint(submission(platform_message_id="m2", description="Another one."))
    await core.service.link(first.reference, "slack_card", "C1/1.1")
    await core.service.link(other.reference, "slack_card", "C1/2.2")
    await core.service.link(first.reference, "email_subject", "Charged twice")
    await core.service.link(first.reference, "slack_card", "C2/3.3")

    assert await core.queries.link_values_of(first.reference, "slack_card") == ["C1/1.1", "C2/3.3"]
    assert await core.queries.link_values_of(first.reference, "telegram_chat") == []
    assert await core.queries.link_values_of("CD-0000-0000", "slack_card") == []
