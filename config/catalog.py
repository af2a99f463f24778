"""Message catalogs: every sentence a person reads comes from here, in English or Russian.

Catalog files live in ``config/catalogs/<lang>/*.toml`` (one file per area, merged; a key defined
twice is an error). A plain entry is a string with ``{name}`` placeholders; a plural entry is a
table of CLDR plural forms (``one``, ``few``, ``many``, ``other``) chosen with Babel's rules, so
Russian reads "1 рабочий день", "2 рабочих дня", "5 рабочих дней".
"""

from __future__ import annotations

import string
import tomllib
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.numbers import format_currency as babel_format_currency
from babel.numbers import format_decimal, get_currency_symbol

from config.errors import ConfigError

CATALOG_DIR = Path(__file__).with_name("catalogs")
LANGUAGES = ("en", "ru")
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")
_FORMATTER = string.Formatter()


def _load_language(directory: Path) -> dict[str, str | dict[str, str]]:
    merged: dict[str, str | dict[str, str]] = {}
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for key, value in _flatten(data):
            if key in merged:
                raise ConfigError(f"catalog key {key!r} is defined twice ({path})")
            merged[key] = value
    return merged


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, str | dict[str, str]]]:
    items: list[tuple[str, str | dict[str, str]]] = []
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict) and value and set(value) <= set(PLURAL_FORMS):
            items.append((full, value))
        elif isinstance(value, dict):
            items.extend(_flatten(value, full + "."))
        else:
            items.append((full, str(value)))
    return items


class MessageCatalog:
    """Looks up and formats user-facing text."""

    def __init__(self, directory: Path = CATALOG_DIR) -> None:
        self._entries = {lang: _load_language(directory / lang) for lang in LANGUAGES}
        self._locales = {lang: Locale.parse(lang) for lang in LANGUAGES}
        # the "d MMMM y" dates written from the locale's month names (babel parses and walks the
        # pattern per call: a fifth of a status answer); tests/config compare the two
        self._months = {lang: dict(locale.months["format"]["wide"]) for lang, locale in self._locales.items()}

    def keys(self, lang: str) -> set[str]:
        return set(self._entries[lang])

    def has(self, key: str, lang: str = "en") -> bool:
        return key in self._entries[self._lang(lang)]

    def raw(self, key: str, lang: str) -> str | dict[str, str]:
        return self._entries[self._lang(lang)][key]

    def text(self, key: str, lang: str, /, **params: object) -> str:
        """The sentence ``key`` in ``lang`` with ``params`` filled in.

        :param key: dotted catalog key, e.g. ``"ack.received"``
        :param lang: ``"en"`` or ``"ru"``; anything else falls back to English
        """
        entry = self._entries[self._lang(lang)].get(key)
        if entry is None:
            raise KeyError(f"catalog has no {key!r} for {lang!r}")
        if isinstance(entry, dict):
            count = params.get("count", params.get("n"))
            if not isinstance(count, (int, float)):
                raise KeyError(f"catalog entry {key!r} is a plural and needs count=")
            entry = entry.get(self.plural_form(count, lang)) or entry["other"]
        return _FORMATTER.vformat(entry, (), params) if params else entry

    def plural(self, key: str, count: int | float, lang: str) -> str:
        return self.text(key, lang, count=_number(count))

    def plural_form(self, count: int | float, lang: str) -> str:
        return self._locales[self._lang(lang)].plural_form(count)

    def format_datetime(self, value: datetime, lang: str, zone: ZoneInfo | None = None) -> str:
        """A date and time as people of ``lang`` write it, in ``zone``."""
        local = value.astimezone(zone) if zone else value
        return f"{self.format_date(local, lang)}, {local.hour:02d}:{local.minute:02d}"

    def format_date(self, value: date, lang: str) -> str:
        """A date as "d MMMM y" writes it in ``lang``: "5 March 2026", «5 марта 2026»."""
        return f"{value.day} {self._months[self._lang(lang)][value.month]} {value.year}"

    def format_money(self, amount: Decimal, currency: str, lang: str) -> str:
        """An amount as people of ``lang`` write it: "£45.50", "£649", «45 000 ₽», «45,50 ₽»; pence
        and kopecks only when there are some."""
        locale = self._locales[self._lang(lang)]
        whole = amount == amount.to_integral_value()
        if get_currency_symbol(currency, locale) == currency:  # no sign in this language: "45,000 RUB"
            return f"{format_decimal(amount, '#,##0' if whole else '#,##0.00', locale=locale)}\u00a0{currency}"
        pattern = locale.currency_formats["standard"].pattern
        return babel_format_currency(amount, currency, format=pattern.replace(".00", "") if whole else pattern,
                                     locale=locale, currency_digits=False)

    @staticmethod
    def _lang(lang: str | None) -> str:
        return lang if lang in LANGUAGES else "en"


def _number(count: int | float) -> int | float:
    return int(count) if float(count).is_integer() else count


@lru_cache(maxsize=1)
def default_catalog() -> MessageCatalog:
    return MessageCatalog()
