"""The key that signs our Message-IDs: never a published placeholder; when unset, one random key
generated into the data directory that every process of the deployment reads."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from config.errors import ConfigError
from config.settings import Settings, load_settings
from config.thread_secret import FILE_NAME, describe_thread_secret, thread_secret

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("placeholder", ["change-me-thread-secret", " Change-Me-Thread-Secret ", "changeme"])
def test_a_published_placeholder_is_refused_naming_the_variable(settings: Settings, monkeypatch: pytest.MonkeyPatch,
                                                                placeholder: str) -> None:
    monkeypatch.setenv("COMPLAINTDESK_MAIL_THREAD_SECRET", placeholder)
    with pytest.raises(ConfigError, match="COMPLAINTDESK_MAIL_THREAD_SECRET") as error:
        load_settings()
    assert "placeholder" in str(error.value)


def test_the_default_is_no_secret_at_all(settings: Settings) -> None:
    assert settings.mail_thread_secret is None
    assert load_settings(mail_thread_secret="  ").mail_thread_secret is None


def test_unset_a_random_key_is_generated_once_into_the_data_directory(settings: Settings) -> None:
    path = settings.data_dir / FILE_NAME
    assert "generated into" in describe_thread_secret(settings) and not path.exists()  # checking creates nothing
    first = thread_secret(settings)
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first.value) >= 32 and first.value not in repr(first) and str(path) in first.source
    assert thread_secret(settings).value == first.value  # read back, not made anew
    assert describe_thread_secret(settings) == first.source and first.value not in first.source
    other = settings.model_copy(update={"data_dir": settings.data_dir.parent / "elsewhere"})
    assert thread_secret(other).value != first.value
    assert list(settings.data_dir.iterdir()) == [path]  # no temporary file left behind


def test_a_configured_key_is_used_as_it_is_and_nothing_is_written(settings: Settings) -> None:
    configured = settings.model_copy(update={"mail_thread_secret": SecretStr("a-key-of-our-own-4f9c2e7a1b")})
    assert thread_secret(configured).value == "a-key-of-our-own-4f9c2e7a1b"
    assert "COMPLAINTDESK_MAIL_THREAD_SECRET" in thread_secret(configured).source
    assert not (settings.data_dir / FILE_NAME).exists()


def test_processes_starting_together_agree_on_one_key(settings: Settings) -> None:
    script = ("import sys; from pathlib import Path; from config.settings import load_settings; "
              "from config.thread_secret import thread_secret; "
              "print(thread_secret(load_settings(data_dir=Path(sys.argv[1]))).value)")
    processes = [subprocess.Popen([sys.executable, "-c", script, str(settings.data_dir)], cwd=REPO,
                                  stdout=subprocess.PIPE, text=True) for _ in range(6)]
    keys = {process.communicate(timeout=60)[0].strip() for process in processes}
    assert all(process.returncode == 0 for process in processes)
    assert keys == {thread_secret(settings).value}


def test_an_unusable_key_file_is_a_clear_error(settings: Settings) -> None:
    settings.data_dir.mkdir(parents=True)
    (settings.data_dir / FILE_NAME).write_text("\n")
    with pytest.raises(ConfigError, match="COMPLAINTDESK_MAIL_THREAD_SECRET") as error:
        thread_secret(settings)
    assert FILE_NAME in str(error.value)
