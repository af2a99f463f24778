"""Stories of the amount and the place: read from what the person writes, never asked, shown in
the summary, corrected there in words, and kept on the case."""

from __future__ import annotations

from decimal import Decimal

from core.commands import Identity
from tests.support.catalog import say
from tests.support.dialogue import Chat

EN, RU = "en", "ru"


async def _case(chat: Chat):  # type: ignore[no-untyped-def]
    cases = await chat.dialogue.core.queries.cases_of(Identity("console", chat.user_id), open_only=False)
    assert len(cases) == 1
    return cases[0]


async def test_the_amount_and_the_place_come_from_the_story_and_are_corrected_at_the_summary(chat: Chat) -> None:
    await chat.user("On 12 November I bought a Dyson vacuum at your Bristol store, I paid £389 and it broke after "
                    "two days. I want a refund. My name is Tom Baker, tom@example.com")
    summary = await chat.user("yes")
    assert say("bot.summary.intro", EN) in summary, "nothing is asked: the amount and the place are never asked for"
    assert "• Amount: £389" in summary and "• Where: Bristol store" in summary

    corrected = await chat.user("the amount was £399.50")
    assert say("bot.edit.updated", EN, slot="Amount", value="£399.50") in corrected
    assert "• Amount: £399.50" in corrected and say("bot.summary.question", EN) in corrected

    assert "registered it under reference CD-" in await chat.user("submit")
    case = await _case(chat)
    assert (case.amount, case.currency, case.location) == (Decimal("399.50"), "GBP", "Bristol store")


async def test_russian_amount_and_place_and_a_correction_in_words(chat: Chat) -> None:
    chat.language_hint = RU
    await chat.user("Вчера в вашем магазине в Люберцах мне продали неисправный чайник за 2 490 рублей. "
                    "Хочу вернуть деньги. Меня зовут Ольга Смирнова, почта olga@example.ru")
    summary = await chat.user("да")
    assert say("bot.summary.intro", RU) in summary
    assert "• Сумма: 2\u00a0490\u00a0₽" in summary and "• Где: магазин в Люберцах" in summary

    corrected = await chat.user("сумма 5000 рублей")
    assert say("bot.edit.updated", RU, slot="Сумма", value="5\u00a0000\u00a0₽") in corrected

    await chat.user("отправить")
    case = await _case(chat)
    assert (case.amount, case.currency, case.location) == (Decimal("5000"), "RUB", "магазин в Люберцах")


async def test_a_story_without_money_or_place_shows_neither(chat: Chat) -> None:
    await chat.user("My parcel never arrived on 3 November, order 77812. I want a refund. My name is Ann Lee, "
                    "ann@example.com")
    assert say("bot.ask.product", EN) in await chat.user("yes")
    summary = await chat.user("a parcel with a kettle")
    assert say("bot.summary.intro", EN) in summary
    assert "Amount" not in summary and "Where" not in summary
    await chat.user("submit")
    case = await _case(chat)
    assert case.amount is None and case.currency is None and case.location is None


async def test_a_fee_named_in_a_later_answer_does_not_replace_the_amount_paid(chat: Chat) -> None:
    await chat.user("I paid £120 for a jacket from your Leeds store on 2 November and the zip broke. "
                    "My name is Sam Hill, sam@example.com")
    asked = await chat.user("yes")
    assert say("bot.ask.desired_outcome", EN) in asked
    summary = await chat.user("a refund, and the £5 delivery fee back")
    assert "• Amount: £120" in summary


async def test_a_store_and_a_name_in_lower_case_are_read_from_the_story(chat: Chat) -> None:
    await chat.user("my kettle from argos leaks since 12 November, bought it at currys in leeds actually. "
                    "I want a refund. regards, tom baker tom@example.com")
    summary = await chat.user("yes")
    assert say("bot.summary.intro", EN) in summary, "nothing is asked: place and name were both given"
    assert "• Where: Currys in Leeds" in summary
    assert (await chat.session()).slots["name"] == "Tom Baker"


async def test_a_russian_store_in_lower_case_is_the_place(chat: Chat) -> None:
    await chat.user("Вчера в пятёрочке продали просроченный йогурт за 89 рублей. Хочу вернуть деньги. "
                    "Иванов Пётр, ivanov.petr@mail.ru")
    await chat.user("да")
    assert (await chat.session()).slots["location"] == "Пятёрочка"


async def test_a_name_that_reads_as_a_street_is_not_the_place(chat: Chat) -> None:
    await chat.user("Your call centre agent hung up on me twice yesterday about my broadband. I expect a call "
                    "back. Regards, Penny Lane, penny.lane@example.com")
    await chat.user("yes")
    slots = (await chat.session()).slots
    assert slots["name"] == "Penny Lane" and "location" not in slots
