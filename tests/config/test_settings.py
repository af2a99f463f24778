from __future__ import annotations

from pathlib import Path

import pytest

from channels.slack.plugin import SlackPlugin
from channels.telegram.plugin import TelegramPlugin
from config.errors import ConfigError
from config.settings import Settings, load_settings


def test_defaults_are_the_embedded_ones(settings: Settings) -> None:
    assert settings.effective_database_url.startswith("sqlite+aiosqlite:///")
    assert settings.redis_url is None
    assert TelegramPlugin().not_configured_reason(settings) is not None  # the channels start only when set up
    assert SlackPlugin().not_configured_reason(settings) is not None


def test_environment_overrides(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTDESK_HTTP_PORT", "9090")
    monkeypatch.setenv("COMPLAINTDESK_REDIS_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("COMPLAINTDESK_TELEGRAM_TOKEN", "123:abc")
    loaded = load_settings()
    assert loaded.http_port == 9090 and loaded.redis_url == "redis://127.0.0.1:6379/3"
    assert TelegramPlugin().not_configured_reason(loaded) is None


def test_the_analysed_part_of_a_message_is_a_setting(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings.nlu_max_chars == 5000
    monkeypatch.setenv("COMPLAINTDESK_NLU_MAX_CHARS", "20000")
    assert load_settings().nlu_max_chars == 20000


def test_the_web_pages_address_defaults_to_the_local_web_app(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings.web_base_url == "http://127.0.0.1:8080"
    monkeypatch.setenv("COMPLAINTDESK_WEB_BASE_URL", "https://complaints.example.com/desk/")
    assert load_settings().web_base_url == "https://complaints.example.com/desk"


def test_dotenv_file_is_read(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("COMPLAINTDESK_SMTP_PORT=2525\n")
    assert load_settings().smtp_port == 2525


@pytest.mark.parametrize(("name", "value", "says"), [
    ("COMPLAINTDESK_HTTP_PORT", "eighty", "COMPLAINTDESK_HTTP_PORT='eighty'"),
    ("COMPLAINTDESK_HTTP_PORT", "70000", "less than or equal to 65535"),
    ("COMPLAINTDESK_LOG_LEVEL", "LOUD", "'DEBUG', 'INFO', 'WARNING' or 'ERROR'"),
    ("COMPLAINTDESK_MAIL_RELAY_TLS", "maybe", "'none', 'starttls' or 'implicit'"),
    ("COMPLAINTDESK_SMTP_WORKER_PROCESS", "sometimes", "valid boolean"),
    ("COMPLAINTDESK_SLACK_WORKER_PROCESS", "sometimes", "valid boolean"),
    ("COMPLAINTDESK_REDIS_KEY_PREFIX", "two words", "should match pattern"),
    ("COMPLAINTDESK_NLU_MAX_CHARS", "100", "greater than or equal to 500"),
    ("COMPLAINTDESK_DATABASE_POOL_SIZE", "0", "greater than or equal to 1"),
    ("COMPLAINTDESK_DATABASE_POOL_SIZE", "twenty", "COMPLAINTDESK_DATABASE_POOL_SIZE='twenty'"),
    ("COMPLAINTDESK_WEB_BASE_URL", "complaints.example.com", "the address people open the web pages at"),
    ("COMPLAINTDESK_WEB_BASE_URL", "https://example.com/?a=1", "the address people open the web pages at"),
])
def test_a_bad_value_names_the_key_and_what_is_allowed(settings: Settings, monkeypatch: pytest.MonkeyPatch,
                                                       name: str, value: str, says: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert name in str(error.value) and says in str(error.value)


def test_blank_optional_values_count_as_unset(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTDESK_DATABASE_URL", "  ")
    assert load_settings().database_url is None
