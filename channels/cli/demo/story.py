"""One demo complaint from its first message to its survey: the complainant talks to the dialogue,
agents act through the service's commands, each step at its moment on the demo clock. The story
is an async generator that yields when it wants to go on; the timers may act on the case
meanwhile (escalate it, close it), so each step first reads where the case is."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from collections import Counter
from random import Random

from channels.cli.demo.clock import DemoClock
from channels.cli.demo.complainant import Complainant
from channels.cli.demo.fate import ACCEPT, SILENT, Fate
from channels.cli.demo.people import level_agent
from channels.cli.demo.texts import pick
from core.actors import Actor
from core.business_time import BusinessCalendar
from core.errors import DomainError
from core.investigation import InvestigationInput
from core.model import Case
from core.referrals import REFERRAL_OUTCOMES
from core.runtime import Core
from core.status import CaseStatus as S

ROOT_CAUSES = (("process", 5), ("staff_error", 4), ("system_fault", 3), ("third_party", 3), ("communication", 4),
               ("product_defect", 1), ("no_fault", 3))
REDRESS = {"process": "refund", "staff_error": "apology", "system_fault": "refund", "third_party": "compensation",
           "communication": "apology", "product_defect": "replacement", "no_fault": "none"}
FINISHED = (S.CLOSED.value, S.WITHDRAWN.value, S.REFERRED_EXTERNAL.value)
DESK = Actor.agent("desk")  # reads the case as an agent does


@dataclass
class Desk:
    """What every story shares: the core, the clock, the calendar and the tally of steps taken."""

    core: Core
    clock: DemoClock
    calendar: BusinessCalendar
    tally: Counter[str] = field(default_factory=Counter)
    refusals: list[str] = field(default_factory=list)


class Story:
    def __init__(self, desk: Desk, person: Complainant, fate: Fate, arrival: datetime, agent: str, rng: Random) -> None:
        self.desk, self.person, self.fate, self.arrival, self.rng = desk, person, fate, arrival, rng
        self.agent = agent
        self.reference = ""
        self.lang = person.persona.lang
        self.rejections = 0
        self.accepted = False

    # -- time ------------------------------------------------------------------------------------

    def work(self, low: float, high: float) -> datetime:
        """When an agent acts next: some business hours later."""
        return self.desk.calendar.add_hours(self.desk.clock.now(), self.rng.uniform(low, high))

    def later(self, low: float, high: float) -> datetime:
        """When the complainant acts next: some hours later, at any hour."""
        return self.desk.clock.now() + timedelta(hours=self.rng.uniform(low, high))

    # -- the case --------------------------------------------------------------------------------

    async def case(self) -> Case:
        """The case as stored now (read as the timers read it: no timeline, no contact details)."""
        async with self.desk.core.uow(read_only=True) as uow:
            case = await uow.case_by_reference(self.reference)
        assert case is not None, self.reference
        return case

    def target(self, case: Case, measure: str) -> float:
        """The policy's target for the case's priority, in business hours."""
        targets = self.desk.core.policy.priorities[case.priority]
        return self.desk.calendar.target_hours(getattr(targets, measure))

    async def act(self, step: str, command: Awaitable[object]) -> bool:
        """Run an agent's command; a refusal is counted and the story goes on."""
        try:
            await command
        except DomainError as refusal:
            self.desk.tally["refused"] += 1
            self.desk.refusals.append(f"{self.reference} {step}: {refusal}")
            return False
        self.desk.tally[step] += 1
        return True

    async def heard(self, step: str, *statuses: str) -> bool:
        """Count the complainant's ``step`` when the case reached one of ``statuses``."""
        status = (await self.case()).status
        if status in statuses:
            self.desk.tally[step] += 1
            return True
        self.desk.tally["misread"] += 1
        self.desk.refusals.append(f"{self.reference} {step}: the case is {status}")
        return False

    async def worked(self) -> Case | None:
        """The case, taken by an agent of its level if nobody has it (after an escalation); None
        when it is finished."""
        case = await self.case()
        if case.status in FINISHED:
            return None
        if case.assignee is None and case.status != S.REFERRAL_OFFERED.value:
            who = self.agent if case.escalation_level == 0 else level_agent(self.rng, case.escalation_level)
            await self.act("assigned", self.desk.core.service.assign(self.reference, Actor.agent(who), who, reassign=True))
            case = await self.case()
        return case

    def actor(self, case: Case) -> Actor:
        return Actor.agent(case.assignee or self.agent)

    # -- the story -------------------------------------------------------------------------------

    async def run(self) -> AsyncGenerator[datetime, None]:
        yield self.arrival
        reference = await self.person.complain()
        if reference is None:
            self.desk.tally["not_filed"] += 1
            return
        self.reference = reference
        self.desk.tally["filed"] += 1
        fate, service = self.fate, self.desk.core.service
        first = self.target(await self.case(), "first_response")  # agents answer within it, unless slow
        yield self.work(first * 0.7, first * 1.1) if fate.slow else self.work(first * 0.02, first * 0.25)
        if fate.reassess:
            await self._reassess(await self.case())
        if await self.worked() is None:
            return
        yield self.work(first * 0.5, first * 1.0) if fate.slow else self.work(first * 0.05, first * 0.4)
        if (taken := await self.worked()) is not None:
            await self.act("agent_message", service.send_message(reference, self.actor(taken),
                                                                  pick(self.rng, self.lang, "first_response")))
        if fate.ask:
            yield self.work(2, 12)
            async for moment in self._question():
                yield moment
        if fate.withdraws and (await self.case()).status not in FINISHED:
            yield self.later(1, 72)
            await self.person.withdraw()  # said in words and confirmed, by email too
            await self.heard("withdrawn", S.WITHDRAWN.value)
        resolution = self.target(await self.case(), "resolution")
        if fate.escalates:
            yield self.work(resolution * 0.05, resolution * 0.2)
            if (taken := await self.worked()) is not None and taken.escalation_level == 0:
                await self.act("escalated", service.escalate(self.reference, self.actor(taken),
                                                             "needs a team lead's decision: the amount is over my limit"))
        yield self.work(resolution * 0.1, resolution * 0.5)
        async for moment in self._decisions():
            yield moment
        async for moment in self._afterwards():
            yield moment

    async def _question(self) -> AsyncIterator[datetime]:
        case = await self.worked()
        if case is None or case.status != S.INVESTIGATING.value:
            return
        asked = await self.act("information_requested", self.desk.core.service.request_information(
            self.reference, self.actor(case), pick(self.rng, self.lang, "question")))
        if not asked:
            return
        if self.fate.answers_question:
            yield self.later(2, 60)
            await self.person.tell(pick(self.rng, self.lang, "information"))
            await self.heard("information_provided", S.INVESTIGATING.value)
        else:
            yield self.work(82, 90)  # past the policy's wait: the timers close the case unanswered

    async def _decisions(self) -> AsyncIterator[datetime]:
        service = self.desk.core.service
        for turn, answer in enumerate(self.fate.answers):
            case = await self.worked()
            if case is None or case.status == S.REFERRAL_OFFERED.value:
                return
            actor = self.actor(case)
            await self.act("investigation_recorded", service.record_investigation(self.reference, actor, self._findings(turn)))
            decided = await self.act("decision_proposed", service.respond(
                self.reference, actor, pick(self.rng, self.lang, "decision" if turn == 0 else "review")))
            if not decided:
                return
            yield self.later(1, 72)
            if (await self.case()).status != S.RESPONDED.value:
                return
            if answer == SILENT:
                yield self.work(82, 90)  # the timers close it: no answer within the policy's window
                return
            if answer == ACCEPT:
                await self.person.decide(self.reference, True)
                self.accepted = await self.heard("decision_accepted", S.CLOSED.value)
                return
            await self.person.decide(self.reference, False, pick(self.rng, self.lang, "reason"))
            self.rejections += 1
            if not await self.heard("decision_rejected", S.ESCALATED.value, S.REFERRAL_OFFERED.value):
                return
            if (await self.case()).status == S.REFERRAL_OFFERED.value:
                async for moment in self._offer():
                    yield moment
                return
            if self.fate.agent_refers:
                yield self.work(2, 16)
                case = await self.case()  # the escalated case, before anyone takes it up again
                if case.status not in FINISHED and await self.act("referred_external", service.refer_external(
                        self.reference, Actor.agent(level_agent(self.rng, case.escalation_level)),
                        "the complainant asked for an independent review")):
                    async for moment in self._external_outcome():
                        yield moment
                return
            yield self.work(1, 10)  # the next level takes the case up

    async def _offer(self) -> AsyncIterator[datetime]:
        """The decision was rejected at the last level: the external body is offered."""
        yield self.later(2, 100)
        choice = self.fate.referral
        if choice == SILENT:
            yield self.work(82, 90)  # the offer lapses: the timers close the case
            return
        await self.person.answer_referral(self.reference, choice == ACCEPT)
        if choice != ACCEPT:
            await self.heard("referral_declined", S.CLOSED.value)
            return
        if await self.heard("referral_accepted", S.REFERRED_EXTERNAL.value):
            async for moment in self._external_outcome():
                yield moment

    async def _external_outcome(self) -> AsyncIterator[datetime]:
        yield self.work(40, 160)
        outcome = self.rng.choices(REFERRAL_OUTCOMES[:3], weights=(3, 2, 4))[0]
        await self.act("referral_outcome", self.desk.core.service.record_referral_outcome(
            self.reference, Actor.agent(level_agent(self.rng, 3)), outcome, note="the external body's letter is on file"))

    async def _afterwards(self) -> AsyncIterator[datetime]:
        case = await self.case()
        if case.status not in (S.CLOSED.value, S.WITHDRAWN.value):
            return
        if self.fate.surveyed:
            yield self.later(0.5, 48)
            rating = self._rating(case)
            kind = "praise" if rating >= 4 else "neutral" if rating == 3 else "blame"
            comment = pick(self.rng, self.lang, kind) if self.fate.comments else None
            await self.person.rate(self.reference, rating, comment)
            if (await self.desk.core.queries.details(self.reference, DESK)).satisfaction == rating:
                self.desk.tally["surveyed"] += 1
                self.desk.tally["survey_comment"] += comment is not None
            else:
                self.desk.tally["misread"] += 1
        if self.fate.complains_of_handling and not self.accepted and case.status == S.CLOSED.value:
            yield self.later(24, 240)
            async for moment in self._handling():
                yield moment
            return
        if self.fate.reopens and self.accepted:
            yield self.later(72, 400)
            await self.person.reopen(self.reference)
            if not await self.heard("reopened", S.ESCALATED.value):
                return
            yield self.work(1, 10)
            case = await self.worked() or case
            if await self.act("decision_proposed", self.desk.core.service.respond(
                    self.reference, self.actor(case), pick(self.rng, self.lang, "review"))):
                yield self.later(1, 48)
                await self.person.decide(self.reference, True)
                await self.heard("decision_accepted", S.CLOSED.value)

    async def _handling(self) -> AsyncIterator[datetime]:
        """A complaint about how the case was handled: a case of its own, one level up, which a
        manager reviews; the story goes on with it."""
        made = await self.person.complain_about_handling(self.reference)
        if made is None:
            self.desk.tally["misread"] += 1
            self.desk.refusals.append(f"{self.reference} handling_complained: no case made")
            return
        self.desk.tally["handling_complained"] += 1
        self.reference = made
        yield self.work(2, 16)
        if (case := await self.worked()) is None:
            return
        if await self.act("decision_proposed", self.desk.core.service.respond(
                self.reference, self.actor(case), pick(self.rng, self.lang, "review"))):
            yield self.later(2, 72)
            await self.person.decide(self.reference, True)
            await self.heard("decision_accepted", S.CLOSED.value)

    # -- what the agents write -------------------------------------------------------------------

    async def _reassess(self, case: Case) -> None:
        """An agent revises the rules' assessment: an urgent-looking case down, a quiet one up."""
        if case.status in FINISHED:
            return
        agent, assess = Actor.agent(self.agent), self.desk.core.service.assess
        if case.priority in ("high", "critical"):
            await self.act("reassessed", assess(self.reference, agent, reason=pick(self.rng, "en", "reassess_down"), urgency=1))
        else:
            await self.act("reassessed", assess(self.reference, agent, reason=pick(self.rng, "en", "reassess_up"),
                                                urgency=min(3, case.urgency + 2), impact=min(3, case.impact + 1)))

    def _findings(self, turn: int) -> InvestigationInput:
        cause = self.rng.choices([c for c, _ in ROOT_CAUSES], weights=[w for _, w in ROOT_CAUSES])[0]
        redress = REDRESS[cause]
        amount = self.rng.choice(("25", "40", "75", "120", "250")) if redress in ("refund", "compensation") else None
        currency = ("RUB" if self.lang == "ru" else "GBP") if amount else None
        if amount and self.lang == "ru":
            amount = str(int(amount) * 100)
        corrective = pick(self.rng, self.lang, "corrective_action") if cause != "no_fault" and self.rng.random() < 0.75 else None
        if turn:  # a review at a higher level: the record is completed, its cause kept
            return InvestigationInput(findings=pick(self.rng, self.lang, "findings"), corrective_action=corrective)
        return InvestigationInput(findings=pick(self.rng, self.lang, "findings"), root_cause=cause,
                                  corrective_action=corrective, redress_kind=redress,
                                  redress_amount=None if amount is None else Decimal(amount),
                                  redress_currency=currency)

    def _rating(self, case: Case) -> int:
        if case.status == S.WITHDRAWN.value:
            return self.rng.choice((3, 4, 5))
        if self.accepted and not self.rejections and case.escalation_level == 0:
            return self.rng.choice((3, 4, 4, 5, 5, 5))
        if self.accepted:
            return self.rng.choice((2, 3, 3, 4))
        return self.rng.choice((1, 1, 2, 2, 3))
