from __future__ import annotations

import string
from decimal import Decimal

import pytest

from config.catalog import LANGUAGES, MessageCatalog, default_catalog


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_key() -> None:
    catalog = default_catalog()
    english = catalog.keys("en")
    for lang in LANGUAGES:
        assert catalog.keys(lang) == english, f"{lang} differs: {catalog.keys(lang) ^ english}"


def test_translations_use_the_same_placeholders() -> None:
    catalog = default_catalog()
    for key in catalog.keys("en"):
        en, ru = catalog.raw(key, "en"), catalog.raw(key, "ru")
        en_fields = set().union(*(_fields(v) for v in en.values())) if isinstance(en, dict) else _fields(en)
        ru_fields = set().union(*(_fields(v) for v in ru.values())) if isinstance(ru, dict) else _fields(ru)
        assert en_fields == ru_fields, key


def test_russian_plurals_have_every_form() -> None:
    catalog = default_catalog()
    for key in catalog.keys("ru"):
        entry = catalog.raw(key, "ru")
        if isinstance(entry, dict):
            assert {"one", "few", "many", "other"} <= set(entry), key


@pytest.mark.parametrize(("count", "expected"), [
    (1, "1 рабочий день"), (2, "2 рабочих дня"), (4, "4 рабочих дня"), (5, "5 рабочих дней"),
    (11, "11 рабочих дней"), (21, "21 рабочий день"), (22, "22 рабочих дня"), (111, "111 рабочих дней"),
    (1.5, "1.5 рабочего дня"),
])
def test_russian_plural_forms(count: float, expected: str) -> None:
    assert default_catalog().plural("units.business_days", count, "ru") == expected


def test_english_plural_and_fallback_language() -> None:
    catalog = default_catalog()
    assert catalog.plural("units.business_days", 1, "en") == "1 business day"
    assert catalog.plural("units.business_days", 10, "de") == "10 business days"


def test_dates_in_the_reader_s_language() -> None:
    from datetime import datetime, timezone

    moment = datetime(2026, 3, 5, 14, 30, tzinfo=timezone.utc)
    catalog = default_catalog()
    assert catalog.format_datetime(moment, "ru") == "5 марта 2026, 14:30"
    assert catalog.format_datetime(moment, "en") == "5 March 2026, 14:30"


def test_dates_are_written_as_babel_writes_the_pattern() -> None:
    """The catalog writes "d MMMM y" and "d MMMM y, HH:mm" from the locale's month names: the
    same text babel's pattern formatting gives, every day of two years, at every hour, in each language."""
    from datetime import date, datetime, timedelta
    from zoneinfo import ZoneInfo

    from babel import Locale
    from babel.dates import format_date, format_datetime

    catalog = default_catalog()
    zone = ZoneInfo("Europe/Moscow")
    for lang in (*LANGUAGES, "de"):
        locale = Locale.parse(lang if lang in LANGUAGES else "en")
        for offset in range(0, 731):
            day = date(2025, 1, 1) + timedelta(days=offset)
            assert catalog.format_date(day, lang) == format_date(day, "d MMMM y", locale=locale)
            moment = datetime(day.year, day.month, day.day, offset % 24, offset % 60, tzinfo=ZoneInfo("UTC"))
            assert catalog.format_datetime(moment, lang, zone) == format_datetime(
                moment.astimezone(zone), "d MMMM y, HH:mm", locale=locale)


@pytest.mark.parametrize(("amount", "currency", "lang", "expected"), [
    ("45.50", "GBP", "en", "£45.50"), ("649", "GBP", "en", "£649"), ("45000", "GBP", "en", "£45,000"),
    ("45000", "RUB", "ru", "45\u00a0000\u00a0₽"), ("45.5", "RUB", "ru", "45,50\u00a0₽"), ("120", "EUR", "ru", "120\u00a0€"),
    ("5000", "RUB", "en", "5,000\u00a0RUB"),  # no rouble sign in English: the code, after the number
])
def test_money_in_the_reader_s_language(amount: str, currency: str, lang: str, expected: str) -> None:
    assert default_catalog().format_money(Decimal(amount), currency, lang) == expected


def test_duplicate_key_across_files_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for lang in LANGUAGES:
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "a.toml").write_text('[x]\ny = "1"\n')
        (tmp_path / lang / "b.toml").write_text('[x]\ny = "2"\n')
    from config.errors import ConfigError

    with pytest.raises(ConfigError, match="defined twice"):
        MessageCatalog(tmp_path)
