"""Fixtures every test package shares: settings in a temporary data directory, the core wired on
SQLite or on the real PostgreSQL server, the real Redis server, and a hand-moved clock."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from config.settings import Settings, load_settings
from core.runtime import Core
from core.storage.schema import create_all
from tests.support import databases
from tests.support.clock import FixedClock
from tests.support import loud
from tests.support.corpora import Corpora, require_corpora
from tests.support.cores import open_core
from tests.support.servers import REDIS_BASE_URL, require

if TYPE_CHECKING:
    from nlu.analyzer import Analyzer

@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name in list(__import__("os").environ):
        if name.startswith("COMPLAINTDESK_") and not name.startswith("COMPLAINTDESK_TEST_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env from the developer's checkout
    # Stored mail and Slack events are processed in-process, on the test's clock; tests/channels/
    # email/test_worker_process.py and tests/channels/slack/test_worker_process.py run the worker
    # processes (email's is the default).
    return load_settings(data_dir=tmp_path / "data", smtp_worker_process=False, slack_worker_process=False)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    require("postgres")
    url = databases.create_database()
    try:
        from core.storage.engine import create_engine
        import asyncio

        async def _schema() -> None:
            engine = create_engine(url)
            await create_all(engine)
            await engine.dispose()

        asyncio.run(_schema())
        yield url
    finally:
        databases.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, settings: Settings) -> str:
    if request.param == "sqlite":
        return settings.effective_database_url
    return request.getfixturevalue("postgres_url")


@pytest.fixture
async def core(settings: Settings, database_url: str, clock: FixedClock) -> AsyncIterator[Core]:
    """The core on SQLite and on PostgreSQL: every test using it runs on both."""
    wired = await open_core(settings, database_url, clock)
    yield wired
    await wired.close()


@pytest.fixture
async def sqlite_core(settings: Settings, clock: FixedClock) -> AsyncIterator[Core]:
    wired = await open_core(settings, settings.effective_database_url, clock)
    yield wired
    await wired.close()


@pytest.fixture
async def pg_core(settings: Settings, postgres_url: str, clock: FixedClock) -> AsyncIterator[Core]:
    wired = await open_core(settings, postgres_url, clock)
    yield wired
    await wired.close()


@pytest.fixture
def redis_url() -> str:
    require("redis")
    return REDIS_BASE_URL


@pytest.fixture
def redis_prefix() -> str:
    """A key prefix no other test (or parallel test run) uses."""
    return f"cdtest:{secrets.token_hex(4)}"


NLU_FIXTURES = {"trained_nlu", "analyzer", "product_settings", "nlu_models"}
_ANALYZER = pytest.StashKey["Analyzer"]()


def _nlu_dir(config: pytest.Config) -> Path:
    """pytest's cache keeps the models between runs; without the cache plugin, a temporary folder."""
    cache = getattr(config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("complaintdesk-nlu"))
    if not hasattr(config, "_complaintdesk_nlu_dir"):
        config._complaintdesk_nlu_dir = Path(tempfile.mkdtemp(prefix="complaintdesk-nlu-"))  # type: ignore[attr-defined]
    return config._complaintdesk_nlu_dir  # type: ignore[attr-defined,no-any-return]


def _load_analyzer(config: pytest.Config) -> Analyzer:
    from config.policy import load_policy
    from config.settings import SHIPPED_POLICY
    from nlu.analyzer import Analyzer

    return Analyzer.load(load_policy(SHIPPED_POLICY), _nlu_dir(config))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Train (or load) the NLU once before any test runs: training takes tens of seconds when its
    sources changed, which must not count against one test's timeout."""
    if any(NLU_FIXTURES & set(getattr(item, "fixturenames", ())) for item in session.items):
        session.config.stash[_ANALYZER] = _load_analyzer(session.config)


@pytest.fixture(scope="session")
def analyzer(request: pytest.FixtureRequest) -> Analyzer:
    """The NLU models, trained once per test session (kept in pytest's cache between runs; the
    analyzer retrains by itself when its data or code changed)."""
    found = request.config.stash.get(_ANALYZER, None)
    return found if found is not None else _load_analyzer(request.config)


@pytest.fixture(scope="session")
def trained_nlu(request: pytest.FixtureRequest, analyzer: Analyzer) -> Path:
    """The directory of the trained models, for tests that run the whole product."""
    return _nlu_dir(request.config)


@pytest.fixture
def product_settings(settings: Settings, trained_nlu: Path) -> Settings:
    """Settings for running the whole product (Runner) in-process: port 0, trained NLU in place."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    (settings.data_dir / "nlu").symlink_to(trained_nlu, target_is_directory=True)
    return settings.model_copy(update={"http_port": 0, "smtp_port": 0, "outbox_poll_seconds": 0.05})


@pytest.fixture(scope="session")
def corpora() -> Corpora:
    """The shared corpora beside the clone; without them the test is skipped loudly (failed under CI)."""
    return require_corpora()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    loud.summarize(terminalreporter)
