"""Agents' records, on SQLite and PostgreSQL: a complaint registered from a phone call, a letter or
a visit; the investigation record feeding the figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.actors import Actor
from core.audit import verify_all
from core.commands import ComplaintSubmission, Identity
from core.errors import AccessDenied, ValidationFailed
from core.investigation import InvestigationInput, parse_amount
from core.registration import Registration
from core.runtime import Core
from core.status import CaseStatus

AGENT = Actor.agent("U_AGENT")


def _complainant_rows(kinds: list[tuple[str, str]]) -> list[str]:
    return [kind for channel, kind in kinds if channel != "agents"]


async def _sent(core: Core, ref: str) -> list[tuple[str, str]]:
    return [(n.channel, n.kind) for n in await core.queries.notifications(reference_text=ref)]


async def test_a_phone_complaint_with_an_email_is_acknowledged_there(core: Core) -> None:
    submitted = await core.service.register_complaint(Registration(
        received_via="phone", description="The engineer never came on Monday.", name="Olga Petrova",
        email="Olga@Example.com", phone="+44 20 7946 0000", language="ru", product="broadband",
        incident_date=date(2026, 11, 23)), AGENT)

    details = await core.queries.details(submitted.reference, AGENT)
    assert details.received_via == "phone" and details.channel == "email"
    assert details.reply_address == "olga@example.com" and details.language == "ru"
    assert details.complainant_phone == "+44 20 7946 0000"
    assert ("email", "acknowledgement") in await _sent(core, submitted.reference)
    await core.service.assign(submitted.reference, AGENT, AGENT.id)
    assert ("email", "status_changed") in await _sent(core, submitted.reference)
    received = next(e for e in await core.queries.timeline(submitted.reference, AGENT) if e.kind == "received")
    assert received.data["received_via"] == "phone" and received.data["registered_by"] == AGENT.id
    assert (await core.queries.figures()).by_channel == {"phone": 1}


async def test_a_letter_without_an_address_writes_to_no_one(core: Core) -> None:
    submitted = await core.service.register_complaint(Registration(
        received_via="letter", description="Your branch refused my cheque."), AGENT)
    await core.service.assign(submitted.reference, AGENT, AGENT.id)
    await core.service.respond(submitted.reference, AGENT, "We apologise; the cheque is accepted.")

    details = await core.queries.details(submitted.reference, AGENT)
    assert details.channel == "letter" and details.received_via == "letter"
    assert _complainant_rows(await _sent(core, submitted.reference)) == []


@pytest.mark.parametrize(("change", "says"), [
    ({"received_via": "fax"}, "phone, letter, in_person"),
    ({"description": "  "}, "description"),
    ({"email": "not-an-address"}, "e-mail"),
    ({"language": "de"}, "language"),
    ({"category": "weather"}, "category"),
])
async def test_a_bad_registration_is_refused_with_the_field_named(core: Core, change: dict, says: str) -> None:
    values = {"received_via": "in_person", "description": "Rude staff at the desk"} | change
    with pytest.raises(ValidationFailed, match=says):
        await core.service.register_complaint(Registration(**values), AGENT)
    assert await core.queries.count(__import__("core.case_filter", fromlist=["CaseFilter"]).CaseFilter()) == 0


async def test_only_an_agent_registers(core: Core) -> None:
    with pytest.raises(AccessDenied):
        await core.service.register_complaint(Registration("phone", "x"), Actor.complainant("c"))


async def test_the_investigation_record_is_kept_audited_and_counted(core: Core) -> None:
    ref = (await core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("telegram", "1"), description="Charged twice", category="billing"))).reference
    await core.service.record_investigation(ref, AGENT, InvestigationInput(
        findings="The payment gateway retried a timed-out charge.", root_cause="system_fault"))
    await core.service.record_investigation(ref, AGENT, InvestigationInput(
        corrective_action="Retries now check for an earlier success.", redress_kind="refund",
        redress_amount=parse_amount("49,90"), redress_currency="GBP"))

    record = (await core.queries.details(ref, AGENT)).investigation
    assert record is not None and record.findings == "The payment gateway retried a timed-out charge."
    assert record.root_cause == "system_fault" and record.redress_kind == "refund"
    assert record.redress_amount == Decimal("49.90") and record.redress_currency == "GBP"
    figures = await core.queries.figures()
    assert figures.by_root_cause == {"system_fault": 1} and figures.redress_totals == {"GBP": Decimal("49.90")}
    kinds = [e.kind for e in await core.queries.timeline(ref, AGENT)]
    assert kinds.count("investigation_recorded") == 2
    async with core.uow() as uow:
        assert (await verify_all(uow))[1] is None
    assert (await core.queries.details(ref, AGENT)).status == CaseStatus.ASSESSED


@pytest.mark.parametrize(("given", "says"), [
    (InvestigationInput(), "nothing to record"),
    (InvestigationInput(root_cause="gremlins"), "allowed: process"),
    (InvestigationInput(redress_kind="cake"), "unknown redress"),
    (InvestigationInput(redress_amount=Decimal("10")), "currency"),
    (InvestigationInput(redress_amount=Decimal("-1"), redress_currency="GBP"), "zero or more"),
])
async def test_a_bad_investigation_record_is_refused(core: Core, given: InvestigationInput, says: str) -> None:
    ref = (await core.service.submit_complaint(ComplaintSubmission(
        identity=Identity("telegram", "1"), description="Charged twice"))).reference
    with pytest.raises(ValidationFailed, match=says):
        await core.service.record_investigation(ref, AGENT, given)
    assert (await core.queries.details(ref, AGENT)).investigation is None


def test_amounts_as_agents_type_them() -> None:
    assert parse_amount("1 200,50") == Decimal("1200.50") and parse_amount("") is None
    with pytest.raises(ValidationFailed, match="not an amount"):
        parse_amount("ten pounds")
