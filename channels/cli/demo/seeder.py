"""Seeds a database with months of demo history: complaints arrive at their moments over the
period, each runs its story (:mod:`channels.cli.demo.story`), and the timers round runs twice on
every working day with the outbox dispatched after it, all on one clock moving forward. The same seed gives
the same history."""

from __future__ import annotations

import heapq
import itertools
import time
from collections import Counter
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from random import Random

from bot.evaluation.prompts import Prompts
from bot.manager import DialogueManager
from channels.cli.demo.clock import DemoClock
from channels.cli.demo.complainant import Complainant
from channels.cli.demo.corpus import Source
from channels.cli.demo.fate import draw, showcased
from channels.cli.demo.people import front_line_agent, persona
from channels.cli.demo.story import Desk, Story
from core.business_time import BusinessCalendar
from core.case_filter import CaseFilter
from core.runtime import Core
from core.status import CaseStatus
from core.timer_round import TimerRound

TIMER_HOURS = (8, 14)  # UTC hours of the working days the timers round runs
DAYS_PER_MONTH = 30.44
WEEKEND_SHARE = 0.4  # complaints per weekend day, against a weekday


@dataclass(frozen=True, slots=True)
class SeedPlan:
    cases: int
    months: int
    seed: int
    russian: float  # the share of complaints made in Russian
    end: datetime

    @property
    def start(self) -> datetime:
        return self.end - timedelta(days=round(self.months * DAYS_PER_MONTH))


@dataclass
class Seeded:
    """What the seeding did: the steps taken (``tally``), the complainants by language, the cases
    by channel and status as the database holds them at the end, and how long it took."""

    plan: SeedPlan
    tally: Counter[str]
    channels: Counter[str]
    languages: Counter[str]
    statuses: dict[str, int]
    seconds: float
    refusals: list[str] = field(default_factory=list)


def arrivals(rng: Random, plan: SeedPlan, zone: object) -> list[datetime]:
    """When the complaints arrive: any day of the period (weekends quieter), mostly in the day."""
    found: list[datetime] = []
    span = (plan.end - plan.start).total_seconds()
    hours = list(range(24))
    weights = [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 2.5, 2, 2, 1.5, 1, 0.6, 0.3]
    while len(found) < plan.cases:
        moment = plan.start + timedelta(seconds=rng.uniform(0, span))
        local = moment.astimezone(zone)  # type: ignore[arg-type]  # a tzinfo
        if local.weekday() >= 5 and rng.random() > WEEKEND_SHARE:
            continue
        hour = rng.choices(hours, weights)[0]
        moment = local.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))
        if plan.start <= moment < plan.end - timedelta(minutes=30):
            found.append(moment)
    return sorted(found)


async def seed(core: Core, dialogue: DialogueManager, clock: DemoClock, plan: SeedPlan,
               english: list[Source], russian: list[Source]) -> Seeded:
    """Run the history of ``plan`` into ``core``'s database through ``dialogue``, on ``clock``."""
    started = time.perf_counter()
    rng = Random(plan.seed)
    calendar = BusinessCalendar(core.policy.business_hours)
    desk = Desk(core, clock, calendar)
    prompts, ids = Prompts(dialogue.services.catalog), itertools.count(1)
    order_en, order_ru = rng.sample(range(len(english)), len(english)), rng.sample(range(len(russian)), len(russian))
    channels, languages = Counter[str](), Counter[str]()
    queue: list[tuple[datetime, int, AsyncGenerator[datetime, None]]] = []
    sequence = itertools.count()
    for index, arrival in enumerate(arrivals(rng, plan, core.policy.business_hours.zone)):
        story_rng = Random(f"{plan.seed}:{index}")
        if russian and story_rng.random() < plan.russian:
            source = russian[order_ru[index % len(russian)]]
        else:
            source = english[order_en[index % len(english)]]
        who = persona(story_rng, index + 1, source.lang)
        person = Complainant(dialogue, prompts, clock, who, source, story_rng, ids)
        fate = showcased(draw(story_rng), index, plan.cases)
        story = Story(desk, person, fate, arrival, front_line_agent(story_rng), story_rng)
        channels[who.channel] += 1
        languages[who.lang] += 1
        await _next(queue, sequence, story.run())
    await _next(queue, sequence, _timers(desk, plan))
    while queue:
        moment, _, steps = heapq.heappop(queue)
        if moment > plan.end:
            await steps.aclose()  # the rest of this story is still to come
            continue
        clock.move_to(moment)
        await _next(queue, sequence, steps)
    clock.move_to(plan.end)
    await _round(desk)
    statuses = {status.value: await core.queries.count(CaseFilter(status=[status.value])) for status in CaseStatus}
    channels = Counter({channel: await core.queries.count(CaseFilter(channel=channel)) for channel in channels})
    return Seeded(plan, desk.tally, channels, languages, {k: v for k, v in statuses.items() if v}, time.perf_counter() - started,
                  desk.refusals)


async def _next(queue: list[tuple[datetime, int, AsyncGenerator[datetime, None]]], sequence: itertools.count[int],
                steps: AsyncGenerator[datetime, None]) -> None:
    """Run ``steps`` up to the moment it goes on at, and queue it for then (unless it is done)."""
    try:
        moment = await anext(steps)
    except StopAsyncIteration:
        return
    heapq.heappush(queue, (moment, next(sequence), steps))


async def _timers(desk: Desk, plan: SeedPlan) -> AsyncGenerator[datetime, None]:
    """The timers round on each working day: time targets are in business hours, so a round on
    a closed day would find nothing new (the last round, at the end, catches up)."""
    day = plan.start.date()
    while True:
        for hour in TIMER_HOURS if desk.calendar.is_working_day(day) else ():
            moment = datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)
            if moment > plan.start:
                yield moment
                await _round(desk)
        day += timedelta(days=1)


async def _round(desk: Desk) -> None:
    done: TimerRound = await desk.core.timers_round()
    for action in done.actions:
        desk.tally[f"timer_{action.kind}"] += 1
    desk.tally["timer_referral_lapsed"] += done.referral_offers_closed
    await desk.core.dispatcher.run_until_idle()

