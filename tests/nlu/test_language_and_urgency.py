from __future__ import annotations

import pytest

from nlu.analyzer import Analyzer
from tests.support.nlu import NOW


@pytest.mark.parametrize(
    ("text", "lang"),
    [("hello there", "en"), ("здравствуйте", "ru"), ("статус CD-7K3M-9QXA", "ru"), ("status of CD-7K3M-9QXA", "en"), ("12345", None), ("", None), ("👍", None)],
)
def test_detect_language(analyzer: Analyzer, text: str, lang: str | None) -> None:
    assert analyzer.detect_language(text) == lang


def test_language_hint_is_used_when_text_has_no_letters(analyzer: Analyzer) -> None:
    assert analyzer.analyze("CD-7K3M-9QXA", lang="ru", now=NOW).lang == "ru"
    assert analyzer.analyze("CD-7K3M-9QXA", now=NOW).lang == "en"
    assert analyzer.analyze("привет", lang="en", now=NOW).lang == "ru"


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("the heater caught fire in my kitchen", "safety"),
        ("my son ended up in hospital with food poisoning", "health"),
        ("I will take you to court", "legal_threat"),
        ("my elderly mother is disabled", "vulnerable_person"),
        ("this is the third time I have complained", "repeat_contact"),
        ("this is outrageous", "strong_anger"),
        ("THIS IS THE WORST SERVICE I HAVE EVER HAD", "strong_anger"),
        ("why is nobody answering!!!!", "strong_anger"),
        ("обогреватель загорелся", "safety"),
        ("ребёнка увезли в больницу", "health"),
        ("я подам в суд", "legal_threat"),
        ("моя мама пенсионерка", "vulnerable_person"),
        ("пишу уже третий раз", "repeat_contact"),
        ("это возмутительно", "strong_anger"),
    ],
)
def test_urgency_signals(analyzer: Analyzer, text: str, signal: str) -> None:
    assert signal in analyzer.analyze(text, now=NOW).urgency_signals


def test_calm_message_has_no_signals_and_redactions_are_not_shouting(analyzer: Analyzer) -> None:
    assert analyzer.analyze("my parcel is late, please check", now=NOW).urgency_signals == frozenset()
    assert analyzer.analyze("On XX/XX/XXXX XXXX XXXX called me about XXXX", now=NOW).urgency_signals == frozenset()


@pytest.mark.parametrize("text", [
    "honestly I'm sick of waiting for this refund",
    "I was shocked to see the bill this month",
    "the late payment marker has hurt my credit score",
    "you keep flooding my inbox with offers",
    "у меня уже голова болит от вашего сервиса",
    # faults of a thing, damage to property: a quality complaint, not a danger to a person
    "the grill you sold me burns every slice of bread on the lowest setting",
    "my laptop overheats when I play games and the fan is loud",
    "the insurance claim for my flooded cellar has been open for a month",
    "посылка пришла, ваза в осколках",
    "ноутбук перегревается через полчаса работы",
])
def test_figures_of_speech_are_no_harm(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text, now=NOW)
    assert not analysis.urgency_signals & {"safety", "health"} and analysis.category != "health_safety"


@pytest.mark.parametrize("text", [
    "I am pregnant and my parcel is two weeks late, I need my order",
    "my anxiety is through the roof because you keep charging me twice",
    "I was ill last week so I missed the delivery slot and now you charge a fee",
    "my husband is in hospital so I could not pay on time, please remove the late fee",
    "Я беременна, а посылку так и не привезли",
    "Я болела и пропустила платёж, уберите штраф",
    "Муж в больнице, поэтому я не смогла заплатить вовремя, уберите пени",
])
def test_a_persons_condition_is_a_vulnerability_not_a_harm(analyzer: Analyzer, text: str) -> None:
    """Being ill, pregnant or in hospital says the person needs care (vulnerable_person), not that the
    product or service harmed them: no health & safety complaint, no critical priority for that alone."""
    analysis = analyzer.analyze(text, now=NOW)
    assert "vulnerable_person" in analysis.urgency_signals
    assert not analysis.urgency_signals & {"safety", "health"} and analysis.category != "health_safety"


@pytest.mark.parametrize("text", [
    "the toaster I bought from you last week caught fire on the counter and my husband burnt his arm putting it out",
    "my daughter is in hospital after eating the yoghurt you sold us, it was two weeks past the date",
    "там где стоит ваш котёл пахнет газом уже второй день, мастер так и не пришёл",
    "зарядка от вашего телефона расплавилась ночью, ребёнок обжёгся, мы были у врача",
    "the chicken wrap from your store made my daughter ill, she was vomiting all night",
    "после вашего йогурта мы все отравились, сына положили в больницу",
])
def test_harm_makes_it_a_health_and_safety_complaint(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text, now=NOW)
    assert analysis.urgency_signals & {"safety", "health"} and analysis.category == "health_safety"
