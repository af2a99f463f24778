"""``complaintdesk cases`` on the dispute path: a referral to the external body and its outcome,
and what a refusal on a finished case says can be done instead."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from typer.testing import CliRunner

from channels.cli.main import app
from config.settings import Settings
from core.runtime import Core

runner = CliRunner()


def _kinds(settings: Settings, ref: str) -> list[str]:
    async def work() -> list[str]:
        core = Core.build(settings)
        try:
            return [n.kind for n in await core.queries.notifications(reference_text=ref) if n.channel == "console"]
        finally:
            await core.close()

    return asyncio.run(work())


def test_an_agent_refers_a_case_and_records_the_external_outcome(
        submit_case: Callable[[], str], settings: Settings, env: dict[str, str]) -> None:
    ref = submit_case()
    for command in (["take", ref], ["respond", ref, "No refund is due."], ["refer", ref, "asked for the ombudsman"]):
        assert runner.invoke(app, ["cases", *command], env=env).exit_code == 0

    shown = runner.invoke(app, ["cases", "show", ref], env=env)
    assert "referred_external" in shown.output and "the Independent Ombudsman Service" in shown.output
    wrong = runner.invoke(app, ["cases", "referral-outcome", ref, "won"], env=env)
    assert wrong.exit_code == 2 and "upheld, partly_upheld, not_upheld, settled, not_taken_up" in wrong.output

    done = runner.invoke(app, ["cases", "referral-outcome", ref, "not_upheld", "--note", "Ombudsman agreed with us"],
                         env=env)

    assert done.exit_code == 0 and "external outcome not_upheld recorded; the case is closed" in done.output
    shown = runner.invoke(app, ["cases", "show", ref], env=env)
    for expected in ("closed", "not_upheld", "referral_outcome", "Ombudsman agreed with us"):
        assert expected in shown.output
    assert _kinds(settings, ref)[-3:] == ["referred_external", "referral_outcome", "survey"]
    again = runner.invoke(app, ["cases", "referral-outcome", ref, "upheld"], env=env)
    assert again.exit_code == 1 and "an outcome is recorded for a case referred to the external body" in again.output
    report = runner.invoke(app, ["report", "--days", "3650"], env=env)
    assert "| Referred to the external body | 1 |" in report.output and "| The complaint was not upheld | 1 |" in report.output


def test_escalating_a_withdrawn_case_says_what_can_be_done_instead(
        submit_case: Callable[[], str], env: dict[str, str]) -> None:
    ref = submit_case()
    assert runner.invoke(app, ["cases", "withdraw", ref, "the complainant phoned"], env=env).exit_code == 0

    refused = runner.invoke(app, ["cases", "escalate", ref, "they changed their mind"], env=env)

    assert refused.exit_code == 1
    said = " ".join(refused.output.split())
    assert "a withdrawal is final" in said and "register a new complaint that names this one" in said
    assert "only an escalation can reopen" not in said
