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


@pytest.mark.parametrize(("text", "lang", "expected"), [
    # a chain of the shipped lists in any capitals after "at" / "in", with its town when one follows
    ("my card got declined at tesco yesterday", "en", "Tesco"),
    ("the telly I bought at currys in leeds died in a week", "en", "Currys in Leeds"),
    ("bought it in sainsburys on Tuesday", "en", "Sainsbury's"),
    ("staff at the local argos store were rude", "en", "Argos store"),
    ("the cashier at Next on Oxford Street shouted at me", "en", "Next on Oxford Street"),
    # a town of the list in lower case
    ("the store in leeds refused a refund", "en", "store in Leeds"),
    ("I bought the sofa in nottingham last month", "en", "Nottingham"),
    # a street with its house number, then the town (listed or not) and the postcode
    ("Mr. Anthony Okafor, 24 Hill Road, Reading. anthony@example.com", "en", "24 Hill Road, Reading"),
    ("the van never came to 5 Elm Grove, Bristol BS1 4AB and nobody called", "en", "5 Elm Grove, Bristol BS1 4AB"),
    ("deliver to 12a mill lane, harrogate.", "en", "12a mill lane, harrogate"),
    ("it was left outside 7 Church Street yesterday", "en", "7 Church Street"),
    # Russian: a chain after «в» or after a place noun, a Latin brand after a place noun, a town in lower case
    ("вчера в пятёрочке отклонили карту", "ru", "Пятёрочка"),
    ("в магазине эльдорадо продали брак", "ru", "магазин Эльдорадо"),
    ("в детском мире продали сломанную коляску", "ru", "Детский мир"),
    ("в м.видео не приняли возврат", "ru", "М.Видео"),
    ("во ВкусВилле продали испорченный творог", "ru", "ВкусВилл"),
    ("в икее не приняли возврат шкафа", "ru", "Икеа"),
    ("в салоне mts подключили платную услугу", "ru", "салон МТС"),
    ("в магазине магнит кассир нагрубил", "ru", "магазин Магнит"),
    ("в магазине в казани нагрубили", "ru", "магазин в Казани"),
    ("телевизор купил в казани, через неделю сломался", "ru", "Казань"),
    # Russian addresses: the street with its house number, and the town after it
    ("Окафор Антон, ул. Ленина 5, Казань, anton@mail.ru", "ru", "ул. Ленина 5, Казань"),
    ("курьер не нашёл дом: улица гагарина, д. 12, г. Тверь", "ru", "улица гагарина, д. 12, г. Тверь"),
])
def test_places_in_lower_case_chains_and_addresses(text: str, lang: str, expected: str) -> None:
    assert _places(text, lang)[:1] == [expected]


@pytest.mark.parametrize(("text", "lang"), [
    ("my tesco clubcard points vanished", "en"),
    ("I'll be in next week to pick it up", "en"),
    ("it is in the range of products you sell", "en"),
    ("I waited 2 hours on the road for the van", "en"),
    ("I drove 5 miles down the road, London was closed", "en"),
    ("I live at 5 Elm Grove, Bristol BS1 4AB and the van never came", "en"),
    ("I live in leeds and ordered it online", "en"),
    ("I was at home in the morning", "en"),
    ("в ленте новостей написали про скидку", "ru"),
    ("в магните кассир нагрубил", "ru"),
    ("в перекрёстке я повернул не туда", "ru"),
    ("в течение 5 дней никто не ответил", "ru"),
    ("я живу в казани, заказ привезли курьером", "ru"),
    ("в верном порядке ничего не пришло", "ru"),
])
def test_no_place_in_ordinary_lower_case_words(text: str, lang: str) -> None:
    assert _places(text, lang) == []


def test_every_place_noun_starts_with_a_letter_the_look_ahead_of_the_patterns_lets_through() -> None:
    # the look-ahead lists each English noun's first letter: each must be a plain lower-case letter
    assert all(noun[0].isascii() and noun[0].islower() for noun in places._EN_NOUNS)
    assert [found.value for found in find_places("Went to the STORE in Leeds, then the Ѕtore", "en")] == ["STORE in Leeds"]
    assert [found.value for found in find_places("Был в МАГАЗИНЕ в Химках", "ru")] == ["магазин в Химках"]
