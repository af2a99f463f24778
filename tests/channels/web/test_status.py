"""The status page over loopback (aiohttp's test client) on the core: asking for a link tells
nothing (a wrong reference and someone else's get the same answer), the link opens once and
leaves no token in the address, and each answer from the page is stored by the same service
command as in the chat, with its audit event."""

from __future__ import annotations

import logging

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.keys import KeyBuilder
from bot.kv import MemoryKeyValue
from channels.app.web import STARTUP_KEY, build_web_app
from channels.web.factory import build_site
from channels.web.routes import install

from core import reference
from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from core.runtime import Core
from tests.support.status_visitor import Visitor, link_tokens, settled
from tests.support.clock import FixedClock
from tests.support.web_forms import cases, hidden_fields, multipart

ALICE = Identity("telegram", "1001")
BOB = Identity("email", "bob@example.com")
AGENT = Actor.agent("U_AGENT")


async def _case(core: Core, identity: Identity = ALICE, language: str = "en") -> str:
    submitted = await core.service.submit_complaint(ComplaintSubmission(
        identity=identity, description="My card was charged twice for order 5521.", language=language,
        name="Alice Example", category="billing"))
    return submitted.reference


async def _kinds(core: Core, ref: str) -> list[tuple[str, str]]:
    return [(e.kind, e.actor.split(":")[0]) for e in await core.queries.timeline(ref, AGENT)
            if not e.kind.startswith("message")]


async def _opened(core: Core, app: web.Application, client: TestClient, ref: str) -> Visitor:  # type: ignore[type-arg]
    visitor = Visitor(client)
    await visitor.ask(ref, "telegram")
    await settled(app)
    answered = await visitor.open((await link_tokens(core, ref))[-1])
    assert answered.status == 303 and answered.headers["Location"] == "/status/case"
    return visitor


async def test_a_wrong_reference_and_someone_else_s_get_the_same_answer(web_app: web.Application, sqlite_core: Core) -> None:
    core = sqlite_core
    bob = await _case(core, BOB)
    alice = await _case(core, ALICE)
    unknown = next(r for r in (reference.generate().code for _ in range(50)) if r not in (bob, alice))
    async with TestClient(TestServer(web_app)) as client:
        visitor = Visitor(client)
        answers = []
        for ref, channel, email in ((bob, "email", "mallory@example.com"), (unknown, "email", "mallory@example.com"),
                                    (bob, "email", "BOB@example.com"), (alice, "email", "bob@example.com")):
            response = await visitor.ask(ref, channel, email)
            answers.append((response.status, await response.text()))
        await settled(web_app)
        assert len(set(answers)) == 1 and answers[0][0] == 200
        assert "If the reference and the email address match a complaint" in answers[0][1]
    assert len(await link_tokens(core, bob)) == 1  # only the matching request sent one, to Bob's address
    assert await link_tokens(core, alice) == []
    [sent] = [n for n in await core.queries.notifications(reference_text=bob) if n.kind == "access_link"]
    assert (sent.channel, sent.address) == ("email", "bob@example.com")


async def test_a_chat_channel_is_matched_by_the_case_s_channel_alone(web_app: web.Application, sqlite_core: Core) -> None:
    core = sqlite_core
    bob, alice = await _case(core, BOB), await _case(core, ALICE)
    async with TestClient(TestServer(web_app)) as client:
        visitor = Visitor(client)
        answers = [await visitor.ask(ref, "telegram") for ref in (alice, bob)]
        assert len({(r.status, await r.text()) for r in answers}) == 1
        await settled(web_app)
    assert await link_tokens(core, bob) == []
    [sent] = [n for n in await core.queries.notifications(reference_text=alice) if n.kind == "access_link"]
    assert (sent.channel, sent.address) == ("telegram", "1001")


async def test_the_form_says_what_is_wrong_with_it(web_app: web.Application) -> None:
    async with TestClient(TestServer(web_app)) as client:
        visitor = Visitor(client)
        empty = await visitor.ask("", "")
        text = await empty.text()
        assert empty.status == 400 and "Enter the reference of your complaint" in text and "Choose how you made" in text
        ref = reference.generate().code
        typo = ref[:-1] + ("0" if ref[-1] != "0" else "1")
        mistyped = await visitor.ask(typo, "email", "x")
        text = await mistyped.text()
        assert "seems mistyped" in text and "Enter the email address you wrote from" in text
        russian = await visitor.ask("", "", lang="ru")
        assert "Введите номер жалобы" in await russian.text()


async def test_link_requests_are_limited(web_app: web.Application, sqlite_core: Core) -> None:
    ref = await _case(sqlite_core)
    allowed = sqlite_core.policy.web.link_requests_per_hour
    async with TestClient(TestServer(web_app)) as client:
        visitor = Visitor(client)
        statuses = [(await visitor.ask(ref, "telegram")).status for _ in range(allowed + 1)]
        await settled(web_app)
        assert statuses == [200] * allowed + [429]
    assert len(await link_tokens(sqlite_core, ref)) == allowed


async def test_the_link_opens_the_case_once_and_no_token_stays_in_an_address(
        web_app: web.Application, sqlite_core: Core, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    ref = await _case(sqlite_core, BOB)
    async with TestClient(TestServer(web_app)) as client:
        visitor = Visitor(client)
        await visitor.ask(ref, "email", "bob@example.com")
        await settled(web_app)
        [token] = await link_tokens(sqlite_core, ref)
        followed = await visitor.get(f"/status/open/{token}")
        parked = followed.cookies["cd_link"]
        assert parked["httponly"] and parked["path"] == "/status/open"
        shown = await visitor.get("/status/open")
        assert "Open my complaint" in await shown.text()
        assert len(await link_tokens(sqlite_core, ref)) == 1  # following the link used nothing up (a preview)
        opened = await visitor.post("/status/open")
        assert opened.status == 303 and opened.headers["Location"] == "/status/case"
        session = opened.cookies["cd_status"]
        assert session["httponly"] and session["samesite"] == "Strict" and session["path"] == "/status"
        page = await visitor.get("/status/case")
        text = await page.text()
        assert page.status == 200 and f"Your complaint {ref}" in text and "My card was charged twice" in text
        assert "We will reply by" in text and "assessed and waiting for an agent" in text
        async with TestClient(TestServer(web_app)) as other:
            again = await Visitor(other).open(token)
            assert again.status == 410 and "This link does not work any more" in await again.text()
    # the product serves without an access log (channels.app.runner); the test server keeps one
    logged = " ".join(record.getMessage() for record in caplog.records if record.name != "aiohttp.access")
    assert token not in logged and "bob@example.com" not in logged and ref not in logged


async def test_an_expired_link_and_no_session(web_app: web.Application, sqlite_core: Core, clock: FixedClock) -> None:
    ref = await _case(sqlite_core)
    async with TestClient(TestServer(web_app)) as client:
        visitor = Visitor(client)
        assert (await visitor.get("/status/case")).status == 401
        await visitor.ask(ref, "telegram")
        await settled(web_app)
        clock.advance(minutes=sqlite_core.policy.web.link_ttl_minutes + 1)
        expired = await visitor.open((await link_tokens(sqlite_core, ref))[-1])
        assert expired.status == 410
        assert (await visitor.get("/status/case")).status == 401
        assert "Your page has closed" in await (await visitor.get("/status/case")).text()


async def test_answering_a_question_then_accepting_the_decision_and_rating(web_app: web.Application,
                                                                         sqlite_core: Core) -> None:
    core = sqlite_core
    ref = await _case(core)
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.request_information(ref, AGENT, "Which card did you pay with?")
    async with TestClient(TestServer(web_app)) as client:
        visitor = await _opened(core, web_app, client, ref)
        page = await (await visitor.get("/status/case")).text()
        assert "Which card did you pay with?" in page and 'action="/status/case/message"' in page
        empty = await visitor.post("/status/case/message", message="  ")
        assert empty.status == 400 and "Write your message" in await empty.text()
        sent = await visitor.post("/status/case/message", message="The Visa ending 4242.")
        assert sent.status == 303 and sent.headers["Location"] == "/status/case?lang=en&done=message"
        assert (await core.queries.details(ref, AGENT)).status == "investigating"
        assert ("information_provided", "complainant") in await _kinds(core, ref)

        await core.service.respond(ref, AGENT, "We refund the second charge.")
        page = await (await visitor.get("/status/case")).text()
        assert "We refund the second charge." in page and "Please answer by" in page
        accepted = await visitor.post("/status/case/accept")
        assert accepted.status == 303
        assert (await core.queries.details(ref, AGENT)).status == "closed"
        assert ("decision_accepted", "complainant") in await _kinds(core, ref)

        done = await (await visitor.get("/status/case?lang=en&done=accept")).text()
        assert "you accepted the resolution" in done and 'action="/status/case/survey"' in done
        assert (await visitor.post("/status/case/survey", rating="9")).status == 400
        rated = await visitor.post("/status/case/survey", rating="5", comment="Quick and fair")
        assert rated.status == 303
    details = await core.queries.details(ref, AGENT)
    assert details.satisfaction == 5
    [event] = [e for e in await core.queries.timeline(ref, AGENT) if e.kind == "satisfaction_recorded"]
    assert event.data["rating"] == 5 and event.actor.startswith("complainant:")


async def test_rejecting_needs_a_reason_and_escalates_then_a_review_and_a_withdrawal(
        web_app: web.Application, sqlite_core: Core) -> None:
    core = sqlite_core
    ref = await _case(core, language="ru")
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.respond(ref, AGENT, "Вернём половину.")
    async with TestClient(TestServer(web_app)) as client:
        visitor = await _opened(core, web_app, client, ref)
        page = await (await visitor.get("/status/case")).text()
        assert '<html lang="ru">' in page and "Предлагаемое нами решение" in page
        english = await (await visitor.get("/status/case?lang=en")).text()
        assert '<html lang="en">' in english and "Our proposed resolution" in english
        missing = await visitor.post("/status/case/reject", reason="", lang="ru")
        assert missing.status == 400 and "Напишите, почему вы отклоняете решение" in await missing.text()
        rejected = await visitor.post("/status/case/reject", reason="Хочу вернуть всё", lang="ru")
        assert rejected.headers["Location"] == "/status/case?lang=ru&done=reject"
        [event] = [e for e in await core.queries.timeline(ref, AGENT) if e.kind == "decision_rejected"]
        assert event.text == "Хочу вернуть всё" and event.to_status == "escalated"

        late = await visitor.post("/status/case/accept", lang="ru")  # nothing is proposed any more
        assert late.status == 409 and "Этот шаг уже невозможен" in await late.text()

        await core.service.assign(ref, AGENT, AGENT.id)
        await core.service.close(ref, AGENT, "resolved by phone")
        assert (await visitor.post("/status/case/review", reason="", lang="ru")).status == 400
        reviewed = await visitor.post("/status/case/review", reason="Не всё вернули", lang="ru")
        assert reviewed.status == 303 and (await core.queries.details(ref, AGENT)).status == "escalated"
        assert ("reopened", "complainant") in await _kinds(core, ref)

        confirm = await (await visitor.get("/status/case/withdraw")).text()
        assert "Да, отозвать жалобу" in confirm
        assert (await visitor.post("/status/case/withdraw", lang="ru")).status == 400  # not confirmed
        withdrawn = await visitor.post("/status/case/withdraw", confirm="yes", reason="Устал ждать", lang="ru")
        assert withdrawn.status == 303
    [event] = [e for e in await core.queries.timeline(ref, AGENT) if e.kind == "withdrawn"]
    assert event.actor.startswith("complainant:") and "1001" not in event.actor  # the id, never the chat


async def test_an_answer_without_its_csrf_token_or_session_stores_nothing(web_app: web.Application,
                                                                        sqlite_core: Core) -> None:
    core = sqlite_core
    ref = await _case(core)
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.respond(ref, AGENT, "We refund the second charge.")
    async with TestClient(TestServer(web_app)) as client:
        visitor = await _opened(core, web_app, client, ref)
        forged = await client.post("/status/case/accept", data={}, allow_redirects=False)
        assert forged.status == 403
        left = await visitor.post("/status/leave")
        assert left.status == 303 and left.headers["Location"].startswith("/status?")
        assert (await visitor.post("/status/case/accept")).status == 401
    assert (await core.queries.details(ref, AGENT)).status == "responded"


async def test_the_external_body_taken_up_from_the_page(web_app: web.Application, sqlite_core: Core) -> None:
    core = sqlite_core
    ref = await _case(core)
    for _ in range(core.policy.escalation.top):
        await core.service.assign(ref, AGENT, AGENT.id)
        await core.service.respond(ref, AGENT, "No refund is due.")
        await core.service.record_complainant_decision(ref, ALICE, accept=False, reason="unfair")
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.respond(ref, AGENT, "After review: still no refund.")
    async with TestClient(TestServer(web_app)) as client:
        visitor = await _opened(core, web_app, client, ref)
        rejected = await visitor.post("/status/case/reject", reason="Still unfair")
        assert rejected.status == 303 and (await core.queries.details(ref, AGENT)).status == "referral_offered"
        page = await (await visitor.get("/status/case")).text()
        assert 'name="choice" value="refer"' in page and "the Independent Ombudsman Service" in page
        assert (await visitor.post("/status/case/referral")).status == 400
        referred = await visitor.post("/status/case/referral", choice="refer")
        assert referred.headers["Location"] == "/status/case?lang=en&done=referral"
    assert (await core.queries.details(ref, AGENT)).status == "referred_external"
    assert ("referral_accepted", "complainant") in await _kinds(core, ref)


@pytest.fixture
def both_app(core: Core) -> web.Application:
    """The web app on the core of SQLite and of PostgreSQL (``core`` runs on both)."""
    app = build_web_app(core)
    install(app, build_site(core, MemoryKeyValue(), KeyBuilder()))
    app[STARTUP_KEY].done = True
    return app


async def test_on_both_databases_a_link_opens_once_and_an_answer_is_stored(both_app: web.Application, core: Core) -> None:
    ref = await _case(core, BOB)
    stranger = await _case(core, Identity("email", "carol@example.com"))
    await core.service.assign(ref, AGENT, AGENT.id)
    await core.service.respond(ref, AGENT, "We refund the second charge.")
    async with TestClient(TestServer(both_app)) as client:
        visitor = Visitor(client)
        mine = await visitor.ask(ref, "email", "bob@example.com")
        theirs = await visitor.ask(stranger, "email", "bob@example.com")
        assert (mine.status, await mine.text()) == (theirs.status, await theirs.text())
        await settled(both_app)
        assert await link_tokens(core, stranger) == []
        [token] = await link_tokens(core, ref)
        assert (await visitor.open(token)).status == 303
        assert (await visitor.post("/status/case/accept")).status == 303
        async with TestClient(TestServer(both_app)) as other:
            assert (await Visitor(other).open(token)).status == 410
    assert (await core.queries.details(ref, AGENT)).status == "closed"
    assert ("decision_accepted", "complainant") in await _kinds(core, ref)


async def test_a_complaint_made_with_the_web_form_is_followed_on_the_status_page(form_app: web.Application,
                                                                                sqlite_core: Core) -> None:
    fields = {"description": "The broadband has been down for a week.", "incident_date": "2026-11-20",
              "product": "broadband", "desired_outcome": "A working line and a refund", "name": "Ann Smith",
              "email": "Ann@Example.com", "consent": "yes"}
    async with TestClient(TestServer(form_app)) as client:
        hidden = await hidden_fields(client, "/complaint", lang="en")
        assert (await client.post("/complaint", data=multipart({**hidden, **fields}))).status == 200
        [stored] = await cases(sqlite_core.engine)
        visitor = Visitor(client)
        await visitor.ask(stored["reference"], "email", "ann@example.com")
        await settled(form_app)
        [row] = [n for n in await sqlite_core.queries.notifications(reference_text=stored["reference"])
                 if n.kind == "access_link"]
        assert (row.channel, row.address) == ("email", stored["reply_address"])
        assert (await visitor.open(str(row.params["link"]).rsplit("/", 1)[-1])).status == 303
        page = await (await visitor.get("/status/case")).text()
        assert "The broadband has been down for a week." in page
