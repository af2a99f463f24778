"""``complaintdesk serve``: the product starts, answers health and readiness, says which channels
it left out and why, and stops cleanly; ``make run``'s path (migrate, then serve) works for real."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from channels.app.runner import Runner
from config.settings import Settings
from core.storage.schema import create_all

REPO = Path(__file__).resolve().parents[3]


async def test_runner_serves_health_and_names_unconfigured_channels(product_settings: Settings,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    runner = Runner(product_settings)
    with caplog.at_level(logging.INFO, logger="channels.app.runner"):
        context = await runner.start()
    try:
        await create_all(context.core.engine)
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{runner.port}/healthz") as response:
                assert response.status == 200
            async with http.get(f"http://127.0.0.1:{runner.port}/readyz") as response:
                assert response.status == 200 and (await response.json())["ready"]
        assert {"telegram", "slack"} <= set(runner.skipped)
        assert "COMPLAINTDESK_TELEGRAM_TOKEN" in runner.skipped["telegram"]
        (started,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("complaintdesk is running")]
        assert f"web app on http://127.0.0.1:{runner.port} (health: /healthz, readiness: /readyz, metrics: /metrics)" in started
        assert "channels running: email" in started and "not started: slack, telegram" in started
        assert not [r for r in caplog.records if r.levelno >= logging.INFO and "frozen" in r.getMessage()]
    finally:
        await runner.stop()


async def test_a_started_product_keeps_its_long_lived_objects_out_of_the_gc(product_settings: Settings) -> None:
    runner = Runner(product_settings)
    await runner.start()
    try:
        assert gc.get_freeze_count() > 100_000  # the NLU pipelines, mappers and types
    finally:
        await runner.stop()
    assert gc.get_freeze_count() == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_serve_command_migrates_and_runs(settings: Settings, trained_nlu: Path, tmp_path: Path) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    (settings.data_dir / "nlu").symlink_to(trained_nlu, target_is_directory=True)
    port, smtp_port = _free_port(), _free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("COMPLAINTDESK_")},
           "COMPLAINTDESK_DATA_DIR": str(settings.data_dir), "COMPLAINTDESK_HTTP_PORT": str(port),
           "COMPLAINTDESK_SMTP_PORT": str(smtp_port)}
    binary = Path(sys.executable).with_name("complaintdesk")
    migrate = subprocess.run([binary, "db", "upgrade"], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert migrate.returncode == 0, migrate.stderr
    assert "new database: schema created" in migrate.stdout, migrate.stdout
    server = subprocess.Popen([binary, "serve"], env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(300):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/readyz") as response:
                        if response.status == 200:
                            break
                        assert (await response.json())["checks"]["channels"] == "starting"
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise AssertionError("complaintdesk serve did not come up")
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert server.returncode == 0, output
    assert "email worker process" in output and " ready" in output, output  # the default: mail in its own process
    assert f"complaintdesk is running: web app on http://127.0.0.1:{port}" in output, output
    assert "frozen" not in output
    assert "complaintdesk is stopping" in output and "complaintdesk stopped" in output, output
