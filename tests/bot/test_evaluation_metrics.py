"""The evaluation's own arithmetic on tiny hand-made inputs: value matching, slot scores, the
figures of a few outcomes, the set's format, and reading the bot's sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.evaluation import spec
from bot.evaluation.matching import matches
from bot.evaluation.metrics import Outcome, SlotScore, figures, score_slot, summarise
from bot.evaluation.prompts import Prompts
from bot.evaluation.spec import AfterTurn
from config.catalog import default_catalog


@pytest.mark.parametrize(("slot", "stored", "expected", "same"), [
    ("product", "Bosch washing machine", "Bosch washing machine", True),
    ("product", "the washing machine, I literally just told you", "Bosch washing machine", False),
    ("product", "стиральную машину Bosch", "стиральная машина Bosch", True),
    ("product", "the big grey sofa", "sofa", True),  # three words more: within the slack
    ("product", "I already told you: sofa", "sofa", False),
    ("name", "Иванова Мария Петровна", "Иванова Мария Петровна", True),
    ("name", "I already told you: John Smith", "John Smith", False),
    ("order_number", "№ 73105", "73105", True),
    ("order_number", "a7731", "A7731", True),
    ("phone", "+447911123456", "+44 7911 123456", True),
    ("email", "John@Example.com", "john@example.com", True),
    ("amount", "£45.00", "45 GBP", True),
    ("amount", "45 000 рублей", "45000 RUB", True),
    ("amount", "45 EUR", "45 GBP", False),
    ("amount", "2500 RUB", "2500", True),
    ("incident_date", "2026-11-23", "2026-11-23", True),
    ("incident_date", "2026-11-22", "2026-11-23", False),
    ("description", "My mortgage payment holiday request was ignored", "mortgage payment holiday", True),
])
def test_matching(slot: str, stored: str, expected: str, same: bool) -> None:
    assert matches(slot, stored, expected) is same


def test_slot_scores() -> None:
    assert score_slot("product", "sofa", ("sofa",)) == SlotScore(tp=1)
    assert score_slot("product", "chair", ("sofa",)) == SlotScore(fp=1, fn=1)
    assert score_slot("product", None, ("sofa",)) == SlotScore(fn=1)
    assert score_slot("product", "sofa", ()) == SlotScore(fp=1)
    assert score_slot("category", "billing", ()) == SlotScore(), "a category is always set: unjudged when not expected"
    total = SlotScore(tp=3, fp=1, fn=2)
    assert total.precision == 0.75 and total.recall == 0.6 and round(total.f1, 4) == round(2 * 0.75 * 0.6 / 1.35, 4)
    assert SlotScore().f1 == 0.0


def _conversation(**data: object) -> spec.Conversation:
    return spec.parse({"id": "c", "lang": "en", **data})


def test_figures_of_hand_made_outcomes() -> None:
    complete = _conversation(id="a", opening="My sofa never came, order 123, refund me. Jo Bloggs jo@example.com",
                             expect={"complete": True, "slots": {"product": "sofa", "order_number": "123",
                                                                 "email": "jo@example.com"}})
    first = Outcome(complete, messages=4, turns_to_reference=3, reasks=["product"], unprompted={"product"},
                    consent_ok=True, submit_ok=True, cases=1,
                    stored={"product": "I already told you: the sofa", "order_number": "123", "email": "jo@example.com"},
                    after=[(AfterTurn("where is it at?", "status"), "filed as a note on the case"),
                           (AfterTurn("status {reference}", "status"), "ok")])
    nonsense = _conversation(id="b", script=["asdfgh"], expect={"case": False})
    second = Outcome(nonsense, messages=1, consent_ok=None, cases=1)
    result = figures([first, second])
    assert result.reasks_per_conversation == 0.5
    assert result.asked_again["product"] == (1, 1)
    assert result.turns_to_reference == 3 and result.complete_within_goal == 1.0
    assert result.slots["product"] == SlotScore(fp=1, fn=1)
    assert result.slots["order_number"] == SlotScore(tp=1) and result.slots["email"] == SlotScore(tp=1)
    assert result.status_recall == 0.5 and result.status_questions == 2
    assert result.case_decision_accuracy == 0.5, "the nonsense opened a case"
    assert result.handoff_accuracy == 1.0 and result.consent_accuracy == 1.0
    report = summarise([first, second])
    assert report.failures["product asked again after being given"] == [f"a: {complete.opening[:120]!r}"]
    assert len(report.failures["case created without a complaint (nonsense, abuse or refused consent)"]) == 1
    assert report.failures["status question: filed as a note on the case"] == ["a: 'where is it at?'"]
    text = "\n".join(report.lines())
    assert "status-question recall        0.50 of 2   (goal 0.95)" in text
    assert report.worst_slots(count=1) == [("product", 0.0)]


def test_safety_needs_priority_category_and_a_person() -> None:
    burnt = _conversation(opening="my son got burned", expect={"safety": True, "slots": {}})
    handled = Outcome(burnt, cases=1, priority="critical", needs_human=True, stored={"category": "health_safety"})
    missed = Outcome(burnt, cases=1, priority="critical", needs_human=False, stored={"category": "product_quality"})
    assert handled.safety_handled and not missed.safety_handled
    assert figures([handled, missed]).safety_handled == 0.5


def test_the_told_details_are_the_expected_ones_not_left_for_later() -> None:
    conversation = _conversation(opening="The sofa never came and I want a refund", later={"name": "Jo", "contact": "jo@x.org"},
                                 expect={"slots": {"product": "sofa", "desired_outcome": "refund", "name": "Jo",
                                                   "email": "jo@x.org", "category": "delivery"}})
    assert conversation.told_in_opening == {"product", "desired_outcome", "description"}


def test_the_shipped_set() -> None:
    conversations = spec.load()
    assert len(conversations) >= 150
    languages = [c.lang for c in conversations if c.group != "mixed"]
    assert abs(languages.count("en") - languages.count("ru")) <= 10
    assert sum(c.group == "mixed" for c in conversations) >= 15
    for conversation in conversations:
        assert conversation.script or conversation.opening, conversation.id
        if conversation.expect.case:
            assert conversation.expect.slots, f"{conversation.id} names no expected slot"


def test_a_malformed_line_names_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "x", "lang": "en", "expect": {"slots": {"colour": "red"}}}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:1: .*colour"):
        spec.load(path)


def test_the_bots_sentences_are_read_from_its_catalog() -> None:
    prompts = Prompts(default_catalog())
    catalog = default_catalog()
    asked = prompts.read(f"{catalog.text('bot.summary.updated', 'ru')}\n{catalog.text('bot.ask.product', 'ru')}")
    assert asked.asked == "product" and not asked.summary
    status = prompts.read(catalog.text("bot.status.detailed", "en", reference="CD-7K3M-9QXA", status="received"))
    assert status.status_answer and status.asked is None
    note = prompts.read(catalog.text("bot.followup.added", "ru", reference="CD-7K3M-9QXA"))
    assert note.filed_as_note and not note.status_answer
    consent = prompts.read(catalog.text("bot.consent.reask", "en"))
    assert consent.consent
