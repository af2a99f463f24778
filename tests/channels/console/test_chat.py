"""``complaintdesk chat`` with stdin piped: a scripted conversation makes a real case."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import load_settings
from core.commands import Identity
from core.runtime import Core

REPO = Path(__file__).resolve().parents[3]
SCRIPT = "\n".join([
    "I was charged twice for my credit card on 5 March, order 12345, I want a refund.",
    "yes",
    "John Smith",
    "not an address",
    "john@example.com",
    "1",
    "status",
]) + "\n"


def _run(data_dir: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPLAINTDESK_")}
    env["COMPLAINTDESK_DATA_DIR"] = str(data_dir)
    env["COLUMNS"] = "250"
    return subprocess.run([sys.executable, "-c", "from channels.cli.main import main; main()", *args], input=script,
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=100, check=False)


@pytest.mark.timeout(600)  # the first test may train the NLU models (about a minute) before the subprocess runs
async def test_a_piped_conversation_creates_a_real_case(tmp_path: Path, trained_nlu: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(trained_nlu, data_dir / "nlu")
    result = _run(data_dir, SCRIPT, "chat", "--user", "tester")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Do you agree that we record this information?\n\n1. Yes, I agree\n2. No" in out
    assert "That is neither a valid email address nor a valid phone number." in out
    assert "registered it under reference CD-" in out
    assert "assessed and waiting for an agent" in out, "status without a reference: that of the person's open case"
    core = Core.build(load_settings(data_dir=data_dir))
    try:
        cases = await core.queries.cases_of(Identity("console", "tester"))
    finally:
        await core.close()
    assert len(cases) == 1 and cases[0].complainant_name == "John Smith" and cases[0].reference in out
    listed = _run(data_dir, "", "cases", "list")
    assert listed.returncode == 0 and "1 case(s)" in listed.stdout and cases[0].reference in listed.stdout


@pytest.mark.timeout(600)
async def test_russian_start_and_a_bad_language(tmp_path: Path, trained_nlu: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(trained_nlu, data_dir / "nlu")
    result = _run(data_dir, "Здравствуйте\nпомощь\n", "chat", "--user", "ivan", "--lang", "ru")
    assert result.returncode == 0, result.stderr
    assert "Здравствуйте! Я могу зарегистрировать жалобу" in result.stdout and "1. Новая жалоба" in result.stdout
    assert "Я помогаю подать жалобу" in result.stdout
    unhinted = _run(data_dir, "Здравствуйте, у меня сломался чайник\n", "chat", "--user", "olga")
    assert unhinted.returncode == 0 and "Прежде чем начать" in unhinted.stdout, "without --lang, the language written"
    refused = _run(data_dir, "", "chat", "--lang", "de")
    assert refused.returncode == 2 and "--lang must be en or ru" in refused.stderr
