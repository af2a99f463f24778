"""Where it happened, read from the words: a place noun with the name or town that tells it
apart, a street, a town of the shipped lists; nothing from ordinary phrases."""

from __future__ import annotations

import pytest

from nlu import places
from nlu.places import find_places


def _places(text: str, lang: str) -> list[str]:
    return [found.value for found in find_places(text, lang)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The blender I bought at your Sheffield store stopped working", "Sheffield store"),
    ("Staff at the Regent Street branch ignored me for an hour", "Regent Street branch"),
    ("I picked the parcel up in the Swindon depot and it was open", "Swindon depot"),
    ("the manager of your shop in Norwich was rude", "shop in Norwich"),
    ("I queued at the office on Deansgate for two hours", "office on Deansgate"),
    ("My order went to the Bluewater shopping centre collection point", "Bluewater shopping centre"),
    ("the cashier at the Post Office refused the parcel", "Post Office"),
    ("I bought the sofa in Nottingham last month", "Nottingham"),
    ("they lost my bag at the store in Newcastle upon Tyne", "store in Newcastle upon Tyne"),
    ("it was on Baker Street, near the station", "Baker Street"),
])
def test_english_places(text: str, expected: str) -> None:
    assert _places(text, "en")[:1] == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("Продавец в вашем магазине в Люберцах нагрубил мне", "магазин в Люберцах"),
    ("В отделении на Таганке мне отказали в выдаче", "отделение на Таганке"),
    ("Посылка лежала на складе в Коломне две недели", "склад в Коломне"),
    ("Купила куртку в ТЦ «Европейский», молния сломалась", "ТЦ «Европейский»"),
    ("заказ так и не пришёл в пункт выдачи на Профсоюзной улице", "пункт выдачи на Профсоюзной улице"),
    ("телевизор купил в Казани, через неделю сломался", "Казань"),
    ("в салоне МТС мне подключили платную услугу", "салон МТС"),
    ("Мы были в Твери в прошлом месяце", "Тверь"),
    ("Обслуживали грубо. Седова Нина, г. Кострома, nina@mail.ru", "г. Кострома"),
])
def test_russian_places_with_the_noun_in_its_dictionary_form(text: str, expected: str) -> None:
    assert _places(text, "ru")[:1] == [expected]


@pytest.mark.parametrize(("text", "lang"), [
    ("I called in the morning and again at home in the evening", "en"),
    ("your store refused to take it back", "en"),
    ("The shop on Monday said it was out of stock", "en"),
    ("I live in Leeds and ordered it online", "en"),
    ("I downloaded it from the App Store and it crashes", "en"),
    ("In March I ordered a fridge", "en"),
    ("в магазине мне сказали ждать", "ru"),
    ("я живу в Москве, заказ доставили курьером", "ru"),
    ("утром позвонил в офис, никто не ответил", "ru"),
    ("В понедельник заказ не пришёл", "ru"),
])
def test_no_place_in_ordinary_sentences(text: str, lang: str) -> None:
    assert _places(text, lang) == []


def test_a_place_keeps_its_span_in_the_text() -> None:
    text = "I was charged twice at the Bristol store yesterday"
    found = next(find_places(text, "en"))
    assert text[found.start:found.end] == "Bristol store"


def test_every_place_noun_starts_with_a_letter_the_look_ahead_of_the_patterns_lets_through() -> None:
    # the look-ahead lists each English noun's first letter: each must be a plain lower-case letter
    assert all(noun[0].isascii() and noun[0].islower() for noun in places._EN_NOUNS)
    assert [found.value for found in find_places("Went to the STORE in Leeds, then the Ѕtore", "en")] == ["STORE in Leeds"]
    assert [found.value for found in find_places("Был в МАГАЗИНЕ в Химках", "ru")] == ["магазин в Химках"]
