"""Names and wanted outcomes wherever a message gives them (issue 15): signed, labelled, spelled
by an email address, alone after a sign-off; the outcome with or without "I", or as a request."""

from __future__ import annotations

import pytest

from bot.names import name_in
from bot.outcomes import outcome_in
from bot.slots import reads_as_correction, without_preamble
from tests.support.catalog import say
from tests.support.dialogue import Chat


@pytest.mark.parametrize(("text", "name"), [
    ("The bin lorry crushed my wheelie bin on Monday, I want a new one. Name: Rosa Delgado. Tel 07700 900123",
     "Rosa Delgado"),
    ("my pension statement is wrong again, fix it. tom.baker@example.org", None),
    ("my pension statement is wrong again, fix it please. tom baker tom.baker@example.org", "Tom Baker"),
    ("Nobody came to read the meter, twice. Please explain. Cheers, Dev", "Dev"),
    ("The hotel cancelled our room the night before. We want compensation. - Siobhan McNulty", "Siobhan McNulty"),
    ("Seat was double booked on the 14th, I want the fare back. Fergus O'Malley (disabled), 07700 900456",
     "Fergus O'Malley"),
    ("Ingrid Sørensen. The blender jug cracked in a week, I want it replaced", "Ingrid Sørensen"),
    ("The buggy wheel snapped on day two, I want a refund. Thanks, Mr. Hamish Reid", "Hamish Reid"),
    ("The blender jug cracked in a week and nobody replied to me at all. Outrageous", None),
    ("The blender jug cracked in a week and it was not cheap. Seriously", None),
    ("Отключили газ без предупреждения, требую перерасчёт. ФИО: Кравченко Ольга Сергеевна", "Кравченко Ольга Сергеевна"),
    ("Третий раз привозят не тот шкаф. Прошу вернуть деньги. Тимур", "Тимур"),
    ("Третий раз привозят не тот шкаф. Прошу вернуть деньги. Безобразие", None),
    ("Поменяйте счётчик, он крутится сам. Белова Дарья, d.belova@mail.ru", "Белова Дарья"),
    ("Поменяйте счётчик. пишите на svetlana.orlova@mail.ru, Орлова Светлана Петровна", None),
])
def test_names_where_messages_give_them(text: str, name: str | None) -> None:
    assert name_in(text) == name


@pytest.mark.parametrize(("text", "name"), [
    # introduced or labelled: the words after it while they read as a name, in title case
    ("hi my name is john smith and my order never came", "John Smith"),
    ("my name is mary o'connor, the kettle I bought leaks", "Mary O'Connor"),
    ("my name is not important, just fix the boiler", None),
    ("my name is on the order, look it up", None),
    ("the boiler broke.\nname: n/a\nphone 07700 900123", None),
    ("the boiler broke.\nname: priya raman\nphone 07700 900123", "Priya Raman"),
    ("меня зовут анна петрова, заказ так и не пришёл", "Анна Петрова"),
    ("меня зовут анна, заказ так и не пришёл", "Анна"),
    ("Отключили газ без предупреждения. фио: кравченко ольга сергеевна", "Кравченко Ольга Сергеевна"),
    # signing the message: Russian names the dictionary knows; English after a sign-off or beside contacts
    ("Карту отклонили на кассе, хотя деньги на счету есть. Хочу объяснений. петрова анна", "Петрова Анна"),
    ("Карту отклонили на кассе, хочу объяснений. ковалёва нина n.k@mail.ru", "Ковалёва Нина"),
    ("Чайник течёт с первого дня, хочу вернуть деньги. спасибо, тимур", "Тимур"),
    ("The kettle leaks and nobody answers my emails. Kind regards, john smith", "John Smith"),
    ("The kettle leaks and nobody answers my emails, I want a refund.\njohn smith\n07700 900123", "John Smith"),
    # lower-case words that end a message without being a name
    ("The kettle leaks and nobody answers my emails, I want a refund. thanks a lot", None),
    ("The kettle leaks and nobody answers my emails, I want a refund. ok thanks", None),
    ("The kettle leaks and nobody answers my emails, I want a refund. thanks in advance", None),
    ("The kettle leaks and nobody answers my emails, I want a refund.\nvery disappointed", None),
    ("The kettle leaks and nobody answers my emails, I want a refund.\njohn smith", None),
    ("The kettle leaks and nobody answers my emails. thanks, samsung kettle", None),
    ("The kettle leaks and nobody answers me.\nsamsung kettle\n07700 900123", None),
    ("The kettle leaks and nobody answers my emails. call me on 07700 900123", None),
    ("I was charged interest during the interest-free period", None),
    ("They were not taken off the report after a thirty day period.", None),
    ("They were not taken off the report after a thirty Day Period.", None),
    ("The kettle leaks and nobody answers my emails, I want a refund - john smith", "John Smith"),
    ("Чайник течёт, никто не отвечает, хочу вернуть деньги. не помню точно", None),
    ("Чайник течёт, никто не отвечает, хочу вернуть деньги. стиральная машина", None),
    ("Чайник течёт, никто не отвечает, хочу вернуть деньги. слава богу", None),
    ("Чайник течёт, никто не отвечает, хочу вернуть деньги. вера", None),
    ("Чайник течёт, никто не отвечает. надежда умирает последней", None),
    # a product at the start of a message is no name, whatever its capitals
    ("Телевизор Samsung, купленный у вас, весь в битых пикселях", None),
])
def test_names_written_in_lower_case_where_the_context_makes_them_names(text: str, name: str | None) -> None:
    assert name_in(text) == name


@pytest.mark.parametrize(("text", "outcome"), [
    ("The jug cracked. Want my money back.", "my money back"),
    ("We'd really like the fence repaired before winter", "the fence repaired before winter"),
    ("I'm asking for a written apology from the manager", "a written apology from the manager"),
    ("Waive the late fee please, it was your error", "Waive the late fee"),
    ("honestly we just want someone to turn up", "someone to turn up"),
    ("I would like to complain about the cleaner", None),
    ("the shop refused to refund me", None),
    ("Заберите этот шкаф и верните деньги.", "Заберите этот шкаф и верните деньги"),
    ("Ждём извинений и компенсации", "извинений и компенсации"),
    ("жду уже третью неделю", None),
    ("Здравствуйте, шкаф пришёл без дверей", None),
    ("Хотим, чтобы шкаф заменили", "чтобы шкаф заменили"),
])
def test_outcomes_as_the_thing_wanted(text: str, outcome: str | None) -> None:
    assert outcome_in(text) == outcome


@pytest.mark.parametrize(("text", "answer"), [
    ("I already told you: a refund", "a refund"),
    ("as I said, John Smith", "John Smith"),
    ("I've told you this already - 12 May", "12 May"),
    ("я же писала: замена", "замена"),
    ("Я уже говорил, Сергей", "Сергей"),
    ("I want a refund", "I want a refund"),
])
def test_an_answer_is_read_without_the_complaint_about_being_asked_again(text: str, answer: str) -> None:
    assert without_preamble(text) == answer


def test_corrections_are_told_from_answers() -> None:
    assert reads_as_correction("actually it was the 5th")
    assert reads_as_correction("нет, не холодильник, а морозилка")
    assert not reads_as_correction("just fix the app")
    assert not reads_as_correction("замените приложение")


async def test_a_repeated_answer_is_kept_without_the_protest(chat: Chat) -> None:
    await chat.user("The toaster I bought stopped working this morning")
    await chat.user("yes")
    await chat.user("I already told you: a refund")
    asked = await chat.user("I already told you: Wendy Carr")
    assert say("bot.invalid.name", "en") not in asked
    slots = (await chat.session()).slots
    assert slots["desired_outcome"] == "a refund" and slots["name"] == "Wendy Carr"


async def test_an_answer_that_names_the_product_again_does_not_correct_it(chat: Chat) -> None:
    await chat.user("My Bosch washing machine floods the kitchen since 3 November. Kind regards, Priya Raman")
    await chat.user("yes")
    await chat.user("just fix the washing machine")
    slots = (await chat.session()).slots
    assert slots["product"] == "Bosch washing machine" and slots["desired_outcome"] == "just fix the washing machine"


async def test_an_outcome_that_says_fix_keeps_the_product_it_names_more_briefly(chat: Chat) -> None:
    """«исправить» reads as a correction, but "the app" for "the mobile app" corrects nothing."""
    await chat.user("Хочу пожаловаться на мобильное приложение, оно выкидывает меня при оплате. Началось 12 ноября.")
    await chat.user("да")
    asked = await chat.user("исправить приложение")
    assert say("bot.ask.desired_outcome", "ru") not in asked
    slots = (await chat.session()).slots
    assert slots["product"] == "мобильное приложение" and slots["desired_outcome"] == "исправить приложение"


async def test_a_name_signed_in_lower_case_is_kept_and_never_asked(chat: Chat) -> None:
    await chat.user("вчера в магазине отклонили мою дебетовую карту, хотя деньги на счету есть. хочу объяснений. "
                    "ковалёва нина n.kovaleva@mail.ru")
    asked = await chat.user("да")
    assert say("bot.ask.name", "ru") not in asked
    assert (await chat.session()).slots["name"] == "Ковалёва Нина"


async def test_a_name_introduced_in_lower_case_is_stored_capitalised(chat: Chat) -> None:
    await chat.user("hi my name is john smith, my parcel never arrived on 3 November and I want a refund")
    asked = await chat.user("yes")
    assert say("bot.ask.name", "en") not in asked
    assert (await chat.session()).slots["name"] == "John Smith"
