"""The complaint form over loopback (aiohttp's test client, the core on SQLite, the trained NLU):
a complaint stored as the dialogue stores one, and every bad input answered with the form again,
its values kept and nothing stored."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from bot.keys import KeyBuilder
from bot.kv import MemoryKeyValue
from channels.app.web import build_web_app
from channels.web import csrf
from channels.web.complaint_page import ComplaintPage
from channels.web.factory import build_site
from channels.slack.case_records import case_records_lines
from channels.web.routes import install
from channels.web.site import SITE_KEY
from config.settings import SHIPPED_POLICY, Settings
from core.actors import Actor
from core.runtime import Core
from nlu.analyzer import Analyzer
from tests.support.clock import FixedClock
from tests.support.cores import open_core
from tests.support.web_forms import cases, hidden_fields, multipart, rows_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
FIELDS = {"description": "My credit card was charged twice for the same order on 5 March.",
          "incident_date": "2026-03-05", "product": "credit card", "order_number": "A-77812",
          "amount": "45.50", "currency": "GBP", "desired_outcome": "A refund of the second charge",
          "name": "Ann Smith", "email": "ann.smith@example.com", "phone": "", "location": "", "on_behalf_of": "",
          "consent": "yes"}
Client = Callable[..., Awaitable[tuple[TestClient, Core]]]


@pytest.fixture
async def form_client(settings: Settings, clock: FixedClock, analyzer: Analyzer, tmp_path: Path) -> AsyncIterator[Client]:
    """A client of the web app with the complaint form, on a policy changed by ``replace`` (text
    of the shipped policy file and what it becomes)."""
    opened: list[tuple[TestClient, Core]] = []

    async def make(**replace: str) -> tuple[TestClient, Core]:
        text = SHIPPED_POLICY.read_text(encoding="utf-8")
        for old, new in replace.items():
            assert old in text
            text = text.replace(old, new, 1)
        policy_file = tmp_path / "policy.toml"
        policy_file.write_text(text, encoding="utf-8")
        core = await open_core(settings.model_copy(update={"policy_file": policy_file}),
                               settings.effective_database_url, clock)
        app = build_web_app(core)
        install(app, build_site(core, MemoryKeyValue(), KeyBuilder("cdtest")))
        ComplaintPage(app[SITE_KEY], core, analyzer).routes(app)
        client = TestClient(TestServer(app))
        await client.start_server()
        opened.append((client, core))
        return client, core

    yield make
    for client, core in opened:
        await client.close()
        await core.close()


async def _send(client: TestClient, fields: dict[str, str], files: Sequence[tuple[str, bytes, str]] = (),
                *, lang: str = "en", hidden: dict[str, str] | None = None) -> ClientResponse:
    hidden = hidden if hidden is not None else await hidden_fields(client, "/complaint", lang=lang)
    return await client.post("/complaint", data=multipart({**hidden, **fields}, files))


async def test_a_complaint_is_stored_as_an_email_complaint_received_via_the_web(form_client: Client) -> None:
    client, core = await form_client()
    response = await _send(client, FIELDS, [("receipt.png", PNG, "image/png")])
    page = await response.text()
    assert response.status == 200, page
    (stored,) = await cases(core.engine)
    assert stored["reference"] in page and "Complaint received" in page
    assert "We never charge for handling a complaint." in page  # the published commitments
    assert (stored["channel"], stored["received_via"], stored["reply_address"]) == ("email", "web", "ann.smith@example.com")
    assert stored["language"] == "en" and stored["category"] == "billing" and stored["status"] == "assessed"
    assert (stored["product"], stored["order_number"], str(stored["amount"]), stored["currency"]) == (
        "credit card", "A-77812", "45.50", "GBP")
    assert str(stored["incident_date"]) == "2026-03-05" and stored["desired_outcome"] == "A refund of the second charge"
    (person,) = await rows_of(core.engine, "complainants")
    assert (person["name"], person["email"], person["phone"]) == ("Ann Smith", "ann.smith@example.com", None)
    (identity,) = await rows_of(core.engine, "identities")
    assert (identity["channel"], identity["address"]) == ("email", "ann.smith@example.com")
    (attachment,) = await rows_of(core.engine, "attachments")
    assert (attachment["filename"], attachment["content_type"], attachment["size"]) == ("receipt.png", "image/png", len(PNG))
    acknowledgement = [n for n in await rows_of(core.engine, "notifications") if n["kind"] == "acknowledgement"]
    assert [(n["channel"], n["address"]) for n in acknowledgement] == [("email", "ann.smith@example.com")]
    assert (await core.queries.figures()).by_channel == {"web": 1}  # reports count the web, not email
    assert (await core.queries.report()).volumes["channel"].current == {"web": 1}
    details = await core.queries.details(stored["reference"], Actor.agent("test"))
    assert "Sent through the complaint form on the website." in case_records_lines(details, core.policy, "en")


async def test_the_same_form_sent_twice_makes_one_case(form_client: Client) -> None:
    client, core = await form_client()
    hidden = await hidden_fields(client, "/complaint")
    first = await _send(client, FIELDS, hidden=hidden)
    second = await _send(client, FIELDS, hidden=hidden)
    (stored,) = await cases(core.engine)
    assert first.status == second.status == 200
    assert stored["reference"] in await first.text() and stored["reference"] in await second.text()
    another = await _send(client, {**FIELDS, "description": "And the app logged me out while paying, twice."})
    assert another.status == 200 and len(await cases(core.engine)) == 2


async def test_an_injury_makes_a_critical_health_and_safety_case(form_client: Client) -> None:
    client, core = await form_client()
    response = await _send(client, {**FIELDS, "product": "kettle", "description":
                                    "The kettle sparked and gave my son an electric shock; he was taken to hospital."})
    assert response.status == 200
    (stored,) = await cases(core.engine)
    assert stored["category"] == "health_safety" and stored["priority"] == "critical"


async def test_a_complaint_in_russian(form_client: Client) -> None:
    client, core = await form_client()
    response = await _send(client, {**FIELDS, "description": "С моей карты дважды списали деньги за один заказ.",
                                    "product": "кредитная карта", "desired_outcome": "Вернуть деньги",
                                    "name": "Анна Смирнова", "amount": "4 500,50", "currency": "RUB",
                                    "phone": "8 (495) 123-45-67"}, lang="ru")
    page = await response.text()
    assert response.status == 200 and '<html lang="ru">' in page and "Жалоба получена" in page
    (stored,) = await cases(core.engine)
    assert stored["language"] == "ru" and str(stored["amount"]) == "4500.50" and stored["currency"] == "RUB"
    (person,) = await rows_of(core.engine, "complainants")
    assert person["phone"] == "+74951234567"


async def test_missing_fields_show_the_form_again_with_every_value_and_each_error(form_client: Client) -> None:
    client, core = await form_client()
    response = await _send(client, {**FIELDS, "description": "", "name": "", "consent": "", "order_number": "Z-9<b>"})
    page = await response.text()
    assert response.status == 400 and await cases(core.engine) == []
    assert "There is a problem" in page and "<title>Error: Make a complaint" in page
    for field, message in (("description", "Tell us what happened."), ("name", "Enter your name."),
                           ("consent", "Tick the box to agree.")):
        assert f'<p class="error-message" id="f-{field}-error">{message}' in page
        assert re.search(rf'id="f-{field}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*f-{field}-error"', page)
        assert f'<a href="#f-{field}">' in page
    assert 'value="Z-9&lt;b&gt;"' in page and 'value="ann.smith@example.com"' in page  # kept, escaped
    assert ">A refund of the second charge</textarea>" in page and 'value="GBP" selected' in page


async def test_a_bad_email_and_phone_are_named(form_client: Client) -> None:
    client, core = await form_client()
    response = await _send(client, {**FIELDS, "email": "ann.smith@example", "phone": "123"})
    page = await response.text()
    assert response.status == 400 and await cases(core.engine) == []
    assert "Enter an email address like name@example.com." in page and "Enter a phone number we can call" in page


async def test_a_file_too_big_or_of_a_wrong_type_or_one_too_many_is_named_and_the_rest_kept(form_client: Client) -> None:
    client, core = await form_client(**{"max_bytes = 10485760": "max_bytes = 1000",
                                        "max_attachments = 5": "max_attachments = 2"})
    files = [("big.png", b"\x00" * 5000, "image/png"), ("run.exe", b"MZ", "application/x-msdownload"),
             ("a.png", PNG, "image/png"), ("b.png", PNG, "image/png"), ("c.png", PNG, "image/png")]
    response = await _send(client, FIELDS, files)
    page = await response.text()
    assert response.status == 400 and await cases(core.engine) == []
    assert "“big.png” is larger than 1 KB, so it was not attached." in page and "“run.exe” is a kind of file we cannot accept" in page
    assert "Only 2 files can be attached, so “c.png” was not." in page
    assert "please choose them again" in page and 'value="Ann Smith"' in page
    assert 'id="f-attachments-error"' in page


async def test_a_body_beyond_any_allowed_form_is_refused_as_a_whole(form_client: Client) -> None:
    client, core = await form_client(**{"max_bytes = 10485760": "max_bytes = 1000",
                                        "max_attachments = 5": "max_attachments = 1"})
    response = await _send(client, FIELDS, [("huge.png", b"\x00" * (3 * 1024 * 1024), "image/png")])
    assert response.status == 413 and "too large" in await response.text()
    assert await cases(core.engine) == []


async def test_a_forged_or_missing_csrf_token_stores_nothing(form_client: Client) -> None:
    client, core = await form_client()
    hidden = await hidden_fields(client, "/complaint")
    forged = {**hidden, csrf.FIELD: hidden[csrf.FIELD][:-3] + "AAA"}
    response = await _send(client, FIELDS, hidden=forged)
    assert response.status == 403 and "This form has expired" in await response.text()
    missing = {name: value for name, value in hidden.items() if name != csrf.FIELD}
    assert (await _send(client, FIELDS, hidden=missing)).status == 403
    assert await cases(core.engine) == []


async def test_sending_is_limited_per_email_and_per_address_with_the_form_kept(form_client: Client) -> None:
    client, core = await form_client(**{"form_per_hour = 10": "form_per_hour = 2"})
    for n in range(2):
        assert (await _send(client, {**FIELDS, "description": f"Complaint number {n}: charged twice."})).status == 200
    refused = await _send(client, {**FIELDS, "description": "A third one within the hour."})
    page = await refused.text()
    assert refused.status == 429 and "too many attempts" in page and "A third one within the hour." in page
    other = await _send(client, {**FIELDS, "email": "bob@example.com", "description": "Another person, same address."})
    assert other.status == 429  # the same client address
    assert len(await cases(core.engine)) == 2


async def test_the_acknowledgement_and_every_update_reach_the_person_by_email_in_one_thread(form_client: Client) -> None:
    from tests.support.email.outbox import notifier
    from tests.support.email.relay import RecordingRelay, body_text, start_relay

    client, core = await form_client()
    recording = RecordingRelay()
    server, port = await start_relay(recording)
    try:
        notifier(core, port)
        assert (await _send(client, FIELDS)).status == 200
        (stored,) = await cases(core.engine)
        reference = stored["reference"]
        await core.dispatcher.run_until_idle()
        [ack] = await recording.wait_for(1)
        assert recording.received[0].rcpt_tos == ["ann.smith@example.com"] and reference in ack["Subject"]
        assert reference in body_text(ack) and "We never charge for handling a complaint." in body_text(ack)
        agent = Actor.agent("U1")
        await core.service.assign(reference, agent, "U1")
        await core.service.request_information(reference, agent, "Which card was it?")
        await core.dispatcher.run_until_idle()
        messages = await recording.wait_for(2)
        [update] = [m for m in messages if "Which card was it?" in body_text(m)]
        assert update["In-Reply-To"] in [m["Message-ID"] for m in messages if m is not update]
        assert ack["Message-ID"] in update["References"] and reference in update["Subject"]
    finally:
        server.close()
        await server.wait_closed()
