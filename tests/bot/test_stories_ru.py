"""Conversation stories in Russian, including the language switch and plural forms."""

from __future__ import annotations

from core.commands import Identity
from core.reference import Reference
from tests.support.catalog import say
from tests.support.dialogue import Chat

RU = "ru"
FULL = ("Вчера курьер не привёз заказ 55123, хочу вернуть деньги. Меня зовут Анна Петрова, "
        "моя почта anna@example.ru")


async def test_complete_complaint_in_one_message(chat: Chat) -> None:
    answer = await chat.user(FULL)
    assert say("bot.consent.notice", RU) in answer and chat.choices == ["consent:yes", "consent:no"]
    asked = await chat.user("да")
    assert asked == say("bot.ask.product", RU)
    summary = await chat.user("доставка")
    assert "23 ноября 2026" in summary and "Анна Петрова" in summary and "вернуть деньги" in summary
    done = await chat.user("1")
    case = (await chat.dialogue.core.queries.cases_of(Identity("console", "alice")))[0]
    assert case.reference in done
    assert "3 рабочих дня" in done and "15 рабочих дней" in done  # low priority: CLDR forms few / many
    assert [say("units.business_days", RU, count=n) for n in (1, 2, 5)] == [
        "1 рабочий день", "2 рабочих дня", "5 рабочих дней"]
    assert case.language == RU and case.order_number == "55123"


async def test_step_by_step_with_plural_attachments(chat: Chat) -> None:
    from bot.messages import InboundAttachment

    await chat.user("Здравствуйте")
    assert (await chat.session()).lang == RU
    assert say("bot.ask.description", RU) in (await chat.press("new") and await chat.press("consent:yes"))
    photos = tuple(InboundAttachment(f"p{n}.jpg", "image/jpeg", b"\xff\xd8 photo") for n in range(2))
    kept = await chat.user("Сотрудник в отделении нагрубил мне и отказался принять заявление", attachments=photos)
    assert "Спасибо, я сохранил 2 файла для вашей жалобы." in kept and say("bot.ask.incident_date", RU) in kept
    # A complaint about staff: the policy leaves the product unasked ([intake] not_asked)
    assert say("bot.ask.desired_outcome", RU) in await chat.user("5 марта")
    assert say("bot.ask.name", RU) in await chat.user("извинения")
    assert say("bot.invalid.name", RU) in await chat.user("12345")
    assert say("bot.ask.contact", RU) in await chat.user("Иван")
    summary = await chat.user("8 912 345-67-89")
    assert "+79123456789" in summary and "5 марта 2026" in summary and "2 вложения" in summary
    done = await chat.press("confirm:submit")
    case = (await chat.dialogue.core.queries.cases_of(Identity("console", "alice")))[0]
    assert case.reference in done and "рабочих" in done
    assert case.complainant_name == "Иван" and case.category == "staff_conduct" and case.product is None


async def test_language_switch_both_ways(chat: Chat) -> None:
    await chat.user("My broadband has been down for a week and nobody helps")
    switched = await chat.user("по-русски")
    assert say("bot.control.language", RU) in switched and say("bot.consent.question", RU) in switched
    assert say("bot.ask.incident_date", RU) in await chat.user("да")
    back = await chat.user("English")
    assert say("bot.control.language", "en") in back and say("bot.ask.incident_date", "en") in back
    session = await chat.session()
    assert session.lang == "en" and session.lang_fixed


async def test_consent_refused(chat: Chat) -> None:
    await chat.user("Банк заблокировал мою карту без причины")
    refused = await chat.user("нет")
    assert refused.startswith(say("bot.consent.refused", RU, example=Reference("CD", "7K3M9QX").code,
                          email="complaints@example.com"))
    assert (await chat.session()).step == "declined"


async def test_status_cancel_and_plural_open_cases(chat: Chat) -> None:
    unknown = Reference("CD", "ABCD123").code
    assert say("bot.status.not_found", RU, reference=unknown) in await chat.user(f"статус жалобы {unknown}")
    await chat.user("Сотрудник в отделении нагрубил мне и отказался принять заявление")
    await chat.user("да")
    assert say("bot.control.cancelled_undo", RU) in await chat.user("отмена")
    catalog_forms = [say("bot.followup.open_cases", RU, count=n) for n in (1, 2, 5, 21)]
    assert catalog_forms == ["У вас 1 открытая жалоба.", "У вас 2 открытые жалобы.", "У вас 5 открытых жалоб.",
                             "У вас 21 открытая жалоба."]
