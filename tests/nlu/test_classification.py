from __future__ import annotations

import pytest

from nlu.analyzer import Analyzer
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
