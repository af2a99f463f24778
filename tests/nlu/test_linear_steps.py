"""Every step of the analysis is linear on long input (issue #13), and only the beginning of a long
message is analysed (``COMPLAINTDESK_NLU_MAX_CHARS``)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import spacy

from config.policy import Policy
from nlu.analyzer import Analyzer
from nlu.dates import MAX_PARSED, find_dates
from nlu.phones import find_phones
from nlu.tokens import MAX_RUN, make_doc
from tests.support.linear import SIZES, assert_linear, times
from tests.support.nlu import NOW


@pytest.fixture(scope="module")
def uncapped(policy: Policy, model_dir: Path, analyzer: Analyzer) -> Analyzer:
    """The trained pipelines with no cap on the text, to show what each step does with a lot of it."""
    return Analyzer.load(policy, model_dir, max_chars=SIZES[-1] * 2)


@pytest.mark.parametrize("unit", ["(", "?", "$", "x", "ё"])
def test_the_tokenizer_takes_a_megabyte_without_spaces_in_linear_time(unit: str) -> None:
    # spaCy takes affixes off a long run one at a time, reading the rest again each time: 8,000
    # brackets took four seconds, a megabyte would take hours
    nlp = spacy.blank("en")
    assert_linear(lambda text: make_doc(nlp, text), times(unit))


def test_a_long_run_is_one_token_and_the_doc_keeps_the_text() -> None:
    nlp = spacy.blank("en")
    run = "(" * (MAX_RUN + 1)
    text = f"hi  {run} there\n{run}? ok {'x' * (MAX_RUN - 1)}!"
    doc = make_doc(nlp, text)
    assert doc.text == text
    assert [token.text for token in doc].count(run) == 1
    assert [token.text for token in doc][-2:] == ["x" * (MAX_RUN - 1), "!"]  # a run of MAX_RUN: tokenized as usual
    assert [token.text for token in make_doc(nlp, "my parcel (never) came!")] == [
        token.text for token in nlp.make_doc("my parcel (never) came!")]


@pytest.mark.timeout(300)
@pytest.mark.parametrize(("lang", "unit"), [
    ("en", "$1 "),  # thousands of amounts, each checked against every one claimed before (was quadratic)
    ("en", "("),  # one run of brackets for the tokenizer (was quadratic)
    ("en", "?!"),  # question and exclamation marks for the anger signal
    ("en", "order-"),  # order numbers looked for from every word of a run (was quadratic)
    ("ru", "5 мая 2020, "),  # dates: dateparser reads the first few only
    ("ru", " "),  # spaces before a relative date that never comes (was quadratic)
    ("en", "call +44 20 7946 0958 "),  # phone numbers
    ("en", "the bill shocked me at the socket "),  # harm words read by the cues of their clause only
])
def test_the_whole_analysis_is_linear(uncapped: Analyzer, lang: str, unit: str) -> None:
    assert_linear(lambda text: uncapped.analyze(text, lang=lang, now=NOW), times(unit), SIZES[:-1])


def test_phone_numbers_are_found_in_linear_time() -> None:
    assert_linear(lambda text: list(find_phones(text, "GB")), times("+44 20 7946 0958, "), SIZES[:-1])
    assert_linear(lambda text: list(find_phones(text, "RU")), times("1 "), SIZES[:-1])


def test_only_the_first_dates_of_a_long_list_are_parsed() -> None:
    listed = "".join(f"{index % 28 + 1} May {1950 + index}, " for index in range(MAX_PARSED + 10))
    found = [item.value for item in find_dates(listed, "en", NOW)]
    assert found == [datetime.date(1950 + index, 5, index % 28 + 1) for index in range(MAX_PARSED)]


def test_only_the_beginning_of_a_long_message_is_analysed(policy: Policy, model_dir: Path, analyzer: Analyzer) -> None:
    capped = Analyzer.load(policy, model_dir, max_chars=600)
    head = "My parcel never came, order #A-5521. "
    text = head + "It was meant to arrive last week. " * 40 + "Write to me at late@example.com please."
    analysis = capped.analyze(text, now=NOW)
    assert analysis.text == text[:600]
    assert analysis.entities.order_numbers == ("A-5521",)
    assert analysis.entities.emails == ()  # after the first 600 characters
    assert capped.detect_language("1" * 600 + " Здравствуйте, у меня сломался телефон") is None
    assert analyzer.analyze(text, now=NOW).entities.emails == ("late@example.com",)  # the default reads it all


def test_an_address_longer_than_any_mailbox_is_not_an_email(analyzer: Analyzer) -> None:
    long = "a" * 300 + "@example.com"
    assert analyzer.analyze(f"write to {long} or to b@example.com", now=NOW).entities.emails == ("b@example.com",)
