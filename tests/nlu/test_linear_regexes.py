"""Every regular expression of ``nlu`` runs in linear time on a megabyte of its worst case (issue
#13: one message of 40,000 characters froze the process). The shapes marked "was quadratic" took
seconds at 10,000 characters and hours at a megabyte before they were rewritten."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest

from nlu import amounts, anonymise, bow, issue_groups, dataset, date_rules, dates, en_lemmas, language, near, orders, phones, products, rules, tokens, translit, urgency
from nlu.datagen import build
from nlu.emails import find_emails
from nlu.money import _amount, find_money
from nlu.orders import find_order_numbers
from nlu.places import find_places
from nlu.references import ReferenceFinder
from tests.support.linear import Case, assert_case_linear, case, regex_sites, times
from tests.support.nlu import NOW


def _moves(text: str) -> list[object]:
    return [move.fullmatch(text) for lang in ("en", "ru") for move in rules._MOVES[lang].values()]


def _finds(pattern: re.Pattern[str] | near.Near) -> Callable[[str], object]:
    if isinstance(pattern, near.Near):
        return lambda text: list(pattern.finditer(text, near.lowered(text)))
    return lambda text: list(pattern.finditer(text))


_RELATIVE = [found for lang in ("en", "ru") for _, found in date_rules._PATTERNS[lang]]

CASES: dict[str, Case] = {
    "nlu/amounts.py:_BARE:1": case(lambda text: list(amounts._BARE.finditer(text)), times("1"), times("1 000 "), times("12.")),
    "nlu/amounts.py:_UNITS:1": case(amounts._UNITS.match, times(" "), times("months")),
    "nlu/anonymise.py:_NAMES:1": case(lambda text: anonymise._NAMES.sub("[name]", text), times("[name] "), times("[name]    ")),
    "nlu/anonymise.py:_WORD:1": case(_finds(anonymise._WORD), times("a"), times("a'"), times("Aa’")),
    "nlu/bow.py:_LETTERS:1": case(lambda text: bow._char_features(text, 3, 5, 0.25), times("ab1"), times("x")),
    "nlu/datagen/build.py:_typo:1": case(lambda text: build._typo(text, random.Random(1)), times("abcd1"), times("abcdef ")),
    "nlu/datagen/build.py:_fillings:1": case(lambda text: build._fillings(text, {}, random.Random(1), 1), times("a", "{"), times("{a")),
    "nlu/dataset.py:_FILLER:1": case(dataset.normalised, times("good "), times("hellx ")),
    "nlu/dataset.py:_NON_WORD:1": case(dataset.normalised, times("_-"), times("a_")),
    # relative dates: a keyword then a long run of spaces that leads nowhere
    "nlu/date_rules.py:_PATTERNS:1": case(_finds(_RELATIVE[0]), times(" ", "the"), times("day before ")),
    "nlu/date_rules.py:_PATTERNS:2": case(_finds(_RELATIVE[1]), times("this "), times(" ", "last")),
    "nlu/date_rules.py:_PATTERNS:3": case(_finds(_RELATIVE[2]), times(" ", "x"), times("3 days ")),
    "nlu/date_rules.py:_PATTERNS:4": case(_finds(_RELATIVE[3]), times("last "), times(" ", "this past")),
    "nlu/date_rules.py:_PATTERNS:5": case(_finds(_RELATIVE[4]), times("the "), times(" ", "the"), times("the 1")),
    "nlu/date_rules.py:_PATTERNS:6": case(_finds(_RELATIVE[5]), times("twenty "), times("first of "), times("the first ")),
    "nlu/date_rules.py:_PATTERNS:7": case(_finds(_RELATIVE[6]), times("вчерашний "), times("ь", "вчерашн")),
    "nlu/date_rules.py:_PATTERNS:8": case(_finds(_RELATIVE[7]), times(" "), times("два дня ")),  # was quadratic
    "nlu/date_rules.py:_PATTERNS:9": case(_finds(_RELATIVE[8]), times("недели "), times("дня два "), times("д")),
    "nlu/date_rules.py:_PATTERNS:10": case(_finds(_RELATIVE[9]), times(" "), times("т", "эт")),  # was quadratic
    "nlu/date_rules.py:_PATTERNS:11": case(_finds(_RELATIVE[10]), times("5 "), times("5-го "), times("1")),
    "nlu/date_rules.py:_PATTERNS:12": case(_finds(_RELATIVE[11]), times("двадцать "), times("первого "), times("двадцато")),
    "nlu/date_rules.py:_offset:1": case(date_rules._offset, times(" \t")),
    "nlu/dates.py:_CANDIDATES:1": case(_finds(dates._CANDIDATES["en"]), times("5 "), times(" ", "5"), times("may 5 ")),
    "nlu/dates.py:_CANDIDATES:2": case(_finds(dates._CANDIDATES["ru"]), times("5 "), times("ь", "5 январ"), times("5 мая ")),
    "nlu/dates.py:_DIGIT_RUN:1": case(_finds(dates._CANDIDATES["en"]), times("1"), times("1 "), times("1" + " " * near.SPACES)),
    "nlu/dates.py:_ORDINAL_ENDING:1": case(dates._ORDINAL_ENDING.search, times("5-го"), times("5е ")),
    "nlu/dates.py:_DAY_MONTH:1": case(dates._DAY_MONTH.match, times("1"), times("1."), times("17.11 ")),
    "nlu/dates.py:_SCRIPTS:1": case(dates._SCRIPTS["en"].search, times("я ")),
    "nlu/dates.py:_SCRIPTS:2": case(dates._SCRIPTS["ru"].search, times("a ")),
    "nlu/dates.py:find_dates:1": case(lambda text: list(dates.find_dates(text, "en", NOW)), times(" ", "5", "May 2020")),
    "nlu/emails.py:_EMAIL:1": case(lambda text: list(find_emails(text)), times("1.", "a@"), times("a."), times("a@")),
    "nlu/en_lemmas.py:_KEEP:1": case(en_lemmas.lemma_of.__wrapped__, times("xs")),
    "nlu/language.py:_WORD:1": case(language.detect_language, times("a ")),
    "nlu/language.py:_SKIP:1": case(language.detect_language, times("x"), times("x", "", "1")),  # was quadratic
    "nlu/language.py:_NEITHER:1": case(language.detect_language, times("é "), times("éa")),
    # windows around words: a word every few characters, each with a run as long as the bounds allow
    "nlu/near.py:_LONG_RUN:1": case(_finds(_RELATIVE[7]), times("назад" + "а" * near.WORDS + " "), times("назад" + " " * near.SPACES)),
    "nlu/near.py:_FOLDED:1": case(near.lowered, times("a")),
    # money: a number in groups of thousands was read again from each group; a long number was made an integer
    "nlu/money.py:_PATTERN:1": case(lambda text: list(find_money(text)), times(" 000", "1"), times("1", "$"), times("1")),
    "nlu/money.py:_amount:1": case(_amount, times(" ")),
    "nlu/money.py:_amount:2": case(_amount, times(".,")),
    "nlu/money.py:_amount:3": case(_amount, times(",")),
    # order numbers: an unbounded look-ahead for a digit read the rest of a long run from every start
    "nlu/issue_groups.py:_WORD:1": case(_finds(issue_groups._WORD), times("a"), times("a'"), times("a’1")),
    "nlu/orders.py:_EN:1": case(lambda text: list(find_order_numbers(text, "en")), times("order-"), times(" ", "order")),
    "nlu/orders.py:_RU:1": case(lambda text: list(find_order_numbers(text, "ru")), times("a", "заказ"), times("№-")),
    "nlu/orders.py:_CYRILLIC:1": case(orders._CYRILLIC.search, times("a ")),
    "nlu/orders.py:_LATIN:1": case(orders._LATIN.search, times("я ")),
    # places: runs of capitalised words, place nouns that are no place ("Your store"), a quote never closed
    "nlu/places.py:_compiled:1": case(lambda text: [*find_places(text, "en"), *find_places(text, "ru")],
                                      times("Aa "), times("Your store "), times("store in Aa "), times("in Leeds "),
                                      times("магазине в Аа "), times("в Аа "), times("а", "ТЦ «"), times("ТЦ «а» "),
                                      times("at tesco "), times("at the local "), times("tesco in aa "), times("in aa "),
                                      times("1 Aa Road, "), times("12 aa aa "), times("1 aa st, aa "), times("1 Aa St, Aa AA1 "), times("store in "),
                                      times("в пятёрочке "), times("в аа "), times("магазине аа "), times("ул. аа 5, "),
                                      times("ул. аа "), times("магазине в казани ")),
    "nlu/phones.py:_DIGITS:1": case(phones._DIGITS.findall, times("1")),  # find_phones: tests/nlu/test_linear_steps.py
    "nlu/phones.py:_RUN:1": case(lambda text: list(phones._RUN.finditer(text)), times("1"), times("1 ("), times("+(1 ")),
    # pre-checks of the product finder: no letter of the other script, no run of six letters
    "nlu/products.py:_OTHER_SCRIPT:1": case(products._OTHER_SCRIPT[True].search, times("я ")),
    "nlu/products.py:_OTHER_SCRIPT:2": case(products._OTHER_SCRIPT[False].search, times("a ")),
    "nlu/products.py:_LONG_WORD:1": case(products._LONG_WORD.search, times("abcde "), times("a1")),
    "nlu/references.py:ReferenceFinder.__init__:1": case(lambda text: list(ReferenceFinder("CD").find(text)), times("cd-"),
                                                         times("CD7K3M")),
    "nlu/rules.py:_REFERENCE:1": case(lambda text: rules.decide(text, "en"), times("cd-1234-"), times("cd 7k3m 9qxa ")),
    "nlu/rules.py:_CLEAN:1": case(lambda text: rules.decide(text, "en"), times("-'"), times("!a")),
    "nlu/rules.py:_SPACES:1": case(lambda text: rules.decide(text, "en"), times(" \t")),
    "nlu/rules.py:_STATUS_WORDS:1": case(lambda text: rules._STATUS_WORDS["en"].search(text), times("any wor ")),
    "nlu/rules.py:_STATUS_WORDS:2": case(lambda text: rules._STATUS_WORDS["ru"].search(text), times("как т ")),
    "nlu/rules.py:_OTHER_REFERENCE_WORDS:1": case(lambda text: rules._OTHER_REFERENCE_WORDS["en"].search(text), times("cancelx ")),
    "nlu/rules.py:_OTHER_REFERENCE_WORDS:2": case(lambda text: rules._OTHER_REFERENCE_WORDS["ru"].search(text), times("ещё од ")),
    # stock moves: padding words that are also moves could be split every way ("ok ok ok ... x")
    "nlu/rules.py:_compile:1": case(_moves, times("ok ", "", "x"), times(" вам большое", "спасибо", " x"), times("thanks ")),
    "nlu/rules.py:_LEADING:1": case(lambda text: rules.without_greeting(text, "en"), times("!"), times(" ", "hi")),
    "nlu/rules.py:_LEADING:2": case(lambda text: rules.without_greeting(text, "ru"), times("!"), times(" ", "привет")),
    "nlu/tokens.py:_LONG_RUN:1": case(_finds(tokens._LONG_RUN), times(" x"), times("x" * tokens.MAX_RUN + " ")),
    # Latin-script Russian: words of at most 40 letters, addresses and links kept whole
    "nlu/translit.py:_WORD:1": case(_finds(translit._WORD), times("a"), times("a'"), times("4a"), times("a4")),
    "nlu/translit.py:_LATIN_WORD:1": case(_finds(translit._LATIN_WORD), times("a"), times("a'")),
    "nlu/translit.py:_KEPT_RUN:1": case(_finds(translit._KEPT_RUN), times("x"), times("x "), times("www"), times("x", "", "@")),
    "nlu/translit.py:_NOT_WORDS:1": case(_finds(translit._NOT_WORDS), times("x"), times("x", "", "1")),
    "nlu/urgency.py:_WORD:1": case(urgency.shouting, times("ab ")),
    "nlu/urgency.py:_REDACTED:1": case(urgency.shouting, times("XXXx ")),
    # "?!" pairs: a leading "[!?]*" read a run of question marks again from every position
    "nlu/urgency.py:_EXCLAMATIONS:1": case(urgency._EXCLAMATIONS.search, times("?"), times("?", "!?"), times("?", "?!?")),
}


def test_every_regular_expression_of_nlu_has_a_worst_case() -> None:
    assert set(CASES) == regex_sites("nlu")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("site", sorted(CASES))
def test_regular_expression_is_linear_on_a_megabyte(site: str) -> None:
    assert_case_linear(CASES[site])
