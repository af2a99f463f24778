from __future__ import annotations

import random

import pytest

from nlu import dataset, rules
from nlu.analyzer import Analyzer
from nlu.rules import RULE_CONFIDENCE, decide, without_greeting
from tests.support.nlu import NOW


@pytest.mark.parametrize(
    ("text", "lang", "intent"),
    [
        ("Hi there!", "en", "greeting"), ("thanks a lot!", "en", "thanks"), ("yes please", "en", "accept"), ("no thanks", "en", "reject"),
        ("hi, cancel please", "en", "cancel"), ("operator", "en", "human"), ("/help", "en", "help"), ("CD-7K3M-9QXA", "en", "status_request"),
        ("any news on CD 7K3M 9QXA?", "en", "status_request"), ("добрый вечер", "ru", "greeting"), ("спасибо вам большое", "ru", "thanks"),
        ("да, согласен", "ru", "accept"), ("нет", "ru", "reject"), ("отмена", "ru", "cancel"), ("позовите оператора", "ru", "human"),
        ("статус CD-7K3M-9QXA", "ru", "status_request"),
    ],
)
def test_rule_layer_decides_stock_moves(text: str, lang: str, intent: str) -> None:
    assert decide(text, lang) is not None and decide(text, lang).intent == intent  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("hi, my parcel never arrived", "en"), ("cancel my subscription, you keep charging me twice", "en"),
     ("I want to add a photo to CD-7K3M-9QXA", "en"), ("здравствуйте, с меня дважды списали деньги", "ru")],
)
def test_rule_layer_leaves_real_messages_to_the_classifier(text: str, lang: str) -> None:
    assert decide(text, lang) is None


def test_a_long_message_is_told_from_a_stock_move_by_its_head_as_by_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(7)
    pieces = ("ok", "thanks", "cd-7k3m-9qxa", "CD 7K3M", "9qxa", "status", "-'", "'", "—", "!", "?", "спасибо", "x" * 40, "İ", "a")
    texts = ["".join(rnd.choice(pieces) + rnd.choice(("", " ", "  ", "-", ",", "\n")) for _ in range(rnd.randint(60, 200)))
             for _ in range(2000)]
    texts = [text[:rnd.randint(rules._HEAD - 40, rules._HEAD + 80)] for text in texts]
    told = [decide(text, lang) for text in texts for lang in ("en", "ru")]
    monkeypatch.setattr(rules, "_HEAD", 10**9)
    assert told == [decide(text, lang) for text in texts for lang in ("en", "ru")]


def test_rule_decisions_are_confident_enough_for_the_dialogue(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("talk to a human please", now=NOW)
    assert (analysis.intent, analysis.intent_confidence) == ("human", RULE_CONFIDENCE)


def test_leading_greeting_is_ignored_for_intent() -> None:
    assert without_greeting("Hello! my parcel never came", "en") == "my parcel never came"
    assert without_greeting("hello", "en") == "hello"
    assert without_greeting("Добрый день, прикладываю чек", "ru") == "прикладываю чек"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_held_out_split_has_no_shared_group_or_near_duplicate(lang: str, policy) -> None:  # type: ignore[no-untyped-def]
    for examples in (dataset.intents(lang), dataset.categories(lang, list(policy.categories))):
        train, held = dataset.split(examples)
        assert len(held) >= 0.1 * len(examples)
        assert not {e.group for e in train} & {e.group for e in held}
        assert not {dataset.normalised(e.text) or e.text for e in train} & {dataset.normalised(e.text) or e.text for e in held}
        assert all(not e.group.startswith(dataset.TRAIN_ONLY_PREFIX) for e in held)


def test_near_duplicates_are_merged_before_splitting() -> None:
    examples = dataset.deduplicated([dataset.Example("my parcel never came", "new_complaint"),
                                     dataset.Example("Hi, my parcel never came!", "new_complaint")])
    assert [e.text for e in examples] == ["my parcel never came"]


@pytest.mark.parametrize(
    ("text", "signal"),
    [("nobody was hurt", "safety"), ("no one was injured", "safety"), ("никто не пострадал", "safety"),
     ("I ordered it again last month and it's fine", "repeat_contact"), ("I am still waiting for the parcel", "repeat_contact"),
     ("я снова заказал у вас", "repeat_contact")],
)
def test_loose_or_negated_phrases_raise_no_signal(analyzer: Analyzer, text: str, signal: str) -> None:
    assert signal not in analyzer.analyze(text, now=NOW).urgency_signals
