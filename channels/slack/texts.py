"""The Slack channel's sentences, from the ``slack`` area of the message catalogs."""

from __future__ import annotations

from config.catalog import default_catalog


def t(key: str, lang: str, /, **params: object) -> str:
    return default_catalog().text(f"slack.{key}", lang, **params)


def has(key: str, lang: str) -> bool:
    return default_catalog().has(f"slack.{key}", lang)


def language_of_locale(locale: str | None) -> str:
    """``ru-RU`` -> ``ru``; anything the catalogs do not have -> ``en``."""
    code = (locale or "en").split("-")[0].split("_")[0].lower()
    return code if code in ("en", "ru") else "en"
