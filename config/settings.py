"""Process settings from ``COMPLAINTDESK_*`` environment variables and ``.env``."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from config.errors import ConfigError

SHIPPED_POLICY = Path(__file__).with_name("policy.toml")
# Thread secrets published in this project's documentation and its earlier defaults: anyone could
# sign Message-IDs with them (config.thread_secret).
PLACEHOLDER_SECRETS = frozenset({"change-me-thread-secret", "change-me", "changeme", "secret"})


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="COMPLAINTDESK_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    data_dir: Path = Path("data")
    database_url: str | None = None
    # Connections each process (and its email worker process) keeps open to PostgreSQL; as many
    # more are opened at a peak and closed after it. Several processes on one database: see
    # docs/operations.md, "Sizing".
    database_pool_size: int = Field(20, ge=1, le=500)
    redis_url: str | None = None
    redis_key_prefix: str = Field("complaintdesk", pattern=r"^[A-Za-z0-9_.:-]+$")  # deployments sharing a Redis
    policy_file: Path = SHIPPED_POLICY
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    http_host: str = "127.0.0.1"
    http_port: int = Field(8080, ge=0, le=65535)

    # Where people reach the web pages (channels.web): links in mail and the pages' own addresses.
    web_base_url: str = "http://127.0.0.1:8080"

    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(8025, ge=0, le=65535)
    smtp_hostname: str = "complaintdesk.localhost"
    smtp_addresses: str = "complaints@complaintdesk.localhost"
    smtp_max_message_bytes: int = Field(10 * 1024 * 1024, ge=1024)
    smtp_tls_cert: Path | None = None
    smtp_tls_key: Path | None = None
    smtp_enabled: bool = True
    smtp_max_messages_per_sender_per_hour: int = Field(60, ge=1)
    smtp_max_messages_per_ip_per_minute: int = Field(120, ge=1)
    # Parse, understand and answer stored mail in a child process (a CPU core of its own) instead
    # of the serving process: channels.email.inbound.worker_process.
    smtp_worker_process: bool = True
    mail_relay_host: str | None = None
    mail_relay_port: int = Field(25, ge=1, le=65535)
    mail_relay_tls: Literal["none", "starttls", "implicit"] = "none"
    mail_relay_username: str | None = None
    mail_relay_password: SecretStr | None = None
    mail_relay_ca_file: Path | None = None  # a CA bundle to trust for the relay's TLS certificate
    mail_from: str = "complaints@complaintdesk.localhost"
    mail_message_id_domain: str = "complaintdesk.localhost"
    mail_thread_secret: SecretStr | None = None  # None: generated into the data directory (config.thread_secret)
    # The authserv-id our own MTA writes in Authentication-Results (RFC 8601): its topmost header
    # may prove an email's sender (channels.email.inbound.proof). Unset: only replies to our mail prove one.
    mail_trusted_authserv_id: str | None = None

    telegram_token: SecretStr | None = None
    telegram_api_base: str = "https://api.telegram.org"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_api_base: str = "https://slack.com/api/"
    slack_triage_channel: str | None = None
    slack_agents_usergroup: str | None = None
    slack_app_token: SecretStr | None = None
    slack_reply_prefix: str = "reply:"
    # Understand and answer complainants' DMs (and agents' thread replies) in a child process (a CPU
    # core of its own) instead of the serving process, which verifies, journals and acknowledges
    # Slack's requests and handles agents' actions: channels.slack.worker_process. Off by default:
    # on the two-core benchmark machine it did not raise the DM rate and cost more CPU per DM
    # (docs/benchmarks.md, "Slack").
    slack_worker_process: bool = False

    # Names this process in the claims it takes on stored deliveries (see channels.inbound): after a
    # restart under the same name it takes its own leftovers at once, where another process waits
    # for their claim to run out. Default: host name and HTTP port.
    instance_name: str | None = Field(None, min_length=1, max_length=100)
    # Processing one stored delivery (an email, an update, an event): its time limit, and how many
    # attempts (crashes and transient failures included) before it is set aside and agents are told.
    inbound_timeout_seconds: float = Field(30.0, gt=0, le=3600)
    inbound_max_attempts: int = Field(3, ge=1, le=20)
    # How much of one message NLU and the dialogue read (its first characters); the whole message is
    # still stored on the case. Every step is linear, this bounds how long one message can take.
    nlu_max_chars: int = Field(5000, ge=500, le=100_000)

    outbox_max_attempts: int = Field(6, ge=1, le=50)
    outbox_base_delay_seconds: float = Field(5.0, gt=0)
    outbox_poll_seconds: float = Field(1.0, gt=0)
    # How long a notification being delivered stays claimed by its process: when that process dies,
    # another one sharing the database delivers it after this (a restart under the same instance
    # name takes its own at once). Longer than any one delivery takes.
    outbox_lease_seconds: float = Field(120.0, ge=5, le=3600)

    @field_validator("database_url", "redis_url", "telegram_webhook_url", "slack_triage_channel",
                     "mail_trusted_authserv_id", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("web_base_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise ValueError("the address people open the web pages at, e.g. https://complaints.example.com")
        return value.strip().rstrip("/")

    @field_validator("mail_thread_secret", mode="before")
    @classmethod
    def _no_published_secret(cls, value: object) -> object:
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        if isinstance(text, str) and not text.strip():
            return None
        if isinstance(text, str) and text.strip().lower() in PLACEHOLDER_SECRETS:
            raise ValueError("a published placeholder, which anyone can sign our Message-IDs with: set a random key "
                             "of your own, or leave it unset to have one generated into the data directory")
        return value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'complaintdesk.sqlite3').resolve()}"

    @property
    def instance(self) -> str:
        return self.instance_name or f"{socket.gethostname()}:{self.http_port}"

    @property
    def complaint_addresses(self) -> tuple[str, ...]:
        return tuple(a.strip().lower() for a in self.smtp_addresses.split(",") if a.strip())


def describe_validation_error(error: ValidationError) -> str:
    """One clear line per wrong value: the environment variable, what was given, what is allowed."""
    lines = []
    for item in error.errors():
        key = "COMPLAINTDESK_" + "_".join(str(p) for p in item["loc"]).upper()
        given = item.get("input")
        lines.append(f"{key}={given!r}: {item['msg']}")
    return "; ".join(lines)


def load_settings(**overrides: Any) -> Settings:
    """Read settings from the environment; a bad value raises ConfigError naming the key."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise ConfigError(describe_validation_error(error)) from None
