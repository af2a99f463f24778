"""A case as its complainant follows it (issue 18), on SQLite and on PostgreSQL: the steps in
plain words with their dates, the time targets still running, and what they can do next at each
point of the lifecycle; only the complainant reads it."""

from __future__ import annotations

import pytest

from core.actors import Actor
from core.case_story import ACCEPT, ANSWER, REJECT, REPLY, REVIEW, SURVEY, WITHDRAW
from core.commands import ComplaintSubmission, Identity
from core.errors import AccessDenied
from core.runtime import Core
from core.story_text import step_sentence
from tests.support.clock import FixedClock

ALICE = Identity("telegram", "1001")
MALLORY = Identity("telegram", "6666")
AGENT = Actor.agent("U_AGENT")


def submission(**overrides: object) -> ComplaintSubmission:
    values: dict[str, object] = {"identity": ALICE, "description": "My card was charged twice for order 5521.",
                                 "language": "en", "name": "Alice Example", "category": "billing"}
    values.update(overrides)
    return ComplaintSubmission(**values)  # type: ignore[arg-type]  # the test's own keyword arguments


async def test_the_story_follows_the_case_with_the_next_steps_at_each_point(core: Core, clock: FixedClock) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    story = await core.queries.story(ref, ALICE)
    assert [s.kind for s in story.steps] == ["received", "acknowledged", "assessed"]
    assert story.steps[0].words == "My card was charged twice for order 5521."
    assert story.steps[2].facts == {"priority": "medium"}
    assert story.next_steps == (REPLY, WITHDRAW)
    assert story.due_first_response is not None and story.due_resolution is not None

    clock.advance(hours=1)
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.add_note(ref, AGENT, "internal: check the ledger")
    await core.service.request_information(ref, AGENT, "Which card did you pay with?")
    story = await core.queries.story(ref, ALICE)
    assert story.question == "Which card did you pay with?" and story.next_steps == (ANSWER, WITHDRAW)
    assert story.due_first_response is None  # the question was the first answer

    clock.advance(hours=1)
    await core.service.add_complainant_message(ref, ALICE, "The Visa ending 4242.")
    await core.service.respond(ref, AGENT, "We refund the second charge.")
    story = await core.queries.story(ref, ALICE)
    assert story.proposed_decision == "We refund the second charge." and story.answer_by is not None
    assert story.next_steps == (ACCEPT, REJECT, REPLY, WITHDRAW)

    await core.service.record_complainant_decision(ref, ALICE, accept=False, reason="I want both charges back")
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.respond(ref, AGENT, "We refund both charges.")
    await core.service.record_complainant_decision(ref, ALICE, accept=True)
    story = await core.queries.story(ref, ALICE)
    assert story.status == "closed" and story.next_steps == (REVIEW, SURVEY)
    assert story.due_resolution is None and story.review_until is not None

    await core.service.record_satisfaction(ref, ALICE, 4, "quick in the end")
    story = await core.queries.story(ref, ALICE)
    assert story.rating == 4 and story.next_steps == (REVIEW,)
    assert [(s.kind, s.words) for s in story.steps] == [
        ("received", "My card was charged twice for order 5521."), ("acknowledged", None), ("assessed", None),
        ("investigating", None), ("question", "Which card did you pay with?"), ("answer", "The Visa ending 4242."),
        ("decision_proposed", "We refund the second charge."), ("decision_rejected", "I want both charges back"),
        ("investigating", None), ("decision_proposed", "We refund both charges."), ("decision_accepted", None),
        ("survey", None),
    ]  # the note stays with the agents; the escalation shows as its own step when an agent escalates
    assert [s.at for s in story.steps] == sorted(s.at for s in story.steps)


async def test_the_story_in_the_reader_s_language(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission(language="ru"))).reference
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.respond(ref, AGENT, "Вернём деньги.")
    await core.service.record_complainant_decision(ref, ALICE, accept=False, reason="Мало")
    story = await core.queries.story(ref, ALICE)

    said = {s.kind: step_sentence(s, core.catalog, core.policy, story.language, ref) for s in story.steps}
    assert said["acknowledged"] == f"Мы зарегистрировали её под номером {ref}."
    assert said["assessed"] == "Мы оценили её: приоритет средний."
    assert said["decision_rejected"] == "Вы отклонили решение. Ваша причина:"
    english = {s.kind: step_sentence(s, core.catalog, core.policy, "en", ref) for s in story.steps}
    assert english["assessed"] == "We assessed it: priority medium."


async def test_a_withdrawn_case_offers_only_the_survey(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    await core.service.withdraw(ref, Actor.complainant("x"), identity=ALICE)

    story = await core.queries.story(ref, ALICE)
    assert story.next_steps == (SURVEY,) and story.steps[-1].kind == "withdrawn"


async def test_a_review_is_offered_within_the_policy_s_window_only(core: Core, clock: FixedClock) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    await core.service.close(ref, AGENT, "resolved by phone")
    assert REVIEW in (await core.queries.story(ref, ALICE)).next_steps

    clock.advance(days=core.policy.reopening.window_days + 1)
    assert REVIEW not in (await core.queries.story(ref, ALICE)).next_steps


async def test_only_the_complainant_reads_the_story(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    with pytest.raises(AccessDenied):
        await core.queries.story(ref, MALLORY)
