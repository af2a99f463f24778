"""The key that signs our email Message-IDs (``channels.email.msgids``). Whoever knows it can forge
our Message-IDs: pass as a reply to our mail, or make a "bounce" of any notification. So no
deployment runs on a key anyone knows: the published placeholder is refused (``config.settings``),
and when ``COMPLAINTDESK_MAIL_THREAD_SECRET`` is unset a random key is generated once into the
data directory, where every process of the deployment (``serve``, its email worker process, a
second ``serve`` on the same directory) finds the same one."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from config.errors import ConfigError
from config.settings import Settings

VARIABLE = "COMPLAINTDESK_MAIL_THREAD_SECRET"
FILE_NAME = "mail-thread-secret"
_KEY_BYTES = 32
_MIN_LENGTH = 16


@dataclass(frozen=True, slots=True)
class ThreadSecret:
    value: str = field(repr=False)
    source: str  # where the key comes from, for ``complaintdesk config check``; never the key


def secret_file(settings: Settings) -> Path:
    return settings.data_dir / FILE_NAME


def thread_secret(settings: Settings) -> ThreadSecret:
    """The configured key, else the data directory's generated one (made now if there is none).

    :raises ConfigError: the key file cannot be read or written, or holds no usable key
    """
    configured = settings.mail_thread_secret
    if configured is not None:
        return ThreadSecret(configured.get_secret_value(), f"set in {VARIABLE}")
    path = secret_file(settings)
    try:
        value = _read(path)
    except FileNotFoundError:
        value = _create(path)
    return ThreadSecret(value, f"generated, kept in {path}")


def describe_thread_secret(settings: Settings) -> str:
    """Where the key comes from, without making one."""
    path = secret_file(settings)
    if settings.mail_thread_secret is None and not path.exists():
        return f"{VARIABLE} is unset: a random key is generated into {path} on first start"
    return thread_secret(settings).source


def _read(path: Path) -> str:
    try:
        value = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read the Message-ID signing key {path} ({error}); "
                          f"fix its permissions or set {VARIABLE}") from None
    if len(value) < _MIN_LENGTH:
        raise ConfigError(f"{path} holds no usable Message-ID signing key; remove the file to have a new one "
                          f"generated, or set {VARIABLE}")
    return value


def _create(path: Path) -> str:
    """Write a new key under a name of its own, then link it into place: the link makes the file
    whole or fails because another process was first, whose key is then read. Readable by the
    owner only (0600)."""
    value = secrets.token_urlsafe(_KEY_BYTES)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(value + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return _read(path)
    except OSError as error:
        raise ConfigError(f"cannot create the Message-ID signing key {path} ({error}); "
                          f"make the data directory writable or set {VARIABLE}") from None
    finally:
        temporary.unlink(missing_ok=True)
    return value
