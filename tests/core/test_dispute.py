"""The dispute path to its end (ISO 10002 7.8, 7.9; ISO 10003), on SQLite and on PostgreSQL: what
a proposed decision tells, the external body offered after a rejection at the last level, the
referral taken up, declined or left unanswered, its outcome recorded, the case closed and the
survey answered; policy names in the complainant's language."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from core.errors import TransitionRefused, ValidationFailed
from core.notification_text import REFERRAL_ACCEPT, referral_offer, render
from core.runtime import Core
from tests.support.catalog import say
from tests.support.clock import FixedClock

AGENT = Actor.agent("U_AGENT")
ALICE = Identity("telegram", "1001")


def submission(**overrides: object) -> ComplaintSubmission:
    values: dict[str, object] = {"identity": ALICE, "description": "My card was charged twice for order 5521.",
                                 "language": "en", "name": "Alice Example", "category": "billing"}
    values.update(overrides)
    return ComplaintSubmission(**values)  # type: ignore[arg-type]  # the test's own keyword arguments


async def _sent(core: Core, ref: str, channel: str = "telegram") -> list[str]:
    return [n.kind for n in await core.queries.notifications(reference_text=ref) if n.channel == channel]


async def _rendered(core: Core, ref: str, kind: str) -> str:
    rows = [n for n in await core.queries.notifications(reference_text=ref) if n.kind == kind]
    return render(rows[-1], core.catalog, core.policy).text


async def _at_the_last_level(core: Core, **overrides: object) -> str:
    """A case whose decisions were rejected up to the last escalation level, with a new decision."""
    ref = (await core.service.submit_complaint(submission(**overrides))).reference
    for _ in range(core.policy.escalation.top):
        await core.service.assign(ref, AGENT, AGENT.id)
        await core.service.respond(ref, AGENT, "No refund is due.")
        assert await core.service.record_complainant_decision(ref, ALICE, accept=False, reason="unfair") == "escalated"
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.respond(ref, AGENT, "After review: still no refund.")
    return ref


async def test_a_proposed_decision_tells_the_time_to_answer_silence_and_the_next_step(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.respond(ref, AGENT, "We refund the second charge.")

    text = await _rendered(core, ref, "decision_proposed")
    assert "You have 10 business days to answer, until" in text and "8 December 2026" in text
    assert "we will take this resolution as final and close your complaint" in text
    assert "reviewed at the next level (Team lead)" in text and "the Independent Ombudsman Service" in text


async def test_the_last_levels_decision_names_the_external_body_and_its_time_limit(core: Core) -> None:
    ref = await _at_the_last_level(core)
    text = await _rendered(core, ref, "decision_proposed")
    assert say("notify.decision_options_final", "en", body="the Independent Ombudsman Service", months="6 months") in text


async def test_a_rejection_at_the_last_level_offers_the_external_body_and_tells_the_agents(core: Core) -> None:
    ref = await _at_the_last_level(core)

    status = await core.service.record_complainant_decision(ref, ALICE, accept=False, reason="still unfair")

    assert status == "referral_offered"
    details = await core.queries.details(ref, AGENT)
    assert details.complainant_decision == "rejected" and details.referral_offered_at is not None
    assert details.escalation_level == core.policy.escalation.top
    last = (await core.queries.timeline(ref, AGENT))[-1]
    assert last.kind == "decision_rejected" and last.to_status == "referral_offered" and last.data["final"] is True
    alert = await _rendered(core, ref, "referral_offered")
    assert "rejected the final decision" in alert and "the Independent Ombudsman Service" in alert and "still unfair" in alert
    with pytest.raises(TransitionRefused):
        await core.service.record_complainant_decision(ref, ALICE, accept=True)


async def test_an_accepted_referral_is_tracked_to_its_outcome_then_closed_and_surveyed(core: Core, clock: FixedClock) -> None:
    ref = await _at_the_last_level(core)
    await core.service.record_complainant_decision(ref, ALICE, accept=False)
    before = await _sent(core, ref)

    await core.service.accept_referral(ref, ALICE)

    details = await core.queries.details(ref, AGENT)
    assert details.status == "referred_external" and details.referral_body == "the Independent Ombudsman Service"
    assert details.referred_at is not None and details.referral_outcome is None
    assert await _sent(core, ref) == before, "the conversation answers the complainant"
    assert "send it there, then record the body's outcome" in await _rendered(core, ref, "referral_accepted")
    with pytest.raises(ValidationFailed, match="upheld, partly_upheld, not_upheld, settled, not_taken_up"):
        await core.service.record_referral_outcome(ref, AGENT, "won")

    await core.service.record_referral_outcome(ref, AGENT, "partly_upheld", note="Ombudsman: refund half")

    details = await core.queries.details(ref, AGENT)
    assert details.status == "closed" and details.referral_outcome == "partly_upheld"
    assert details.referral_outcome_at is not None and details.closed_at == details.referral_outcome_at
    assert (await _sent(core, ref))[len(before):] == ["referral_outcome", "survey"]
    assert "has reached its outcome on your complaint" in await _rendered(core, ref, "referral_outcome")
    assert "the complaint was partly upheld" in await _rendered(core, ref, "referral_outcome")
    kinds = [e.kind for e in await core.queries.timeline(ref, AGENT) if not e.kind.startswith("message")]
    assert kinds[-3:] == ["referral_accepted", "referral_outcome", "closed"]
    await core.service.record_satisfaction(ref, ALICE, 3, "took long")
    assert (await core.queries.details(ref, AGENT)).satisfaction == 3
    figures = await core.queries.figures(details.received_at, clock.now() + timedelta(days=1))
    assert (figures.external_offered, figures.external_referred, figures.external_outcomes) == (1, 1, {"partly_upheld": 1})
    assert figures.satisfaction_count == 1
    with pytest.raises(TransitionRefused, match="an outcome is recorded for a case referred"):
        await core.service.record_referral_outcome(ref, AGENT, "upheld")


async def test_only_the_complainant_answers_the_offer_and_only_while_it_waits(core: Core) -> None:
    ref = await _at_the_last_level(core)
    with pytest.raises(TransitionRefused, match="no offer of the external body"):
        await core.service.accept_referral(ref, ALICE)
    await core.service.record_complainant_decision(ref, ALICE, accept=False)
    with pytest.raises(Exception, match="not the complainant"):
        await core.service.accept_referral(ref, Identity("telegram", "6666"))
    await core.service.decline_referral(ref, ALICE)

    details = await core.queries.details(ref, AGENT)
    assert details.status == "closed" and details.referred_at is None
    assert (await _sent(core, ref))[-2:] == ["case_closed", "survey"]
    assert (await core.queries.timeline(ref, AGENT))[-1].kind == "referral_declined"


async def test_an_unanswered_offer_closes_after_the_policys_window(core: Core, clock: FixedClock) -> None:
    ref = await _at_the_last_level(core)
    await core.service.record_complainant_decision(ref, ALICE, accept=False)

    clock.advance(days=7)
    assert (await core.service.run_timers()).referral_offers_closed == 0
    clock.advance(days=8)
    assert (await core.service.run_timers()).referral_offers_closed == 1

    assert (await core.queries.details(ref, AGENT)).status == "closed"
    assert (await _sent(core, ref))[-2:] == ["referral_offer_lapsed", "survey"]
    text = await _rendered(core, ref, "referral_offer_lapsed")
    assert "we did not hear whether you want it referred to the Independent Ombudsman Service" in text
    assert "www.ombudsman.example" in text and "within 6 months of our final decision" in text


async def test_an_agent_refers_a_case_directly_and_records_the_outcome(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.respond(ref, AGENT, "No refund is due.")
    await core.service.refer_external(ref, AGENT, "the complainant asked for the ombudsman by phone")

    assert "has been referred to the Independent Ombudsman Service" in await _rendered(core, ref, "referred_external")
    await core.service.record_referral_outcome(ref, AGENT, "upheld")
    assert (await core.queries.details(ref, AGENT)).referral_outcome == "upheld"


async def test_policy_names_reach_a_russian_complainant_in_russian(core: Core) -> None:
    ref = await _at_the_last_level(core, language="ru")
    escalated = await _rendered(core, ref, "case_escalated")
    assert "передана на рассмотрение: Руководитель службы заботы о клиентах" in escalated
    decision = await _rendered(core, ref, "decision_proposed")
    assert "Независимая служба омбудсмена" in decision and "Срок обращения — 6 месяцев" in decision
    assert "На ответ у вас 10 рабочих дней" in decision
    await core.service.record_complainant_decision(ref, ALICE, accept=False)
    offer = referral_offer(core.catalog, core.policy, ref, "ru")
    assert "Ombudsman" not in offer.text and "8 800 123-45-67" in offer.text
    assert offer.choices[0] == (say("notify.choice_refer", "ru"), REFERRAL_ACCEPT.format(reference=ref))
    await core.service.accept_referral(ref, ALICE)
    status = (await core.queries.status(ref, ALICE)).status
    from core.notification_text import status_text
    assert status_text(core.catalog, core.policy, status, "ru") == (
        "передана во внешний орган по разрешению споров: Независимая служба омбудсмена")


async def test_escalating_a_withdrawn_case_says_what_can_be_done_instead(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    await core.service.withdraw(ref, AGENT, reason="the complainant phoned")
    with pytest.raises(TransitionRefused) as refusal:
        await core.service.escalate(ref, AGENT, "complainant changed their mind")
    assert "a withdrawal is final" in str(refusal.value) and "register a new complaint" in str(refusal.value)
