from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from config.errors import ConfigError
from config.policy import load_policy
from config.settings import SHIPPED_POLICY


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_policy_is_valid() -> None:
    policy = load_policy(SHIPPED_POLICY)
    assert policy.priorities_by_rank()[0] == "critical"
    assert set(policy.commitments) == {"en", "ru"}
    assert policy.category_name("billing", "ru") == "Счета и платежи"


@pytest.mark.parametrize(("old", "new", "says"), [
    ('timezone = "Europe/London"', 'timezone = "Mars/Olympus"', "business_hours.timezone"),
    ('acknowledge = "1h"', 'acknowledge = "soon"', "'4h' (business hours) or '5d'"),
    ('working_days = ["mon", "tue", "wed", "thu", "fri"]', 'working_days = ["mon", "funday"]', "must be one of"),
    ('severity = 2', 'severity = 7', "less than or equal to 3"),
    ('start = "09:00"', 'start = "18:00"', "start must be before"),
])
def test_a_bad_value_names_the_key(tmp_path: Path, old: str, new: str, says: str) -> None:
    text = SHIPPED_POLICY.read_text(encoding="utf-8").replace(old, new, 1)
    with pytest.raises(ConfigError) as error:
        load_policy(_write(tmp_path, text))
    assert says in str(error.value)


def test_missing_file_and_broken_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_policy(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_policy(_write(tmp_path, "[organisation\nname="))


def test_categories_must_include_other(tmp_path: Path) -> None:
    raw = tomllib.loads(SHIPPED_POLICY.read_text(encoding="utf-8"))
    text = SHIPPED_POLICY.read_text(encoding="utf-8").replace("[categories.other]", "[categories.misc]")
    assert "other" in raw["categories"]
    with pytest.raises(ConfigError, match="categories must include 'other'"):
        load_policy(_write(tmp_path, text))


def test_urgency_signals_select_the_category_that_declares_them() -> None:
    policy = load_policy(SHIPPED_POLICY)
    assert policy.category_name("health_safety", "ru") == "Здоровье и безопасность"
    assert policy.signalled_category({"strong_anger", "health"}) == "health_safety"
    assert policy.signalled_category({"legal_threat"}) is None
    assert policy.category_for("delivery", {"safety"}) == "health_safety"
    assert policy.category_for("delivery", set()) == "delivery"


def test_a_category_signal_must_be_a_known_signal(tmp_path: Path) -> None:
    text = SHIPPED_POLICY.read_text(encoding="utf-8").replace('signals = ["safety", "health"]', 'signals = ["safety", "fire"]')
    with pytest.raises(ConfigError, match="categories.health_safety.signals names unknown signals"):
        load_policy(_write(tmp_path, text))


@pytest.mark.parametrize(("old", "new", "says"), [
    ('handling_category = "complaint_handling"', 'handling_category = "grumbles"', "reopening.handling_category 'grumbles'"),
    ("window_days = 30", "window_days = -1", "reopening.window_days"),
    ('process = { names = { en = "Process failure"', 'process = { title = { en = "Process failure"', "investigation.root_causes.process"),
])
def test_a_broken_reopening_or_investigation_list_names_the_key(tmp_path: Path, old: str, new: str, says: str) -> None:
    text = SHIPPED_POLICY.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(ConfigError) as error:
        load_policy(_write(tmp_path, text.replace(old, new, 1)))
    assert says in str(error.value)


def test_the_handling_category_is_never_chosen_by_nlu() -> None:
    policy = load_policy(SHIPPED_POLICY)
    assert policy.handling_category == "complaint_handling"
    assert "complaint_handling" in policy.categories and "complaint_handling" not in policy.classified_categories
    assert policy.investigation.root_causes["staff_error"].name("ru", "staff_error") == "Ошибка сотрудника"
