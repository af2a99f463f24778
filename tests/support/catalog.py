"""What the product says, from its catalogs: tests assert on the real sentences."""

from __future__ import annotations

from config.catalog import default_catalog


def say(key: str, lang: str, **params: object) -> str:
    """What the catalog makes the bot say (stories assert on the real sentences)."""
    return default_catalog().text(key, lang, **params)
