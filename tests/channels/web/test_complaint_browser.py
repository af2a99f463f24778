"""The complaint form as people use it: in chromium, filled and sent with the keyboard in English
and in Russian, the acknowledgement shown and the case stored as received via the web; axe-core
finds nothing wrong with the form, its error state or the acknowledgement."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from aiohttp import web

from core.runtime import Core
from tests.support.browser import PHONE, axe_violations, served
from tests.support.web_forms import cases, rows_of

if TYPE_CHECKING:
    from playwright.async_api import Browser, FilePayload, Page

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
STORIES = {
    "en": {"description": "My credit card was charged twice for one order.", "incident_date": "03032026",
           "location": "", "product": "credit card", "order_number": "A-77812", "amount": "45.50",
           "desired_outcome": "A refund of the second charge", "name": "Ann Smith", "email": "ann@example.com",
           "phone": "020 7946 0958", "on_behalf_of": ""},
    "ru": {"description": "С моей карты дважды списали деньги за один заказ.", "incident_date": "03032026",
           "location": "", "product": "кредитная карта", "order_number": "A-77812", "amount": "4500,50",
           "desired_outcome": "Вернуть лишнее списание", "name": "Анна Смирнова", "email": "anna@example.com",
           "phone": "8 495 123-45-67", "on_behalf_of": ""},
}
ORDER = ("consent", "description", "incident_date", "location", "product", "order_number", "amount", "currency",
         "desired_outcome", "name", "email", "phone", "on_behalf_of", "attachments")
ACKNOWLEDGED = {"en": "Complaint received", "ru": "Жалоба получена"}


async def _focused(page: Page) -> str:
    return str(await page.evaluate("document.activeElement.id || document.activeElement.tagName"))


async def _fill_by_keyboard(page: Page, story: dict[str, str]) -> None:
    """From the top of the page: Tab to the first field, then each field in order, typing."""
    for _ in range(5):  # skip link, home, English, Russian, then the first field
        await page.keyboard.press("Tab")
    for name in ORDER:
        assert await _focused(page) == f"f-{name}"
        if name == "consent":
            await page.keyboard.press("Space")
        elif name == "attachments":
            receipt: FilePayload = {"name": "receipt.png", "mimeType": "image/png", "buffer": PNG}
            await page.set_input_files("#f-attachments", files=[receipt])
        elif story.get(name):
            await page.keyboard.type(story[name])
        await page.keyboard.press("Tab")
        for _ in range(2):  # a date field's day, month and year each take a Tab of their own
            if name == "incident_date" and await _focused(page) == "f-incident_date":
                await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.type") == "submit"


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_complaint_sent_with_the_keyboard(form_app: web.Application, sqlite_core: Core, browser: Browser,
                                                  lang: str) -> None:
    async with served(form_app) as base:
        context = await browser.new_context(locale={"en": "en-GB", "ru": "ru-RU"}[lang])
        page = await context.new_page()
        await page.goto(f"{base}/complaint?lang={lang}")
        assert await axe_violations(page) == []
        await _fill_by_keyboard(page, STORIES[lang])
        assert await page.input_value("#f-incident_date") == "2026-03-03"  # day and month alike: any order
        async with page.expect_navigation():
            await page.keyboard.press("Enter")
        assert await page.text_content("h1") == ACKNOWLEDGED[lang]
        assert await axe_violations(page) == []
        (stored,) = await cases(sqlite_core.engine)
        assert await page.text_content(".reference") == stored["reference"]
        assert (stored["received_via"], stored["channel"], stored["language"]) == ("web", "email", lang)
        assert str(stored["incident_date"]) == "2026-03-03" and stored["order_number"] == "A-77812"
        assert stored["currency"] == {"en": "GBP", "ru": "RUB"}[lang]
        (attachment,) = await rows_of(sqlite_core.engine, "attachments")
        assert attachment["filename"] == "receipt.png"
        await context.close()


async def test_the_error_state_is_announced_focused_and_accessible(form_app: web.Application, sqlite_core: Core,
                                                                   browser: Browser) -> None:
    async with served(form_app) as base:
        page = await browser.new_page(viewport=PHONE)  # type: ignore[arg-type]
        await page.goto(f"{base}/complaint")
        await page.fill("#f-description", "Too short")
        await page.fill("#f-email", "ann@")
        async with page.expect_navigation():
            await page.click("button[type=submit]")
        assert await page.title() == "Error: Make a complaint — Example Services Ltd"
        assert await page.evaluate("document.activeElement.className") == "error-summary"
        assert await page.input_value("#f-description") == "Too short" and await page.input_value("#f-email") == "ann@"
        assert await page.get_attribute("#f-email", "aria-describedby") == "f-email-hint f-email-error"
        await page.click(".error-summary a[href='#f-email']")
        assert await _focused(page) == "f-email"
        assert await axe_violations(page) == []
        assert await cases(sqlite_core.engine) == []
        await page.close()
