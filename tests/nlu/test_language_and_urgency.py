from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlu.analyzer import Analyzer
from nlu.pipeline import blank_pipeline
from nlu.urgency import UrgencyFinder
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
    # emotion words that name harm elsewhere: read by what is around them, not by the word
    "I am shocked",
    "Today the manager shouted at me, I am shocked. Refund please.",
    "I was shocked by how rude the staff were",
    "I got a shock when I saw the bill",
    "the price rise was a real shock",
    "this is killing me, please just refund",
    "your prices are killing me",
    "you nearly killed me with that bill",
    "this delay is killing my business",
    "my husband died last year and the bank keeps writing to him",
    "I'm dying to know where my parcel is",
    "I got burned by this deal, never again",
    "I've been burned before by companies like yours",
    "I was really hurt by the way I was treated",
    "you hurt my feelings and it hurts me to say it",
    "this really hurt us financially",
    "it makes me sick how you treat your customers",
    "it made me sick to see how they spoke to my mum",
    "I feel sick about the money I lost",
    "what a nightmare, three weeks without internet",
    "your courier was smoking in my hallway",
    "my phone exploded with notifications from your app",
    "the deal collapsed because your bank was late",
    "we are in danger of losing our home because of your error",
    "я в шоке",
    "я в шоке от того, как со мной разговаривали",
    "я просто шокирована вашим отношением",
    "вы убили мои нервы",
    "меня это убивает",
    "вы убили мне все выходные",
    "я чуть не умерла от смеха",
    "меня тошнит от вашего сервиса и ваших звонков",
    "больно смотреть, как вы работаете",
    "я уже обожглась на вашей акции",
    "на стиральной машине загорелась красная лампочка и она не включается",
    "я загорелся идеей, но тариф разочаровал",
    "я чуть не взорвался от злости",
    "моральная травма после разговора с вашим оператором",
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


@pytest.mark.parametrize("text", [
    "the heater gave my son an electric shock",
    "I got shocked by the charger",
    "I was shocked when I touched the socket",
    "my daughter got a shock from the lamp",
    "the wire is exposed and my son got a shock",
    "he was burned by the kettle",
    "the kettle lid came off and I got burned",
    "my wife hurt her wrist when the step gave way",
    "my son was hurt",
    "the food made me sick",
    "I got sick about an hour after eating your pie",
    "smoke was coming out of the charger",
    "the heater exploded with a loud bang",
    "he was choking on a piece of plastic in the sandwich",
    "меня ударило током от вашего чайника",
    "его чуть не убило током",
    "ребёнок едва не обжёгся",
    "обжёгся",
    "сын обжёгся паром из чайника",
    "отравился",
    "меня стошнило после вашего салата",
    "телефон загорелся у меня в руке",
    "аккумулятор взорвался в руках",
    "that heater could kill someone, the casing gets red hot",
    "the fumes from the boiler nearly killed my family",
    "строительные леса плохо закреплены, так кого-нибудь убьёт",
    "ребёнок мог погибнуть из-за вашей розетки",
])
def test_harm_words_meant_literally_are_harm(analyzer: Analyzer, text: str) -> None:
    """The same words as above, where what surrounds them (electricity, a device, a hot thing, a
    body part, food) says a person was harmed."""
    assert analyzer.analyze(text, now=NOW).urgency_signals & {"safety", "health"}


def test_a_word_read_by_context_follows_the_nearest_cue_in_its_clause(tmp_path: Path) -> None:
    lexicon = tmp_path / "urgency.json"
    lexicon.write_text(json.dumps({"safety": {"en": ["shocked"]}, "contexts": {"en": [
        {"words": ["shocked"], "default": "figure", "harm": ["socket"], "figure": ["bill", "to see"]}]}}), encoding="utf-8")
    nlp = blank_pipeline("en")
    finder = UrgencyFinder(nlp, "en", lexicon)

    def signals(text: str) -> frozenset[str]:
        return finder.find(nlp(text))

    assert signals("I am shocked") == frozenset()  # no cue: the default
    assert signals("the socket shocked me") == {"safety"}
    assert signals("the sockets shocked me") == {"safety"}  # cues are lemmas
    assert signals("shocked to see the socket") == frozenset()  # the nearer cue decides
    assert signals("the bill shocked me when I touched the socket") == frozenset()
    assert signals("bill , socket shocked me") == {"safety"}
    assert signals("socket shocked bill") == {"safety"}  # as near: harm
    assert signals("The socket is fine. I am shocked") == frozenset()  # another sentence
    assert signals("the socket was installed by two men who came on a Tuesday and I am shocked") == frozenset()  # too far
    assert signals("nobody was shocked by the socket") == frozenset()  # negation still cancels
