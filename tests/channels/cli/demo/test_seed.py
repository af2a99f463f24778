"""``complaintdesk demo seed``: months of history made through the intake dialogue and the service's
commands, checked against the database's own figures."""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from channels.cli.main import app
from config.settings import Settings, load_settings
from core.actors import Actor
from core.case_filter import CaseFilter
from core.report_figures import ReportFigures
from core.runtime import Core
from core.storage.schema import upgrade
from tests.support.cores import open_core
from tests.support.corpora import Corpora

pytestmark = pytest.mark.timeout(600)  # each seeding runs hundreds of dialogue turns and service commands
runner = CliRunner()
UNTIL = "2026-12-01T17:00:00+00:00"
HANDLING = "complaint_handling"  # the policy's category of a complaint about how another was handled
# What the summary prints against the kind of audit event each step records.
PRINTED_EVENTS = {"assessments revised": "reassessed", "assignments": "assigned", "first responses": "agent_message",
                  "questions to complainants": "information_requested", "answers from complainants": "information_provided",
                  "investigation records": "investigation_recorded", "decisions proposed": "decision_proposed",
                  "decisions accepted": "decision_accepted", "decisions rejected": "decision_rejected",
                  "escalated by the timers": "escalated_by_time", "external body offers taken up": "referral_accepted",
                  "external body offers declined": "referral_declined", "external body offers lapsed": "referral_lapsed",
                  "referred by an agent": "referred_external", "external outcomes recorded": "referral_outcome",
                  "withdrawals": "withdrawn", "reopenings": "reopened", "complaints about the handling": "handling_complained"}


@dataclass
class Seeded:
    settings: Settings
    env: dict[str, str]
    output: str


def printed(output: str, label: str) -> int:
    found = re.search(rf"^\s*{re.escape(label)}:\s+(\d+)\s*$", output, re.MULTILINE)
    assert found, f"{label!r} not in the summary:\n{output}"
    return int(found.group(1))


def clean_environment(patch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("COMPLAINTDESK_") and not name.startswith("COMPLAINTDESK_TEST_"):
            patch.delenv(name)


def data_dir(root: Path, trained_nlu: Path) -> Path:
    data = root / "data"
    data.mkdir(parents=True)
    (data / "nlu").symlink_to(trained_nlu, target_is_directory=True)
    return data


def seed(env: dict[str, str], corpora: Corpora, *arguments: str) -> Any:
    return runner.invoke(app, ["demo", "seed", "--until", UNTIL, "--corpus", str(corpora / "complaints-en"), *arguments],
                         env=env)


def figures_of(settings: Settings) -> ReportFigures:
    async def work() -> ReportFigures:
        core = Core.build(settings)
        try:
            return await core.queries.report(None, None)
        finally:
            await core.close()

    return asyncio.run(work())


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, trained_nlu: Path, corpora: Corpora) -> Iterator[Seeded]:
    """Sixty complaints over six months in SQLite, seeded once for the module's tests."""
    with pytest.MonkeyPatch.context() as patch:
        clean_environment(patch)
        root = tmp_path_factory.mktemp("demo")
        patch.chdir(root)
        settings = load_settings(data_dir=data_dir(root, trained_nlu))
        upgrade(settings.effective_database_url)
        env = {"COMPLAINTDESK_DATA_DIR": str(settings.data_dir), "COLUMNS": "200"}
        result = seed(env, corpora, "--cases", "60", "--seed", "7")
        assert result.exit_code == 0, result.output
        yield Seeded(settings, env, result.output)


def test_the_history_spans_the_months_and_every_step_of_the_process(seeded: Seeded) -> None:
    figures = figures_of(seeded.settings)
    filed = printed(seeded.output, "complaints filed through the dialogue")
    assert filed + printed(seeded.output, "narratives the dialogue did not file") == 60 and filed >= 58
    assert figures.received == filed + printed(seeded.output, "complaints about the handling")  # each a case of its own
    assert len([month for month, n in figures.by_month.items() if n]) >= 6  # June to December
    assert set(figures.volumes["channel"].current) == {"email", "telegram", "slack"}
    assert len(figures.volumes["category"].current) >= 4
    events = figures.events
    for kind in ("received", "acknowledged", "assessed", "reassessed", "assigned", "agent_message", "information_requested",
                 "information_provided", "investigation_recorded", "decision_proposed", "decision_accepted",
                 "decision_rejected", "escalated", "escalated_by_time", "closed", "reopened", "withdrawn",
                 "referral_accepted", "referral_declined", "referral_outcome", "satisfaction_recorded",
                 "handling_complained"):
        assert events.get(kind, 0) > 0, f"no {kind} event in the history: {events}"
    assert figures.external_offered > 0 and figures.external_referred > 0 and figures.external_outcomes
    assert figures.satisfaction_count > 0 and figures.survey_comments and len(figures.ratings) >= 3
    assert figures.by_root_cause and sum(figures.corrective_actions.values()) > 0 and figures.by_redress_kind
    resolved = figures.timing("resolution")
    assert resolved is not None and resolved.count > 20 and resolved.median is not None


def test_the_printed_counts_are_the_database_s(seeded: Seeded) -> None:
    figures = figures_of(seeded.settings)
    for label, kind in PRINTED_EVENTS.items():
        assert printed(seeded.output, label) == figures.events.get(kind, 0), label
    # a complaint about the handling of a case enters one level above it, as an escalation of its own
    assert (printed(seeded.output, "escalated by an agent") + printed(seeded.output, "complaints about the handling")
            == figures.events.get("escalated", 0))
    assert printed(seeded.output, "survey ratings") == figures.satisfaction_count
    assert printed(seeded.output, "survey comments") == len(figures.survey_comments)
    assert printed(seeded.output, "steps refused by the core") == 0
    assert printed(seeded.output, "answers the dialogue took otherwise") == 0
    statuses = re.search(r"cases by status now: (.*)", seeded.output)
    assert statuses is not None
    shown = {name: int(n) for name, n in (part.rsplit(" ", 1) for part in statuses.group(1).split(", "))}
    assert shown == figures.volumes["status"].current
    channels = re.search(r"cases by channel: (.*)", seeded.output)
    assert channels is not None
    assert {k: int(v) for k, v in (p.split(" ") for p in channels.group(1).split(", "))} == figures.volumes["channel"].current


def test_the_cases_came_through_the_dialogue_and_the_audit_trail_verifies(seeded: Seeded, corpora: Corpora) -> None:
    async def work() -> tuple[int, object, list[tuple[str, str, str, str]], list[str]]:
        core = Core.build(seeded.settings)
        try:
            checked, breach = await core.queries.verify_audit()
            cases = await core.queries.list_cases(CaseFilter(limit=100))
            first = min(cases, key=lambda c: c.received_at)  # long finished
            timeline = await core.queries.timeline(first.reference, Actor.agent("U_TEST"))
            return (checked, breach, [(c.language, c.channel, c.category, c.description) for c in cases],
                    [e.kind for e in timeline])
        finally:
            await core.close()

    checked, breach, cases, kinds = asyncio.run(work())
    assert breach is None and checked > 60 * 5
    lines = (corpora / "complaints-en" / "cfpb.jsonl").read_text(encoding="utf-8").splitlines()
    narratives = {json.loads(line)["text"].strip() for line in lines if line.strip()}
    # the narratives' words as written (a complaint about the handling of a case has the person's words about that)
    english = [description for language, _, category, description in cases if language == "en" and category != HANDLING]
    assert len(english) > 40 and all(description in narratives for description in english)
    assert any(language == "ru" for language, _, _, _ in cases)  # from the project's own Russian examples
    assert {channel for _, channel, _, _ in cases} == {"email", "telegram", "slack"}
    assert kinds.index("received") < kinds.index("acknowledged") < kinds.index("assessed") < kinds.index("assigned")


def test_the_report_reads_the_history(seeded: Seeded) -> None:
    result = runner.invoke(app, ["report", "--from", "2026-06-01", "--to", "2026-12-01", "--format", "json"], env=seeded.env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    headline = next(t for s in data["sections"] for t in s["tables"] if t["key"] == "headline")
    assert headline["rows"][0]["current"] == figures_of(seeded.settings).received > 60
    assert "now try: complaintdesk report --from 2026-06-01 --to 2026-12-01" in seeded.output


def test_a_database_with_cases_is_refused_unless_forced(seeded: Seeded, corpora: Corpora) -> None:
    refused = seed(seeded.env, corpora, "--cases", "3")
    assert refused.exit_code == 1
    received = figures_of(seeded.settings).received
    assert f"already has {received} case(s)" in refused.output and "--force" in refused.output
    assert figures_of(seeded.settings).received == received

    forced = seed(seeded.env, corpora, "--cases", "3", "--seed", "8", "--force")
    assert forced.exit_code == 0, forced.output
    added = printed(forced.output, "complaints filed through the dialogue") + printed(forced.output, "complaints about the handling")
    assert figures_of(seeded.settings).received == received + added >= received + 3


def test_a_missing_corpus_is_a_clear_error(settings: Settings, env: dict[str, str], tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "seed", "--corpus", str(tmp_path / "nowhere")], env=env)
    assert result.exit_code == 2
    assert f"no complaint corpus at {tmp_path / 'nowhere'}" in " ".join(result.output.split())
    assert figures_of(settings).received == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    result = runner.invoke(app, ["demo", "seed", "--corpus", str(bad)], env=env)
    assert result.exit_code == 2 and "is not a CFPB corpus" in " ".join(result.output.split())


def _history(settings: Settings) -> list[tuple[object, ...]]:
    async def work() -> list[tuple[object, ...]]:
        core = Core.build(settings)
        try:
            cases = await core.queries.list_cases(CaseFilter(limit=100))
            # every field but the reference numbers, which are random by design (and named in a complaint about the handling)
            return sorted((c.received_at, c.channel, c.language, c.status, c.category, c.priority, c.escalation_level,
                           c.assignee, c.satisfaction, c.description[:60] if c.category != HANDLING else "") for c in cases)
        finally:
            await core.close()

    return asyncio.run(work())


def _steps(output: str) -> list[str]:
    return [line for line in output.splitlines() if not line.startswith("seeded ")]  # the first line has the seconds


def test_the_same_seed_makes_the_same_history(tmp_path: Path, trained_nlu: Path, corpora: Corpora,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    clean_environment(monkeypatch)
    runs = []
    for name, seed_value in (("first", "3"), ("again", "3"), ("other", "4")):
        settings = load_settings(data_dir=data_dir(tmp_path / name, trained_nlu))
        upgrade(settings.effective_database_url)
        result = seed({"COMPLAINTDESK_DATA_DIR": str(settings.data_dir), "COLUMNS": "200"}, corpora,
                      "--cases", "12", "--months", "2", "--seed", seed_value)
        assert result.exit_code == 0, result.output
        runs.append((_history(settings), _steps(result.output)))
    assert runs[0] == runs[1]
    assert runs[0][0] != runs[2][0]


def test_seeding_postgresql(postgres_url: str, tmp_path: Path, trained_nlu: Path, corpora: Corpora,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    clean_environment(monkeypatch)

    settings = load_settings(data_dir=data_dir(tmp_path, trained_nlu), database_url=postgres_url)

    async def empty() -> None:  # the session's database: other tests' rows go
        await (await open_core(settings, postgres_url, None)).close()

    asyncio.run(empty())
    env = {"COMPLAINTDESK_DATA_DIR": str(settings.data_dir), "COMPLAINTDESK_DATABASE_URL": postgres_url, "COLUMNS": "200"}
    result = seed(env, corpora, "--cases", "25", "--months", "3", "--seed", "7")
    assert result.exit_code == 0, result.output
    figures = figures_of(settings)
    assert printed(result.output, "complaints filed through the dialogue") == 25
    assert figures.received == 25 + printed(result.output, "complaints about the handling")
    assert len([n for n in figures.by_month.values() if n]) >= 3
    for label, kind in PRINTED_EVENTS.items():
        assert printed(result.output, label) == figures.events.get(kind, 0), label
    assert figures.events.get("decision_accepted", 0) > 0 and figures.events.get("decision_rejected", 0) > 0
    assert figures.satisfaction_count == printed(result.output, "survey ratings") > 0
    assert set(figures.by_month) <= {"2026-09", "2026-10", "2026-11", "2026-12"}  # the three months to 1 December
