"""Products and services as people name them: not only the policy's catalog."""

from __future__ import annotations

import pytest

from nlu.analyzer import Analyzer
from tests.support.nlu import NOW


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "My Bosch washing machine broke after a week", "Bosch washing machine"),
    ("en", "the electric kettle I bought leaks everywhere", "electric kettle"),
    ("en", "boiler repair was botched, the engineer never came back", "boiler repair"),
    ("en", "my new Samsung smart tv has dead pixels", "new Samsung smart tv"),
    ("en", "I was charged twice for my credit card", "credit card"),  # the policy's catalog name
    ("ru", "Сломалась стиральную машину Bosch через неделю", "стиральную машину Bosch"),
    ("ru", "Купил телевизр, не включается", "телевизор"),  # a typo taken for the word it misses
    ("ru", "диван привезли порванный", "диван"),
    ("ru", "мобильном приложении не проходит оплата", "мобильное приложение"),
])
def test_products_as_people_name_them(analyzer: Analyzer, lang: str, text: str, expected: str) -> None:
    assert analyzer.analyze(text, lang=lang, now=NOW).entities.products[:1] == (expected,)


@pytest.mark.parametrize("text", ["The parcel arrived broken and nobody answers my calls.",
                                  "My parcel was lost on 3 March and nobody answers the phone.",
                                  "I called the shop three times and emailed the branch",
                                  "мне не перезвонили из магазина"])
def test_channels_places_and_deliveries_are_not_products(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text, now=NOW).entities.products == ()


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "I bought a pedal bin from you and the lid snapped", "pedal bin"),
    ("en", "complaint about the loyalty scheme, my points vanished", "loyalty scheme"),
    ("en", "I have a problem with my season pass, it will not scan", "season pass"),
    ("ru", "заказала садовые качели, пришли без болтов", "садовые качели"),
    ("ru", "жалоба на сезонный пропуск, турникет его не читает", "сезонный пропуск"),
])
def test_a_product_no_lexicon_knows_is_read_where_complaints_name_one(
        analyzer: Analyzer, lang: str, text: str, expected: str) -> None:
    assert analyzer.analyze(text, lang=lang, now=NOW).entities.products[:1] == (expected,)


@pytest.mark.parametrize("text", ["I ordered something and it never came", "complaint about case CD-7K3M-9QXA",
                                  "проблема с номером заказа 55123", "I have a problem with my order number",
                                  "хочу пожаловаться на кассира, она нагрубила",  # a person: conduct, not a product
                                  "I want to complain about the cashier, she was rude"])
def test_papers_numbers_and_vague_words_are_not_products(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text, now=NOW).entities.products == ()


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("ru", "жалоба на ремонт кофемашины, сдала её две недели назад", ("ремонт кофемашины",)),
    ("ru", "установку посудомоечной машины перенесли трижды", ("установку посудомоечной машины",)),
    ("en", "YOUR ENGINEER CAME TO REPAIR MY BOILER AND LEFT", ("BOILER",)),
])
def test_a_service_keeps_what_it_is_of_and_a_verb_is_no_product(
        analyzer: Analyzer, lang: str, text: str, expected: tuple[str, ...]) -> None:
    assert analyzer.analyze(text, lang=lang, now=NOW).entities.products == expected


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("ru", "когда я звонила по поводу отключения интернета", ("интернет",)),  # one declined word: as the lexicon names it
    ("ru", "мой сын обжёгся чайником", ("чайник",)),
    ("ru", "курьер оставил её новый холодильник на улице под дождём", ("новый холодильник",)),  # no possessive
    ("ru", "пишу по поводу сберегательного счёта моего покойного мужа", ("сберегательного счёта",)),  # whose it is, not which
    ("ru", "требую отремонтировать потолок за счёт компании", ()),  # «за счёт»: at its expense
    ("ru", "вы выставили мне счёт на 3 450 рублей", ()),  # an invoice
    ("en", "the electrician left exposed live wires in my kitchen", ()),  # the room it happened in
    ("en", "I want it fixed and the ceiling repaired", ()),  # a verb form
    ("en", "the fitted kitchen you installed has a broken door", ("fitted kitchen", "door")),
    # the verb of a thing is no typo of it: "charge" is no "charger", "freeze" no "freezer"
    ("en", "there is a mysterious £9.99 charge on my statement every month", ()),
    ("en", "my new phone won't charge", ()),
    ("en", "I need a security freeze because of identity theft", ()),
    ("en", "my chargr is broken", ("charger",)),  # a typo still is
    ("en", "I want a refund of course for the website outage", ("website",)),  # "of course"
    ("en", "the cooking course was cancelled", ("cooking course",)),
])
def test_words_that_name_no_product_where_they_stand(analyzer: Analyzer, lang: str, text: str,
                                                     expected: tuple[str, ...]) -> None:
    assert analyzer.analyze(text, lang=lang, now=NOW).entities.products == expected


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "Water leaking since your plumber fitted the new shower on 6th November", "new shower"),
    ("en", "My new shower leaks", "new shower"),
    ("en", "the extractor fan in the bathroom rattles and the toilet seat cracked", "extractor fan"),
    ("en", "my student loan servicer keeps losing my payments", "student loan"),
    ("en", "the treadmill belt jammed and threw me off", "treadmill"),
    ("en", "your pest control visit did nothing, the mice are back", "pest control"),
    ("ru", "с тех пор как ваш сантехник поставил новый душ, течёт", "новый душ"),
    ("ru", "душевая кабина протекает с первого дня", "душевая кабина"),
    ("ru", "жалуюсь на абонемент в спортзал, списывают после отмены", "абонемент в спортзал"),
    ("ru", "заявку на ипотечные каникулы проигнорировали", "ипотечные каникулы"),
    ("ru", "мясо оказалось испорченным, когда я открыл упаковку", "мясо"),
])
def test_goods_and_services_of_every_field(analyzer: Analyzer, lang: str, text: str, expected: str) -> None:
    assert analyzer.analyze(text, lang=lang, now=NOW).entities.products[:1] == (expected,)


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "the courier threw my parcel over the fence"),  # where, not what
    ("en", "the price on the shelf was lower than at the till"),
    ("en", "who won the football last night"),
    ("en", "you sent me a bill for £87.50 for something I never signed up for"),  # a paper
    ("ru", "от всей души надеюсь на ответ"),  # «души», «душу»: the soul's forms, not a shower's
    ("ru", "мне душу вымотали вашими звонками"),
    ("ru", "вызвал сантехника, он так и не пришёл"),  # a plumber, not plumbing goods
])
def test_words_of_the_new_fields_that_name_no_product(analyzer: Analyzer, lang: str, text: str) -> None:
    assert analyzer.analyze(text, lang=lang, now=NOW).entities.products == ()


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "the paint is peeling off the new bike", "new bike"),  # a part is no product of its own
    ("ru", "куртка развалилась после первой стирки", "куртка"),
    ("ru", "Жалоба на закрытие счёта. Вы закрыли мой текущий счёт без предупреждения", "текущий счёт"),  # the fuller mention
])
def test_the_product_is_the_thing_not_its_part_nor_its_care(analyzer: Analyzer, lang: str, text: str,
                                                            expected: str) -> None:
    assert analyzer.analyze(text, lang=lang, now=NOW).entities.products[:1] == (expected,)


@pytest.mark.parametrize(("text", "expected"), [
    ("Купил laptop Lenovo 8 ноября, keyboard не работает. Верните деньги.", ("laptop Lenovo", "keyboard")),
    ("Я хочу пожаловаться на boiler repair, мастер приходил и ничего не починил", ("boiler repair",)),
    ("Добрый день! My internet не работает с понедельника", ("internet",)),
    ("у меня сломались headphones через неделю", ("headphones",)),
    ("мой new laptop не включается", ("new laptop",)),
])
def test_a_russian_message_reads_english_products_in_latin_letters(analyzer: Analyzer, text: str,
                                                                   expected: tuple[str, ...]) -> None:
    analysis = analyzer.analyze(text, lang="ru", now=NOW)
    assert analysis.lang == "ru" and analysis.entities.products == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Hello, I bought a телевизор Samsung in your shop, it has no sound", ("телевизор Samsung",)),
    ("Hi, the чайник I ordered from you leaks everywhere", ("чайник",)),  # one word: as its lexicon names it
    ("I bought a стиральную машину from you and it leaks", ("стиральную машину",)),
])
def test_an_english_message_reads_russian_products_in_cyrillic(analyzer: Analyzer, text: str,
                                                               expected: tuple[str, ...]) -> None:
    analysis = analyzer.analyze(text, lang="en", now=NOW)
    assert analysis.lang == "en" and analysis.entities.products == expected


@pytest.mark.parametrize("text", [
    "Здравствуйте, мой order 55821 не доставили, the courier never came. Хочу refund.",
    "zakaz ne prishel, nomer zakaza 73105. hochu vernut dengi",  # Russian in Latin letters
    "I was charged twice, please help, спасибо большое",
])
def test_mixed_words_that_are_no_products_stay_none(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text, now=NOW).entities.products == ()
