"""The timers round on SQLite and PostgreSQL: warnings before a target falls due, escalation
when one is missed, the clock paused while the case waits for the complainant, silent cases
closed, one round at a time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from config.policy import BusinessDuration
from config.settings import SHIPPED_POLICY, Settings
from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from core.model import Notification
from core.notification_text import render
from core.runtime import Core
from core.storage.round_lock import lock_key
from core.timer_round import AUTO_CLOSED, CLOSED_UNANSWERED, DUE_SOON, ESCALATED, OVERDUE
from tests.support.clock import FixedClock
from tests.support.cores import open_core

ALICE = Identity("telegram", "1001")
AGENT = Actor.agent("U_AGENT")
RECEIVED = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)  # Tuesday 10:00 in London: medium priority,
FIRST_RESPONSE_DUE = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)  # 2 business days,
RESOLUTION_DUE = datetime(2026, 12, 8, 10, 0, tzinfo=timezone.utc)  # 10 business days


async def complain(core: Core, lang: str = "en", message_id: str = "m1") -> str:
    submission = ComplaintSubmission(identity=ALICE, description="My card was charged twice for order 5521.",
                                     language=lang, name="Alice Example", category="billing", order_number="5521",
                                     desired_outcome="a refund", platform_message_id=message_id)
    return (await core.service.submit_complaint(submission)).reference


async def sent(core: Core, ref: str, kind: str) -> list[Notification]:
    return [n for n in await core.queries.notifications(reference_text=ref) if n.kind == kind]


def kinds(actions: list) -> list[tuple[str, str]]:
    return [(action.kind, action.target) for action in actions]


async def test_a_target_due_soon_warns_once_per_due_time(core: Core, clock: FixedClock) -> None:
    ref = await complain(core)
    await core.service.assign(ref, AGENT, AGENT.id)
    assert (await core.queries.details(ref, AGENT)).due_first_response == FIRST_RESPONSE_DUE

    clock.current = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)  # six business hours left: not yet
    assert (await core.service.run_timers()).actions == []
    clock.current = datetime(2026, 11, 25, 14, 0, tzinfo=timezone.utc)  # four left (Wed 14-17, Thu 9-10)
    assert kinds((await core.service.run_timers()).actions) == [(DUE_SOON, "first_response")]
    clock.advance(hours=1)
    assert (await core.service.run_timers()).actions == []  # one warning per window

    [warning] = await sent(core, ref, "due_soon")
    assert warning.channel == "agents" and warning.params["assignee"] == AGENT.id
    assert render(warning, core.catalog, core.policy).text == \
        f"Complaint {ref}: the time for the first response runs out on 26 November 2026, 10:00."


async def test_a_missed_target_escalates_and_tells_the_complainant_the_new_date(core: Core, clock: FixedClock) -> None:
    ref = await complain(core)
    clock.current = FIRST_RESPONSE_DUE + timedelta(minutes=1)

    done = await core.service.run_timers()

    [action] = done.actions
    assert (action.kind, action.target, action.level) == (ESCALATED, "first_response", 1)
    details = await core.queries.details(ref, AGENT)
    assert details.status == "escalated" and details.escalation_level == 1
    level = core.policy.escalation.at(1)
    assert level is not None and level.resolution is not None
    assert details.due_resolution == core.service.calendar.add(clock.now(), level.resolution) == action.due
    assert details.due_first_response == core.service.calendar.add(clock.now(), core.policy.priorities["medium"].first_response)
    [delay] = await sent(core, ref, "case_delayed")
    assert delay.channel == "telegram" and delay.address == "1001"
    assert render(delay, core.catalog, core.policy).text == (
        f"We are sorry: we have not managed to deal with your complaint {ref} within the time we promised. "
        "It has been passed to Team lead for review, and we now aim to resolve it by 3 December 2026, 10:01.")
    [alert] = await sent(core, ref, "target_missed")
    assert alert.params["level_name"] == "Team lead" and alert.params["target"] == "first_response"
    assert (await core.service.run_timers()).actions == []  # the new level's clock has just started


async def test_the_complainant_reads_the_delay_in_their_language(core: Core, clock: FixedClock) -> None:
    ref = await complain(core, lang="ru")
    clock.current = FIRST_RESPONSE_DUE + timedelta(minutes=1)
    await core.service.run_timers()
    [delay] = await sent(core, ref, "case_delayed")
    assert render(delay, core.catalog, core.policy).text == (
        f"Приносим извинения: мы не успели рассмотреть вашу жалобу {ref} в обещанный срок. "
        "Она передана на рассмотрение: Руководитель группы. Новый срок решения — 3 декабря 2026, 10:01.")


async def test_at_the_top_level_a_missed_target_alerts_once(core: Core, clock: FixedClock) -> None:
    ref = await complain(core)
    await core.service.escalate(ref, AGENT, "serious", level=core.policy.escalation.top)
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.send_message(ref, AGENT, "We are looking into it.")
    due = (await core.queries.details(ref, AGENT)).due_resolution
    assert due is not None
    clock.current = due + timedelta(minutes=1)

    assert kinds((await core.service.run_timers()).actions) == [(OVERDUE, "resolution")]
    assert (await core.service.run_timers()).actions == []
    [alert] = await sent(core, ref, "overdue")
    assert render(alert, core.catalog, core.policy).text.startswith(f"Complaint {ref} missed the time for the resolution")
    assert (await core.queries.details(ref, AGENT)).status == "investigating"


async def test_an_agent_s_escalation_restarts_the_clock_with_the_level_s_targets(core: Core, clock: FixedClock) -> None:
    ref = await complain(core)
    clock.advance(days=1)
    await core.service.escalate(ref, AGENT, "needs the manager", level=2)
    level = core.policy.escalation.at(2)
    assert level is not None and level.resolution is not None
    assert (await core.queries.details(ref, AGENT)).due_resolution == core.service.calendar.add(clock.now(), level.resolution)


async def test_the_clock_pauses_while_the_case_waits_for_the_complainant(core: Core, clock: FixedClock) -> None:
    ref = await complain(core)
    await core.service.assign(ref, AGENT, AGENT.id)
    clock.current = FIRST_RESPONSE_DUE
    await core.service.request_information(ref, AGENT, "Which card did you use?")
    clock.current = RESOLUTION_DUE + timedelta(days=1)  # past the resolution date, but waiting: no alarm
    assert (await core.service.run_timers()).actions == []

    clock.current = datetime(2026, 12, 9, 12, 0, tzinfo=timezone.utc)  # 9 business days and 2 hours of waiting
    await core.service.add_complainant_message(ref, ALICE, "The Visa ending 4242", platform_message_id="m2")

    details = await core.queries.details(ref, AGENT)
    assert details.status == "investigating"
    assert details.due_resolution == datetime(2026, 12, 21, 12, 0, tzinfo=timezone.utc)  # 74 business hours later
    clock.current = datetime(2026, 12, 21, 11, 0, tzinfo=timezone.utc)
    assert kinds((await core.service.run_timers()).actions) == [(DUE_SOON, "resolution")]


async def test_a_case_left_waiting_for_the_complainant_is_closed_with_how_to_reopen(core: Core, clock: FixedClock) -> None:
    ref = await complain(core)
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.request_information(ref, AGENT, "Which card did you use?")
    clock.current = datetime(2026, 12, 8, 9, 59, tzinfo=timezone.utc)  # one minute short of 10 business days
    assert (await core.service.run_timers()).actions == []
    clock.advance(minutes=2)

    done = await core.service.run_timers()

    assert kinds(done.actions) == [(CLOSED_UNANSWERED, "")]
    assert (await core.queries.details(ref, AGENT)).status == "closed"
    [closing] = await sent(core, ref, "closed_unanswered")
    assert render(closing, core.catalog, core.policy).text == (
        f"Your complaint {ref} has been closed because we did not hear back from you within 10 business days. "
        f"If you still need our help, reply to this message quoting {ref} and ask for the complaint to be reopened.")
    assert [n.kind for n in await core.queries.notifications(reference_text=ref)].count("survey") == 1


async def test_no_alert_for_a_case_the_same_round_closed(core: Core, clock: FixedClock) -> None:
    ref = await complain(core)
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.respond(ref, AGENT, "We will refund the second charge.")
    clock.current = RESOLUTION_DUE + timedelta(days=30)  # past the resolution date and the answer window

    done = await core.service.run_timers()

    assert kinds(done.actions) == [(AUTO_CLOSED, "")]
    every = {n.kind for n in await core.queries.notifications(reference_text=ref)}
    assert not every & {"overdue", "target_missed", "due_soon", "case_delayed"}


async def test_a_russian_case_closed_for_silence_counts_the_days_in_russian(core: Core, clock: FixedClock) -> None:
    ref = await complain(core, lang="ru")
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.request_information(ref, AGENT, "Какой картой вы платили?")
    clock.current = datetime(2026, 12, 9, tzinfo=timezone.utc)
    await core.service.run_timers()
    [closing] = await sent(core, ref, "closed_unanswered")
    assert "не получили от вас ответа за 10 рабочих дней" in render(closing, core.catalog, core.policy).text


async def test_only_one_process_runs_a_round_on_postgres(pg_core: Core, clock: FixedClock) -> None:
    ref = await complain(pg_core)
    clock.current = FIRST_RESPONSE_DUE + timedelta(minutes=1)
    async with pg_core.engine.connect() as other:  # another process holds the timers
        await other.execute(text("SELECT pg_advisory_lock(:key)"), {"key": lock_key("timers")})
        skipped = await pg_core.timers_round()
        await other.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key("timers")})
    assert not skipped.ran and skipped.actions == []
    assert (await pg_core.queries.details(ref, AGENT)).status == "assessed"

    done = await pg_core.timers_round()
    assert done.ran and kinds(done.actions) == [(ESCALATED, "first_response")]


async def test_sqlite_rounds_need_no_lock(sqlite_core: Core) -> None:
    assert (await sqlite_core.timers_round()).ran


def test_durations_in_days_follow_the_policy_s_day() -> None:
    assert BusinessDuration.parse("5d").unit == "d"


async def test_without_the_pause_a_case_waiting_for_the_complainant_escalates_too(
        settings: Settings, database_url: str, clock: FixedClock, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(SHIPPED_POLICY.read_text(encoding="utf-8").replace(
        "pause_while_awaiting_complainant = true", "pause_while_awaiting_complainant = false").replace(
        "awaiting_complainant_close_days = 10", "awaiting_complainant_close_days = 0"), encoding="utf-8")
    core = await open_core(settings.model_copy(update={"policy_file": policy}), database_url, clock)
    try:
        ref = await complain(core)
        await core.service.assign(ref, AGENT, AGENT.id)
        await core.service.request_information(ref, AGENT, "Which card did you use?")
        clock.current = RESOLUTION_DUE + timedelta(days=30)  # never closed for silence: the window is 0

        assert kinds((await core.service.run_timers()).actions) == [(ESCALATED, "resolution")]
        clock.advance(minutes=1)
        await core.service.add_complainant_message(ref, ALICE, "The Visa ending 4242", platform_message_id="m2")
        level = core.policy.escalation.at(1)
        assert level is not None and level.resolution is not None
        assert (await core.queries.details(ref, AGENT)).due_resolution == \
            core.service.calendar.add(clock.now() - timedelta(minutes=1), level.resolution)  # not moved by the wait
    finally:
        await core.close()


async def test_a_round_reaches_every_case_however_many_are_due(core: Core, clock: FixedClock,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("core.service.timers.BATCH", 2)  # pages of two cases
    refs = [await complain(core, message_id=f"m{n}") for n in range(5)]
    clock.current = FIRST_RESPONSE_DUE + timedelta(minutes=1)
    done = await core.service.run_timers()
    assert sorted(action.reference for action in done.actions if action.kind == ESCALATED) == sorted(refs)


async def test_the_figures_count_escalations_by_time_by_rejection_and_by_an_agent(core: Core, clock: FixedClock) -> None:
    ref = await complain(core)
    clock.current = FIRST_RESPONSE_DUE + timedelta(minutes=1)
    await core.service.run_timers()  # to level 1: a missed time target
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.respond(ref, AGENT, "No refund is due.")
    await core.service.record_complainant_decision(ref, ALICE, accept=False, reason="unfair")  # to level 2
    await core.service.escalate(ref, AGENT, "needs the head of the service", level=3)

    figures = await core.queries.figures()

    assert (figures.escalations, figures.escalated_by_time, figures.decisions_rejected) == (3, 1, 1)
    before = await core.queries.figures(until=RECEIVED)  # the period counts the cases received in it
    assert (before.escalations, before.escalated_by_time, before.decisions_rejected) == (0, 0, 0)
