"""``complaintdesk cases new|reopen|investigate`` as an agent uses them."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

from typer.testing import CliRunner

from channels.cli.main import app
from config.settings import Settings
from core.runtime import Core

runner = CliRunner()


def _outbox_kinds(settings: Settings, ref: str) -> list[tuple[str, str]]:
    async def work() -> list[tuple[str, str]]:
        core = Core.build(settings)
        try:
            return [(n.channel, n.kind) for n in await core.queries.notifications(reference_text=ref)]
        finally:
            await core.close()

    return asyncio.run(work())


def _reference(output: str) -> str:
    found = re.search(r"CD-[0-9A-Z]{4}-[0-9A-Z]{4}", output)
    assert found, output
    return found.group(0)


def test_a_phone_complaint_is_registered_and_acknowledged_by_email(settings: Settings, env: dict[str, str]) -> None:
    done = runner.invoke(app, ["cases", "new", "--via", "phone", "--description", "The engineer never came.",
                               "--name", "Olga Petrova", "--email", "olga@example.com", "--phone", "+44 20 7946 0000",
                               "--language", "ru", "--incident-date", "2026-11-23", "--product", "broadband"], env=env)
    assert done.exit_code == 0, done.output
    ref = _reference(done.output)
    assert "olga@example.com" in done.output
    assert ("email", "acknowledgement") in _outbox_kinds(settings, ref)
    shown = runner.invoke(app, ["cases", "show", ref], env=env)
    assert "received_via" in shown.output and "phone" in shown.output and "U_CLI" in shown.output


def test_a_letter_without_an_address_sends_nothing(settings: Settings, env: dict[str, str]) -> None:
    done = runner.invoke(app, ["cases", "new", "--via", "letter", "--description", "Refused cheque"], env=env)
    assert done.exit_code == 0 and "nothing is sent" in done.output
    assert [k for c, k in _outbox_kinds(settings, _reference(done.output)) if c != "agents"] == []


def test_bad_registrations_are_refused_clearly(env: dict[str, str]) -> None:
    for args, says in ((["--via", "fax", "--description", "x"], "phone, letter, in_person"),
                       (["--via", "phone", "--description", "x", "--email", "nope"], "e-mail"),
                       (["--via", "phone", "--description", "x", "--incident-date", "yesterday"], "YYYY-MM-DD"),
                       (["--via", "phone", "--description", "x", "--amount", "lots", "--currency", "GBP"], "not an amount")):
        refused = runner.invoke(app, ["cases", "new", *args], env=env)
        assert refused.exit_code != 0 and says in refused.output, refused.output


def test_the_investigation_is_recorded_and_shown(submit_case: Callable[[], str], env: dict[str, str]) -> None:
    ref = submit_case()
    done = runner.invoke(app, ["cases", "investigate", ref, "--findings", "Gateway retried a timed-out charge",
                               "--root-cause", "system_fault", "--redress", "refund", "--redress-amount", "49.90",
                               "--currency", "gbp"], env=env)
    assert done.exit_code == 0, done.output
    shown = runner.invoke(app, ["cases", "show", ref], env=env)
    for expected in ("Gateway retried", "system_fault", "refund 49.90 GBP", "investigation_recorded"):
        assert expected in shown.output
    refused = runner.invoke(app, ["cases", "investigate", ref, "--root-cause", "gremlins"], env=env)
    assert refused.exit_code != 0 and "allowed: process" in refused.output


def test_an_agent_reopens_a_closed_case(submit_case: Callable[[], str], settings: Settings, env: dict[str, str]) -> None:
    ref = submit_case()
    assert runner.invoke(app, ["cases", "close", ref, "sorted"], env=env).exit_code == 0
    done = runner.invoke(app, ["cases", "reopen", ref, "the customer called back"], env=env)
    assert done.exit_code == 0 and "level 1" in done.output
    again = runner.invoke(app, ["cases", "reopen", ref, "twice"], env=env)
    assert again.exit_code != 0 and "open" in again.output
