"""Russian typed in Latin letters: told from English (both ways), written back in Cyrillic, and
analysed as Russian."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from nlu.analysis_result import Money
from nlu.analyzer import Analyzer
from nlu.cfpb import read_narratives
from nlu.language import clear_language, detect_language
from nlu.translit import looks_transliterated, to_cyrillic
from tests.support.corpora import Corpora
from tests.support.nlu import NOW


@pytest.mark.parametrize("text", [
    "posylku tak i ne dostavili, zhdu uzhe dve nedeli",
    "u menya slomalsya pylesos cherez mesyats posle pokupki",
    "zdravstvujte! kurer privez ne tot tovar, verni dengi",
    "ya ho4u 4tobi mne otvetili",
    "Dobriy den, mne nuzhna pomosch s kartoy",
    "spisali dengi za podpisku kotoruyu ya ne oformlyal",
    "da",
    "soedinite s operatorom",
])
def test_latin_script_russian_is_russian(text: str) -> None:
    assert looks_transliterated(text)
    assert detect_language(text) == "ru"


@pytest.mark.parametrize("text", [
    "My parcel never arrived and nobody answers the phone",
    "I don't accept",
    "ya sure",
    "ok",
    "Bosch",
    "Samsung Galaxy S21",
    "garden furniture set",
    "Natalia Petrova",
    "Contact me: dasha_k@example.net",
    "the bank charged me twice for one transaction",
    "test",
    "no, I won't accept a voucher",
])
def test_english_and_names_are_not_transliteration(text: str) -> None:
    assert not looks_transliterated(text)


def test_real_english_complaints_are_never_taken_for_transliteration(corpora: Corpora) -> None:
    narratives = [narrative.text for narrative in read_narratives(corpora / "complaints-en/cfpb.jsonl")]
    assert len(narratives) >= 100
    assert [text[:80] for text in narratives if looks_transliterated(text)] == []


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("zakaz ne prishel", "заказ не пришел"),
    ("nomer zakaza 48210", "номер заказа 48210"),
    ("kupila 7 dekabrya", "купила 7 декабря"),
    ("zhdu s 14 yanvarya", "жду с 14 января"),
    ("verni 2500 rubley", "верни 2500 рублей"),
    ("stiralnuyu mashinu", "стиральную машину"),
    ("chaynik protekaet", "чайник протекает"),
    ("ne vklyuchaetsya", "не включается"),
    ("vernite den'gi", "верните деньги"),
    ("ho4u", "хочу"),
    ("shchetka", "щетка"),
    ("Privet", "Привет"),
])
def test_conversion_to_cyrillic(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(("text", "kept"), [
    ("slomalsya holodilnik Samsung", "Samsung"),
    ("kupil iPhone 15 v magazine", "iPhone 15"),
    ("pishite na olya.k@mail.ru", "olya.k@mail.ru"),
    ("podrobnee na https://example.com/order", "https://example.com/order"),
    ("spasibo, Kirill Orlov", "Kirill Orlov"),
    ("obraschenie CD-7K3M-9QXA", "CD-7K3M-9QXA"),
])
def test_brands_names_addresses_and_codes_stay_as_written(text: str, kept: str) -> None:
    assert kept in to_cyrillic(text)


@pytest.mark.parametrize(("text", "lang"), [
    ("ok", None), ("Bosch", None), ("yes, согласен", None), ("привет", "ru"),
    ("My parcel never arrived and nobody answers", "en"),
    ("posylku tak i ne dostavili, zhdu uzhe dve nedeli", "ru"),
    ("da", None),
])
def test_clear_language_only_for_a_message_clearly_in_one(text: str, lang: str | None) -> None:
    assert clear_language(text) == lang


def test_a_transliterated_complaint_is_analysed_as_russian(analyzer: Analyzer) -> None:
    found = analyzer.analyze("kupila chaynik 7 maya, zakaz nomer 48210, on protekaet. hochu vernut 2500 rubley",
                             lang="en", now=NOW)
    assert found.lang == "ru"
    assert found.entities.order_numbers == ("48210",)
    assert found.entities.dates == (datetime.date(2024, 5, 7),)
    assert found.entities.products
    assert found.entities.money == (Money(Decimal(2500), "RUB"),)
    assert "хочу вернуть" in found.text


@pytest.mark.parametrize("text", ["nomer zakaza 51177", "zakaz nomer 51177", "zakaz 51177 ne dostavlen", "№ 51177"])
def test_order_numbers_in_transliteration(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text, lang="ru", now=NOW).entities.order_numbers == ("51177",)


def test_danger_in_transliteration_gives_the_safety_signals(analyzer: Analyzer) -> None:
    found = analyzer.analyze("plita udarila tokom moyu doch, ona v bolnice", now=NOW)
    assert "safety" in found.urgency_signals and found.category == "health_safety"


@pytest.mark.parametrize(("text", "intent"), [
    ("kakoy status u moey zhaloby", "status_request"),
    ("mne nuzhen zhivoy chelovek", "human"),
])
def test_intents_in_transliteration(analyzer: Analyzer, text: str, intent: str) -> None:
    assert analyzer.analyze(text, now=NOW).intent == intent


def test_mixed_scripts_give_entities_of_both(analyzer: Analyzer) -> None:
    english = analyzer.analyze("The lamp I bought (заказ 60418) stopped working on 9 мая.", now=NOW)
    assert english.lang == "en" and english.entities.order_numbers == ("60418",)
    assert [d.day for d in english.entities.dates] == [9]
    russian = analyzer.analyze("Мой order 60419 не доставили, курьер не пришёл", now=NOW)
    assert russian.lang == "ru" and russian.entities.order_numbers == ("60419",)


def test_one_word_answer_is_read_as_russian_in_a_russian_conversation(analyzer: Analyzer) -> None:
    in_russian = analyzer.analyze("pylesos", lang="ru", now=NOW)
    assert in_russian.lang == "ru" and in_russian.entities.products == ("пылесос",)
    assert analyzer.analyze("pylesos", lang="en", now=NOW).lang == "en", "one word is too little to switch"
    assert analyzer.analyze("Bosch", lang="ru", now=NOW).text == "Bosch"


@pytest.mark.parametrize(("text", "place"), [
    ("sotrudnik v otdelenii na Nevskom nagrubil mne vchera", "отделение на Невском"),
    ("kassir v magazine v Himkah na menya krichala", "магазин в Химках"),
])
def test_a_place_in_transliteration_is_read_in_cyrillic_and_a_name_stays(analyzer: Analyzer, text: str, place: str) -> None:
    assert analyzer.analyze(text, lang="ru", now=NOW).entities.places[:1] == (place,)
    assert "Petrov Ivan" in analyzer.analyze("menya zovut Petrov Ivan, zakaz ne prishel", lang="ru", now=NOW).text
