"""The complaint form's checks, field by field (no web server)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from channels.web.complaint_form import MAX_CHARS, check, required_fields
from channels.web.uploads import clean_filename
from config.policy import Policy, load_policy
from config.settings import SHIPPED_POLICY

TODAY = date(2026, 3, 10)
GOOD = {"description": "The card was charged twice for one order.", "incident_date": "2026-03-05",
        "product": "credit card", "desired_outcome": "a refund of the second charge", "name": "Ann Smith",
        "email": "Ann.Smith@Example.com", "consent": "yes"}


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(SHIPPED_POLICY)


def test_the_policy_s_required_details_an_email_and_consent_are_required(policy: Policy) -> None:
    assert required_fields(policy) == {"description", "incident_date", "product", "desired_outcome", "name", "email",
                                       "consent"}
    relaxed = policy.model_copy(update={"intake": policy.intake.model_copy(update={"required": ["description"]})})
    assert required_fields(relaxed) == {"description", "email", "consent"}


def test_a_complete_form_reads_as_the_dialogue_reads_it(policy: Policy) -> None:
    complaint, problems = check({**GOOD, "phone": "020 7946 0958", "amount": "1 249,50", "currency": "GBP",
                                 "order_number": " A-1234 "}, policy, "en", TODAY)
    assert problems == {} and complaint is not None
    assert complaint.email == "ann.smith@example.com" and complaint.phone == "+442079460958"
    assert complaint.incident_date == date(2026, 3, 5) and complaint.order_number == "A-1234"
    assert (complaint.amount, complaint.currency) == (Decimal("1249.50"), "GBP")
    assert complaint.location is None and complaint.on_behalf_of is None


def test_a_russian_phone_is_read_in_its_region(policy: Policy) -> None:
    complaint, _ = check({**GOOD, "phone": "8 (495) 123-45-67"}, policy, "ru", TODAY)
    assert complaint is not None and complaint.phone == "+74951234567"


def test_every_missing_required_field_is_named(policy: Policy) -> None:
    complaint, problems = check({}, policy, "en", TODAY)
    assert complaint is None
    assert {name: p.key for name, p in problems.items()} == {
        "description": "missing_description", "incident_date": "missing_incident_date", "product": "missing_product",
        "desired_outcome": "missing_desired_outcome", "name": "missing_name", "email": "missing_email",
        "consent": "missing_consent"}
    assert problems["consent"].params == {"email": policy.organisation.contact_email}


@pytest.mark.parametrize(("change", "field", "key"), [
    ({"email": "ann@"}, "email", "invalid_email"),
    ({"email": "ann smith@example.com"}, "email", "invalid_email"),
    ({"phone": "12345"}, "phone", "invalid_phone"),
    ({"incident_date": "2026-02-30"}, "incident_date", "invalid_incident_date"),
    ({"incident_date": "2026-03-11"}, "incident_date", "future_incident_date"),
    ({"description": "bad"}, "description", "short_description"),
    ({"amount": "lots"}, "amount", "invalid_amount"),
    ({"amount": "-5"}, "amount", "invalid_amount"),
    ({"amount": "4.555"}, "amount", "invalid_amount"),
    ({"amount": "45", "currency": "XYZ"}, "currency", "missing_currency"),
    ({"name": "x" * (MAX_CHARS["name"] + 1)}, "name", "too_long"),
    ({"consent": "on"}, "consent", "missing_consent"),
])
def test_a_wrong_value_is_named_with_its_field(policy: Policy, change: dict[str, str], field: str, key: str) -> None:
    complaint, problems = check({**GOOD, **change}, policy, "en", TODAY)
    assert complaint is None and list(problems) == [field] and problems[field].key == key


def test_an_empty_optional_field_is_no_problem_and_no_value(policy: Policy) -> None:
    complaint, problems = check({**GOOD, "phone": " ", "amount": "", "currency": "GBP"}, policy, "en", TODAY)
    assert problems == {} and complaint is not None and complaint.phone is None and complaint.amount is None


@pytest.mark.parametrize(("raw", "clean"), [
    ("receipt.pdf", "receipt.pdf"), ("C:\\Users\\ann\\photo 1.jpg", "photo 1.jpg"), ("../../etc/passwd", "passwd"),
    ("a\x00b\nc.txt", "abc.txt"), ("", "file"), ("x" * 300, "x" * 200),
])
def test_a_file_s_name_keeps_no_path_or_control_characters(raw: str, clean: str) -> None:
    assert clean_filename(raw) == clean
