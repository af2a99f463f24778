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
    ("due_soon_hours = 4 ", "due_soon_hours = -1 ", "timers.due_soon_hours"),
    ('holidays_country = "GB"', 'holidays_country = "Narnia"', "not a country the holidays package knows"),
    ('holidays_subdivision = "ENG"', 'holidays_subdivision = "Mordor"', "business_hours.holidays_subdivision"),
    ("awaiting_complainant_close_days = 10", 'awaiting_complainant_close_days = "ten"', "timers.awaiting_complainant_close_days"),
    ("pause_while_awaiting_complainant = true", 'pause_while_awaiting_complainant = "sometimes"', "timers.pause_while_awaiting_complainant"),
    ('{ level = 1, name = { en = "Team lead", ru = "Руководитель группы" }, resolution = "5d" }', '{ level = 1, name = "Team lead", resolution = "a week" }',
     "'4h' (business hours) or '5d'"),
    ('{ level = 1, name = { en = "Team lead", ru = "Руководитель группы" }, resolution = "5d" }', '{ level = 1, name = "Team lead", slack_group = "team leads" }',
     "escalation.levels.0.slack_group"),
    ('{ level = 1, name = { en = "Team lead", ru = "Руководитель группы" }, resolution = "5d" }', '{ level = 1, name = "Team lead", agents = ["Ann Lee"] }',
     "agent ids are single words"),
    ('{ level = 2, name = { en = "Complaints manager", ru = "Менеджер по жалобам" }, resolution = "5d" }', '{ level = 1, name = "Complaints manager" }',
     "distinct numbers"),
])
def test_a_bad_timers_or_escalation_value_names_the_key(tmp_path: Path, old: str, new: str, says: str) -> None:
    text = SHIPPED_POLICY.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(ConfigError) as error:
        load_policy(_write(tmp_path, text.replace(old, new, 1)))
    assert says in str(error.value)


@pytest.mark.parametrize(("old", "new", "says"), [
    ('handling_category = "complaint_handling"', 'handling_category = "grumbles"', "reopening.handling_category 'grumbles'"),
    ("window_days = 30", "window_days = -1", "reopening.window_days"),
    ('not_asked = { product = ["staff_conduct", "privacy"] }', 'not_asked = { product = ["rudeness"] }',
     "intake.not_asked.product names unknown categories ['rudeness']"),
    ('not_asked = { product = ["staff_conduct", "privacy"] }', 'not_asked = { name = ["staff_conduct"] }',
     "slots ['name'] cannot be left unasked"),
    ('process = { names = { en = "Process failure"', 'process = { title = { en = "Process failure"', "investigation.root_causes.process"),
])
def test_a_broken_reopening_or_investigation_list_names_the_key(tmp_path: Path, old: str, new: str, says: str) -> None:
    text = SHIPPED_POLICY.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(ConfigError) as error:
        load_policy(_write(tmp_path, text.replace(old, new, 1)))
    assert says in str(error.value)


def test_policy_names_have_a_form_per_language_and_old_plain_strings_still_work(tmp_path: Path) -> None:
    policy = load_policy(SHIPPED_POLICY)
    assert policy.level_name(1, "ru") == "Руководитель группы" and policy.level_name(1, "en") == "Team lead"
    assert policy.external_body("ru") == "Независимая служба омбудсмена"
    assert policy.external_body("de") == "the Independent Ombudsman Service", "another language reads the default"
    assert policy.level_name(9, "en") == "9"
    text = SHIPPED_POLICY.read_text(encoding="utf-8")
    text = text.replace('{ level = 1, name = { en = "Team lead", ru = "Руководитель группы" }, resolution = "5d" }',
                        '{ level = 1, name = "Team lead" }')
    text = text.replace('external_resolution_body = { en = "the Independent Ombudsman Service", '
                        'ru = "Независимая служба омбудсмена" }', 'external_resolution_body = "the Financial Ombudsman"')
    old = load_policy(_write(tmp_path, text))
    assert old.level_name(1, "ru") == "Team lead" and old.external_body("ru") == "the Financial Ombudsman"


@pytest.mark.parametrize(("old", "new", "says"), [
    ('name = { en = "Team lead", ru = "Руководитель группы" }', 'name = { en = "Team lead", de = "Teamleiter" }',
     "escalation.levels.0.name"),
    ('name = { en = "Team lead", ru = "Руководитель группы" }', 'name = { en = "", ru = "" }',
     'give a text per language, e.g. { en = "...", ru = "..." }, or one plain string'),
    ('name = { en = "Team lead", ru = "Руководитель группы" }', 'name = 7', "escalation.levels.0.name: Value error, give a text per language"),
    ('external_time_limit_months = 6', 'external_time_limit_months = 0', "dispute.external_time_limit_months"),
    ('offer_business_days = 10', 'offer_business_days = "ten"', "dispute.offer_business_days"),
    ('external_contact = { en = "www.ombudsman.example, 0800 123 4567", ru = "www.ombudsman.example, 8 800 123-45-67" }',
     'external_contact = []', "dispute.external_contact"),
])
def test_a_broken_dispute_value_names_the_key(tmp_path: Path, old: str, new: str, says: str) -> None:
    text = SHIPPED_POLICY.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(ConfigError) as error:
        load_policy(_write(tmp_path, text.replace(old, new, 1)))
    assert says in str(error.value)


def test_escalation_levels_name_their_people_and_targets(tmp_path: Path) -> None:
    text = SHIPPED_POLICY.read_text(encoding="utf-8").replace(
        '{ level = 1, name = { en = "Team lead", ru = "Руководитель группы" }, resolution = "5d" }',
        '{ level = 1, name = "Team lead", slack_group = "S0TEAMLEAD", agents = ["U0LEAD1"], first_response = "4h", resolution = "3d" }')
    level = load_policy(_write(tmp_path, text)).escalation.at(1)
    assert level is not None and level.slack_group == "S0TEAMLEAD" and level.agents == ["U0LEAD1"]
    assert level.first_response is not None and (level.first_response.amount, level.first_response.unit) == (4, "h")
    assert load_policy(SHIPPED_POLICY).escalation.at(0) is None


def test_the_handling_category_is_never_chosen_by_nlu() -> None:
    policy = load_policy(SHIPPED_POLICY)
    assert policy.handling_category == "complaint_handling"
    assert "complaint_handling" in policy.categories and "complaint_handling" not in policy.classified_categories
    assert policy.investigation.root_causes["staff_error"].name("ru", "staff_error") == "Ошибка сотрудника"


@pytest.mark.parametrize(("old", "new", "says"), [
    ("form_per_hour = 10", "form_per_hour = 0", "web.form_per_hour"),
    ("link_requests_per_hour = 5", 'link_requests_per_hour = "many"', "web.link_requests_per_hour"),
    ("link_ttl_minutes = 60", "link_ttl_minutes = 1", "web.link_ttl_minutes"),
    ("session_minutes = 60", "session_minutes = 0", "web.session_minutes"),
    ("link_ttl_minutes = 60", "link_ttl_minutes = 60\nlinks = 3", "web.links"),
    ("max_attachments = 5", "max_attachments = -1", "web.max_attachments"),
])
def test_a_broken_web_limit_names_the_key(tmp_path: Path, old: str, new: str, says: str) -> None:
    text = SHIPPED_POLICY.read_text(encoding="utf-8").replace(old, new, 1)
    with pytest.raises(ConfigError) as error:
        load_policy(_write(tmp_path, text))
    assert says in str(error.value)


def test_the_web_limits_default_when_the_section_is_absent(tmp_path: Path) -> None:
    text = SHIPPED_POLICY.read_text(encoding="utf-8")
    start = text.index("[web]")
    without = text[:start] + text[text.index("[retention]"):]
    assert load_policy(_write(tmp_path, without)).web.link_ttl_minutes == 60
    assert load_policy(SHIPPED_POLICY).web.form_per_hour == 10
