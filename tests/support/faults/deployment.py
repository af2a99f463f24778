"""The fault suite's world: the product as its own process (``complaintdesk serve``, see
serve.py), the platforms it talks to (the fake Telegram Bot API, the fake Slack Web API, a mail
relay) in the test's process, and the stores as a newcomer and as production run them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.support.email.relay import RecordingRelay
from tests.support.faults.serve import ServeProcess, free_port
from tests.support.slack.signing import SIGNING_SECRET
from tests.support.slack.web_api import BOT_TOKEN, FakeSlackApi
from tests.support.telegram.bot_api import FakeBotApi

TELEGRAM_TOKEN = "123456:FAULTS"
TELEGRAM_SECRET = "fault-suite-webhook-secret"
TRIAGE = "C0TRIAGE"


@dataclass
class Platforms:
    telegram: FakeBotApi
    slack: FakeSlackApi
    relay: RecordingRelay
    relay_port: int


@dataclass
class Deployment:
    serve: ServeProcess
    data_dir: Path
    database_url: str | None
    http_port: int
    smtp_port: int
    relayed: bool  # mail goes to the relay (else to the local Maildir)

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/telegram/webhook"

    @property
    def slack_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/slack/events"


def deploy(tmp_path: Path, trained_nlu: Path, platforms: Platforms, *, database_url: str | None = None,
           redis_url: str | None = None, redis_prefix: str = "complaintdesk") -> Deployment:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "nlu").symlink_to(trained_nlu, target_is_directory=True)
    http_port, smtp_port = free_port(), free_port()
    env = {
        "COMPLAINTDESK_DATA_DIR": str(data_dir), "COMPLAINTDESK_LOG_LEVEL": "INFO",
        "COMPLAINTDESK_HTTP_PORT": str(http_port), "COMPLAINTDESK_SMTP_PORT": str(smtp_port),
        "COMPLAINTDESK_SMTP_MAX_MESSAGES_PER_IP_PER_MINUTE": "100000",
        "COMPLAINTDESK_OUTBOX_POLL_SECONDS": "0.1", "COMPLAINTDESK_OUTBOX_BASE_DELAY_SECONDS": "0.5",
        "COMPLAINTDESK_TELEGRAM_TOKEN": TELEGRAM_TOKEN, "COMPLAINTDESK_TELEGRAM_API_BASE": platforms.telegram.base_url,
        "COMPLAINTDESK_TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{http_port}/telegram/webhook",
        "COMPLAINTDESK_TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        "COMPLAINTDESK_SLACK_BOT_TOKEN": BOT_TOKEN, "COMPLAINTDESK_SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "COMPLAINTDESK_SLACK_API_BASE": platforms.slack.base_url, "COMPLAINTDESK_SLACK_TRIAGE_CHANNEL": TRIAGE,
        "COMPLAINTDESK_SLACK_WORKER_PROCESS": "true",  # killed too (test_crashes)
    }
    if database_url:
        env["COMPLAINTDESK_DATABASE_URL"] = database_url
    if redis_url:
        env |= {"COMPLAINTDESK_REDIS_URL": redis_url, "COMPLAINTDESK_REDIS_KEY_PREFIX": redis_prefix}
    relayed = database_url is not None  # production mails through a relay; a newcomer's product to a Maildir
    if relayed:
        env |= {"COMPLAINTDESK_MAIL_RELAY_HOST": "127.0.0.1", "COMPLAINTDESK_MAIL_RELAY_PORT": str(platforms.relay_port)}
    serve = ServeProcess(env, tmp_path / "serve.log", http_port)
    return Deployment(serve, data_dir, database_url, http_port, smtp_port, relayed)
