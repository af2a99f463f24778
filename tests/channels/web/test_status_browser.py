"""The status page in Debian's chromium (Playwright), over loopback: a person asks for a link,
takes it from their mailbox (the fake relay the email notifier sends to) or their Telegram chat
(the outbox row the Telegram notifier delivers), opens their complaint, accepts the proposed
decision and rates the handling (English), or rejects it with a reason (Russian). Every page is
checked with axe-core and photographed; with COMPLAINTDESK_TEST_SCREENSHOTS=1 the pictures go to
docs/web/ (else to the test's temporary folder)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from aiohttp import web

from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from core.runtime import Core
from tests.support.status_visitor import link_tokens, settled
from tests.support.clock import FixedClock
from tests.support.browser import DESKTOP, PHONE, axe_violations, served
from tests.support.email.outbox import notifier
from tests.support.email.relay import RecordingRelay, body_text, start_relay
from tests.support.web_screenshots import small_png

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

AGENT = Actor.agent("U_AGENT")
BOB = Identity("email", "bob@example.com")
ALICE = Identity("telegram", "1001")
DOCS = Path(__file__).resolve().parents[3] / "docs" / "web"


@pytest.fixture
def pictures(tmp_path: Path) -> Path:
    return DOCS if os.environ.get("COMPLAINTDESK_TEST_SCREENSHOTS") == "1" else tmp_path


async def _checked(page: Page, pictures: Path, name: str) -> None:
    """No axe-core violation on the page as it is now, and its picture."""
    assert await axe_violations(page) == [], name
    pictures.mkdir(parents=True, exist_ok=True)
    small_png(await page.screenshot(full_page=True), pictures / f"{name}.png")


async def _responded(core: Core, clock: FixedClock, identity: Identity, language: str, decision: str) -> str:
    ref = (await core.service.submit_complaint(ComplaintSubmission(
        identity=identity, description="My card was charged twice for order 5521." if language == "en"
        else "С моей карты дважды списали деньги за заказ 5521.", language=language, name="A. Person",
        category="billing"))).reference
    clock.advance(hours=3)
    await core.service.assign(ref, AGENT, AGENT.id)
    clock.advance(hours=1)
    await core.service.request_information(ref, AGENT, "Which card did you pay with?" if language == "en"
                                           else "Какой картой вы платили?")
    clock.advance(hours=20)
    await core.service.add_complainant_message(ref, identity, "Visa 4242")
    clock.advance(hours=26)
    await core.service.respond(ref, AGENT, decision)
    clock.advance(hours=2)
    return ref


async def test_by_email_in_english_a_decision_accepted_and_the_survey_answered(
        web_app: web.Application, sqlite_core: Core, clock: FixedClock, browser: Browser, pictures: Path) -> None:
    core = sqlite_core
    relay = RecordingRelay()
    server, port = await start_relay(relay)
    mail, _ = notifier(core, port)
    ref = await _responded(core, clock, BOB, "en", "We refund the second charge within 5 days.")
    try:
        async with served(web_app) as base:
            page = await browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]  # Playwright's ViewportSize
            await page.goto(f"{base}/status?lang=en")
            await _checked(page, pictures, "status-request-en")
            await page.get_by_label("Reference").fill(ref.lower())
            await page.get_by_label("By email", exact=True).check()
            await page.get_by_label("Your email address").fill("Bob@Example.com")
            await page.get_by_role("button", name="Send me a link").click()
            await page.get_by_role("heading", name="Check your messages").wait_for()
            await _checked(page, pictures, "status-sent-en")

            await settled(web_app)
            await core.dispatcher.run_until_idle()
            [letter] = [m for m in await relay.wait_for(1) if "/status/open/" in body_text(m)]
            assert letter["To"] == "bob@example.com"
            link = re.search(r"https?://\S+/status/open/\S+", body_text(letter))
            assert link is not None
            token = link.group(0).rsplit("/", 1)[-1]
            await page.goto(base + urlsplit(link.group(0)).path)
            assert urlsplit(page.url).path == "/status/open" and token not in page.url
            await _checked(page, pictures, "status-open-en")
            await page.get_by_role("button", name="Open my complaint").click()
            await page.get_by_role("heading", name=f"Your complaint {ref}").wait_for()
            assert urlsplit(page.url).path == "/status/case" and token not in page.url
            await _checked(page, pictures, "status-case-en")
            phone = await browser.new_page(viewport=PHONE)  # type: ignore[arg-type]  # Playwright's ViewportSize
            await phone.context.add_cookies(await page.context.cookies())  # type: ignore[arg-type]  # the same person, on a phone: a cookie read is one to set
            await phone.goto(f"{base}/status/case")
            await phone.get_by_role("heading", name=f"Your complaint {ref}").wait_for()
            await _checked(phone, pictures, "status-case-phone-en")
            await phone.close()

            await page.get_by_role("button", name="Accept the resolution").click()
            await page.get_by_role("status").get_by_text("you accepted the resolution").wait_for()
            await _checked(page, pictures, "status-survey-en")
            await page.get_by_label("5 — very well").check()
            await page.get_by_label("Anything you want to tell us").fill("Quick and fair.")
            await page.get_by_role("button", name="Send my rating").click()
            await page.get_by_role("status").get_by_text("Thank you for your rating.").wait_for()
            await _checked(page, pictures, "status-rated-en")

            again = await browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]  # Playwright's ViewportSize
            await again.goto(link.group(0).replace(urlsplit(link.group(0)).scheme + "://" + urlsplit(link.group(0)).netloc, base))
            await again.get_by_role("button", name="Open my complaint").click()
            await again.get_by_role("heading", name="This link does not work any more").wait_for()
            await _checked(again, pictures, "status-invalid-en")
            await page.close()
            await again.close()
    finally:
        server.close()
        await mail.transport.close()
    details = await core.queries.details(ref, AGENT)
    assert details.status == "closed" and details.satisfaction == 5
    kinds = [e.kind for e in await core.queries.timeline(ref, AGENT)]
    assert {"access_link_requested", "access_link_opened", "decision_accepted", "satisfaction_recorded"} <= set(kinds)


async def test_in_telegram_in_russian_a_decision_rejected_with_a_reason(
        web_app: web.Application, sqlite_core: Core, clock: FixedClock, browser: Browser, pictures: Path) -> None:
    core = sqlite_core
    ref = await _responded(core, clock, ALICE, "ru", "Мы вернём половину суммы.")
    async with served(web_app) as base:
        page = await browser.new_page(viewport=PHONE)  # type: ignore[arg-type]  # Playwright's ViewportSize
        await page.goto(f"{base}/status?lang=ru")
        await _checked(page, pictures, "status-request-ru")
        await page.get_by_role("button", name="Прислать ссылку").click()
        await page.get_by_text("Введите номер жалобы").first.wait_for()
        await _checked(page, pictures, "status-request-errors-ru")
        await page.get_by_label("Номер жалобы").fill(ref)
        await page.get_by_label("В Telegram", exact=True).check()
        await page.get_by_role("button", name="Прислать ссылку").click()
        await page.get_by_role("heading", name="Проверьте сообщения").wait_for()
        await _checked(page, pictures, "status-sent-ru")

        await settled(web_app)
        [token] = await link_tokens(core, ref)  # the row the Telegram notifier delivers to chat 1001
        [row] = [n for n in await core.queries.notifications(reference_text=ref) if n.kind == "access_link"]
        assert (row.channel, row.address, row.lang) == ("telegram", "1001", "ru")
        await page.goto(f"{base}/status/open/{token}")
        await _checked(page, pictures, "status-open-ru")
        await page.get_by_role("button", name="Открыть мою жалобу").click()
        await page.get_by_role("heading", name=f"Ваша жалоба {ref}").wait_for()
        assert await page.get_attribute("html", "lang") == "ru"
        await _checked(page, pictures, "status-case-ru")

        await page.get_by_label("Решение вас не устраивает?").fill("Мне нужно вернуть всю сумму.")
        await page.get_by_role("button", name="Отклонить решение").click()
        await page.get_by_role("status").get_by_text("Мы записали, что вы отклоняете решение").wait_for()
        await _checked(page, pictures, "status-rejected-ru")

        await page.get_by_role("link", name="Отозвать мою жалобу").click()
        await page.get_by_role("heading", name=f"Отозвать жалобу {ref}?").wait_for()
        await _checked(page, pictures, "status-withdraw-ru")

        await page.get_by_role("link", name="English").click()
        await page.get_by_role("heading", name=f"Withdraw complaint {ref}?").wait_for()
        await _checked(page, pictures, "status-withdraw-en")
        await page.get_by_role("link", name="No, keep my complaint").click()
        await page.get_by_role("heading", name=f"Your complaint {ref}").wait_for()
        await _checked(page, pictures, "status-case-escalated-en")
        await page.get_by_role("button", name="Leave this page").click()
        await page.get_by_text("You have left the page of your complaint").wait_for()
        await page.goto(f"{base}/status/case?lang=ru")
        await page.get_by_role("heading", name="Страница жалобы закрыта").wait_for()
        await _checked(page, pictures, "status-ended-ru")
        await page.goto(f"{base}/status/case?lang=en")
        await _checked(page, pictures, "status-ended-en")
        await page.goto(f"{base}/status/open/{token}?lang=ru")  # the spent link again
        await page.get_by_role("button", name="Открыть мою жалобу").click()
        await page.get_by_role("heading", name="Эта ссылка больше не действует").wait_for()
        await _checked(page, pictures, "status-invalid-ru")
        await page.close()
    [event] = [e for e in await core.queries.timeline(ref, AGENT) if e.kind == "decision_rejected"]
    assert event.text == "Мне нужно вернуть всю сумму." and event.actor.startswith("complainant:")
    assert (await core.queries.details(ref, AGENT)).status == "escalated"


async def _tab_to(page: Page, element_id: str, presses: int = 12) -> None:
    for _ in range(presses):
        await page.keyboard.press("Tab")
        if await page.evaluate("document.activeElement.id") == element_id:
            outline = await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"#{element_id} shows no focus"
            return
    raise AssertionError(f"#{element_id} is not reached with the Tab key")


async def test_asking_for_a_link_with_the_keyboard_only(web_app: web.Application, sqlite_core: Core,
                                                        browser: Browser) -> None:
    ref = (await sqlite_core.service.submit_complaint(ComplaintSubmission(
        identity=BOB, description="My card was charged twice.", name="Bob"))).reference
    async with served(web_app) as base:
        page = await browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]  # Playwright's ViewportSize
        await page.goto(f"{base}/status?lang=en")
        await _tab_to(page, "reference")
        await page.keyboard.type(ref)
        await _tab_to(page, "channel-email", presses=1)
        await page.keyboard.press("Space")
        await _tab_to(page, "email", presses=1)
        await page.keyboard.type("bob@example.com")
        await page.keyboard.press("Enter")
        await page.get_by_role("heading", name="Check your messages").wait_for()
        await page.close()
    await settled(web_app)
    assert len(await link_tokens(sqlite_core, ref)) == 1
