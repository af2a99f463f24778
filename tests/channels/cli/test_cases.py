"""``complaintdesk cases`` as an agent uses it."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import secrets
from collections.abc import Callable
from datetime import datetime, timezone
from decimal import Decimal

from typer.testing import CliRunner

from channels.cli.main import app
from channels.email.outbound.compose import Outgoing, build_message
from channels.email.outbound.transport import MAILDIR_NAME, MaildirTransport
from config.settings import Settings
from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from core.runtime import Core
from tests.support.personal_data import found_in_files

runner = CliRunner()


def test_agent_works_a_case_end_to_end(submit_case: Callable[[], str], settings: Settings, env: dict[str, str]) -> None:
    ref = submit_case()

    listed = runner.invoke(app, ["cases", "list", "--status", "assessed"], env=env)
    assert listed.exit_code == 0 and ref in listed.output
    assert runner.invoke(app, ["cases", "take", ref], env=env).exit_code == 0
    assert runner.invoke(app, ["cases", "ask", ref, "Which card?"], env=env).exit_code == 0
    refused = runner.invoke(app, ["cases", "close", ref.lower(), "done"], env=env)
    assert refused.exit_code == 0
    shown = runner.invoke(app, ["cases", "show", ref], env=env)
    assert shown.exit_code == 0
    for expected in ("closed", "assigned", "information_requested", "U_CLI", "Which card?"):
        assert expected in shown.output
    outbox = runner.invoke(app, ["outbox", "list", "--reference", ref], env=env)
    assert "information_requested" in outbox.output and "survey" in outbox.output


HOSTILE = ("Closing tag [/] here, [bold]not bold[/bold], [link](https://evil.example/pay) and "
           "[link=https://evil.example]a hidden link[/link]\x1b[2J\x1b]8;;https://evil.example\x07pay here\x1b]8;;\x07"
           "\x07bell\rover\x9b31mred\x7f\tand a tab\nsecond line")


def _submit_hostile(settings: Settings) -> str:
    async def work() -> str:
        core = Core.build(settings)
        try:
            reference = (await core.service.submit_complaint(ComplaintSubmission(
                identity=Identity("console", "mallory"), description=HOSTILE, category="billing",
                name="[red]Mallory[/red]\x1b[5m", product="Router [/] X\x1b]0;owned\x07"))).reference
            await core.service.add_note(reference, Actor.agent("U_CLI"), "They wrote [/]\x1b[31m in red")
            return reference
        finally:
            await core.close()

    return asyncio.run(work())


def test_cases_show_prints_complainant_text_literally_with_control_characters_neutralised(
        settings: Settings, env: dict[str, str]) -> None:
    ref = _submit_hostile(settings)
    shown = runner.invoke(app, ["cases", "show", ref], env=env)
    assert shown.exit_code == 0, shown.output
    flat = " ".join(shown.output.split())  # cells wrap: compare without the line breaks
    for literal in ("[/]", "[bold]not bold[/bold]", "[link](https://evil.example/pay)", "[link=https://evil.example]",
                    "[red]Mallory[/red]", "Router [/] X", "They wrote [/]"):
        assert literal in flat
    for control in ("\x1b", "\x07", "\x9b", "\x7f", "\r"):
        assert control not in shown.output
    assert "␛[2J" in flat and "␇bell␍over" in flat


def test_cases_list_never_cuts_a_reference_at_80_columns(
        submit_case: Callable[[], str], settings: Settings, env: dict[str, str]) -> None:
    references = [submit_case(), _submit_hostile(settings)]
    listed = runner.invoke(app, ["cases", "list"], env={**env, "COLUMNS": "80"})
    assert listed.exit_code == 0, listed.output
    assert max(len(line) for line in listed.output.splitlines()) <= 80
    for ref in references:
        assert ref in listed.output


def test_exit_codes_say_what_went_wrong(
        submit_case: Callable[[], str], settings: Settings, env: dict[str, str]) -> None:
    ref = submit_case()
    typo = ref[:-1] + ("0" if ref[-1] != "0" else "1")

    assert runner.invoke(app, ["cases", "show", typo], env=env).exit_code == 2
    assert runner.invoke(app, ["cases", "show", "CD-0000-0000"], env=env).exit_code == 3
    refused = runner.invoke(app, ["cases", "respond", ref, "A decision before assignment"], env=env)
    assert refused.exit_code == 1 and "cannot go from assessed to responded" in refused.output
    bad = runner.invoke(app, ["cases", "list"], env={**env, "COMPLAINTDESK_HTTP_PORT": "x"})
    assert bad.exit_code == 2 and "COMPLAINTDESK_HTTP_PORT" in bad.output


def test_erasure_from_the_cli_keeps_the_audit_green(
        submit_case: Callable[[], str], settings: Settings, env: dict[str, str]) -> None:
    ref = submit_case()
    assert runner.invoke(app, ["cases", "erase-complainant", ref], env=env).exit_code == 2
    assert runner.invoke(app, ["cases", "erase-complainant", ref, "--yes"], env=env).exit_code == 0
    assert runner.invoke(app, ["audit", "verify"], env=env).exit_code == 0
    assert "Alice" not in runner.invoke(app, ["cases", "show", ref], env=env).output


def _mail_to(settings: Settings, address: str, text: str) -> None:
    """A mail the product sent with no relay configured: written to the local Maildir."""
    message = build_message(Outgoing(
        from_name="Example", from_address="complaints@complaintdesk.localhost", to_address=address, subject="Your complaint",
        text=text, html=f"<p>{text}</p>", message_id=f"<{secrets.token_hex(4)}@complaintdesk.localhost>",
        sent_at=datetime.now(timezone.utc), lang="en"))
    asyncio.run(MaildirTransport(settings.data_dir / MAILDIR_NAME).send(message, "complaints@complaintdesk.localhost",
                                                                        address))


def test_erasure_from_the_cli_deletes_the_persons_mail_in_the_local_maildir(settings: Settings, env: dict[str, str]) -> None:
    async def work() -> str:
        core = Core.build(settings)
        try:
            return (await core.service.submit_complaint(ComplaintSubmission(
                identity=Identity("email", "zq.unique77@example.org"), description="The zorblax broke",
                name="Zebedee Quartermain"))).reference
        finally:
            await core.close()

    ref = asyncio.run(work())
    _mail_to(settings, "zq.unique77@example.org", "Dear Mr Quartermain, about the zorblax")
    _mail_to(settings, "someone.else@example.org", "Dear someone else")
    erased = runner.invoke(app, ["cases", "erase-complainant", ref, "--yes"], env=env)
    assert erased.exit_code == 0, erased.output
    assert ref in erased.output
    assert found_in_files(settings.data_dir, ("Quartermain", "zq.unique77", "zorblax")) == []
    assert len(found_in_files(settings.data_dir, ("someone.else",))) == 1


def _submit_formula(settings: Settings) -> str:
    async def work() -> str:
        core = Core.build(settings)
        try:
            return (await core.service.submit_complaint(ComplaintSubmission(
                identity=Identity("console", "fred"), description='=HYPERLINK("https://evil.example","refund")',
                name="@Fred", on_behalf_of="-his mother"))).reference
        finally:
            await core.close()

    return asyncio.run(work())


def test_cases_list_as_json_and_csv_for_scripts(
        submit_case: Callable[[], str], settings: Settings, env: dict[str, str]) -> None:
    plain, hostile, formula = submit_case(), _submit_hostile(settings), _submit_formula(settings)

    listed = runner.invoke(app, ["cases", "list", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    for control in ("\x1b", "\x07", "\x9b", "\x7f", "\r"):
        assert control not in listed.output  # escaped: harmless on a terminal
    by_reference = {row["reference"]: row for row in json.loads(listed.stdout)}
    assert set(by_reference) == {plain, hostile, formula}
    assert by_reference[hostile]["description"] == HOSTILE  # exactly as written
    assert by_reference[plain]["complainant_name"] == "Alice" and by_reference[plain]["category"] == "billing"
    assert datetime.fromisoformat(by_reference[plain]["received_at"]).tzinfo is not None

    as_csv = runner.invoke(app, ["cases", "list", "--csv"], env=env)
    assert as_csv.exit_code == 0, as_csv.output
    rows = {row["reference"]: row for row in csv.DictReader(io.StringIO(as_csv.stdout))}
    assert set(rows) == {plain, hostile, formula}
    assert rows[plain]["description"] == "Charged twice for one order" and rows[plain]["assignee"] == ""
    assert "\x1b" not in as_csv.output and "␛[2J" in rows[hostile]["description"]
    assert rows[formula]["description"].startswith("'=HYPERLINK(")  # never a formula in a spreadsheet
    assert rows[formula]["complainant_name"] == "'@Fred" and rows[formula]["on_behalf_of"] == "'-his mother"

    both = runner.invoke(app, ["cases", "list", "--json", "--csv"], env=env)
    assert both.exit_code == 2 and "choose one" in both.output


def test_cases_show_gives_the_contact_details_and_json_for_scripts(settings: Settings, env: dict[str, str]) -> None:
    async def work() -> str:
        core = Core.build(settings)
        try:
            return (await core.service.submit_complaint(ComplaintSubmission(
                identity=Identity("console", "pavel"), description="Мне дважды списали деньги", language="ru",
                name="Pavel Petrov", on_behalf_of="his grandmother", email="pavel@example.ru",
                phone="+79161234567", amount=Decimal("4500.50"), currency="RUB",
                location="магазин в Химках"))).reference
        finally:
            await core.close()

    ref = asyncio.run(work())
    shown = runner.invoke(app, ["cases", "show", ref], env=env)
    assert shown.exit_code == 0, shown.output
    for expected in ("complainant_name", "Pavel Petrov", "on_behalf_of", "his grandmother", "language", "ru", "console",
                     "complainant_email", "pavel@example.ru", "complainant_phone", "+79161234567", "reply_address",
                     "amount", "4500.50 RUB", "location", "магазин в Химках"):
        assert expected in shown.output

    as_json = runner.invoke(app, ["cases", "show", ref, "--json"], env=env)
    assert as_json.exit_code == 0, as_json.output
    shown_json = json.loads(as_json.stdout)
    assert shown_json["case"]["reference"] == ref and shown_json["case"]["complainant_name"] == "Pavel Petrov"
    assert shown_json["case"]["description"] == "Мне дважды списали деньги"
    assert (shown_json["case"]["amount"], shown_json["case"]["currency"]) == ("4500.50", "RUB")  # exact: no float
    assert {"received", "acknowledged", "assessed"} <= {entry["kind"] for entry in shown_json["timeline"]}
    assert any(entry["kind"] == "message:in" and entry["text"] == "Мне дважды списали деньги"
               for entry in shown_json["timeline"])
    assert runner.invoke(app, ["cases", "show", "CD-0000-0000", "--json"], env=env).exit_code == 3
