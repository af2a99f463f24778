from __future__ import annotations

from pathlib import Path

import pytest

from config.policy import Policy
from nlu.analyzer import Analyzer
from nlu.language_engine import Engine
from nlu.pipeline import CATEGORY
from nlu.train_and_evaluate import ensure_trained
from tests.support.nlu import NOW


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hello", "greeting"),
        ("thank you very much", "thanks"),
        ("I want to talk to a human", "human"),
        ("what's the status of my complaint?", "status_request"),
        ("I want to make a complaint", "new_complaint"),
        ("здравствуйте", "greeting"),
        ("спасибо большое", "thanks"),
        ("хочу подать жалобу", "new_complaint"),
        ("какой статус моей жалобы?", "status_request"),
        ("соедините с оператором", "human"),
    ],
)
def test_intent(analyzer: Analyzer, text: str, intent: str) -> None:
    analysis = analyzer.analyze(text, now=NOW)
    assert analysis.intent == intent
    assert 0.0 < analysis.intent_confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I was charged twice for the same order", "billing"),
        ("my parcel never arrived", "delivery"),
        ("someone took money from my account without my permission", "fraud_security"),
        ("с меня дважды списали деньги за один заказ", "billing"),
        ("моя посылка так и не пришла", "delivery"),
    ],
)
def test_category(analyzer: Analyzer, text: str, category: str) -> None:
    assert analyzer.analyze(text, now=NOW).category == category


def test_categories_come_from_the_policy(analyzer: Analyzer, policy) -> None:  # type: ignore[no-untyped-def]
    assert analyzer.analyze("the product broke", now=NOW).category in policy.categories


def test_text_without_letters_is_other(analyzer: Analyzer) -> None:
    assert analyzer.analyze("???", now=NOW).intent == "other"


def test_the_category_asked_for_later_is_the_one_the_whole_pipeline_gives(policy: Policy, model_dir: Path,
                                                                          analyzer: Analyzer) -> None:
    """``analyze`` leaves the category classifier out until the category is asked for: what it
    gives then is what the classifier run with the rest of the pipeline gives (``Engine.classify``)."""
    texts = {"en": ["I was charged twice for the same order", "my parcel never arrived", "yes", "John Smith",
                    "hi, the kettle I bought at Argos leaks", "the heater gave my son an electric shock"],
             "ru": ["с меня дважды списали деньги", "да", "Анна Петрова", "здравствуйте, посылка не пришла"]}
    pipelines = ensure_trained(policy, model_dir)
    for lang, sample in texts.items():
        engine = Engine(pipelines[lang], lang, policy.references.prefix, policy.catalog.products,
                        signal_categories={k: c.signals for k, c in policy.categories.items() if c.signals})
        analyses = [analyzer.analyze(text, lang=lang, now=NOW) for text in sample]
        assert [a.category for a in analyses] == engine.classify(sample, CATEGORY)
        assert all(0.0 < a.category_confidence <= 1.0 for a in analyses)
    assert analyzer.analyze("the heater gave my son an electric shock", now=NOW).category == "health_safety"
