"""The dialogue on the 150+ hand-written conversations of ``bot/evaluation/conversations`` (issue
15): the report is printed, and today's figures are floors, so a change that makes the bot
understand less fails here. The issue's goals not met yet (F1 >= 0.9 for every slot in every
group: product, location, category; a reference within 3 turns of every complete opening) are
shown in the report beside the figures. Raise a floor when the bot gets better."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.evaluation import Report, evaluate, evaluate_settings
from bot.evaluation.metrics import Figures
from bot.factory import session_store
from bot.keys import KeyBuilder
from bot.kv import MemoryKeyValue
from bot.manager import DialogueManager
from config.settings import Settings
from nlu.analyzer import Analyzer
from tests.support.cores import open_core
from tests.support.clock import FixedClock

# A figure may drop this much below its floor before the test fails (a retrained model moves a
# conversation or two); a drop beyond it is a regression.
TOLERANCE = 0.02
REASK_TOLERANCE = 0.1


@dataclass(frozen=True)
class Floors:
    """The figures measured on 2026-12-02 after issue 15 (every detail read from every message,
    names and outcomes wherever given, amount and place, transliterated Russian, intents in any
    words, health & safety). At the issue's filing they were: re-asks 2.31 per conversation, status
    recall 0.27, consent 0.79, product F1 0.41, desired outcome F1 0.56, amount and location 0,
    safety 0 of 9 (all conversations). Category floors sit 0.03 under the measure: the category is
    a trained model's, which a library release may move by a conversation or two. Mixed product
    went from 0.82 to 0.79 when the policy stopped asking for a product in staff-conduct and privacy
    complaints ([intake] not_asked): two personas there name one only when asked. Category F1 rose
    from 0.80 / 0.84 / 0.79 / 0.81 (en / ru / mixed / all) to 0.94 / 0.90 / 0.89 / 0.91 when the
    category templates named goods in every kind of complaint and openings said where (nlu/datagen).
    Names in lower case and places in lower case or as addresses (chains, listed towns, a street
    before its town) raised Russian name to 1.00 (from 0.98) and location to 1.00 in every group
    (en from 0.83, ru from 0.96, all from 0.91). Product F1 rose from 0.94 / 0.93 / 0.79 / 0.91 to
    0.96 / 0.97 / 0.89 / 0.95 and re-asks to 0 in every group when the product lexicons grew by field
    (a shower, «душ»), a Russian message read English products in Latin letters («купил laptop
    Lenovo») and an English one Russian products in Cyrillic, a later fuller mention named the product
    («мой текущий счёт»), and a person («пожаловаться на кассира») stopped being taken for one.
    Consent rose from 0.95 / 0.97 / 1.00 / 0.97 to 1.00 in every group when "k", "fine", "of course",
    «давай», «подтверждаю», «пойдёт» said yes and a longer answer opening with a plain no refused;
    English cases to 1.00 when "Hi I need help" was answered with the help and "what happened?".
    English date and amount to 1.00 when "in October. 7.99 taken" stopped naming 7 October.
    Phone F1 rose from 0.95 to 1.00 (all) when a phone given beside an email address was kept with
    it, and Russian order numbers from 0.93 to 1.00 when they could hold Cyrillic letters («КВ-557201»)."""

    reasks: float  # a ceiling: re-asks per conversation
    status: float
    handoff: float
    consent: float
    cases: float
    slot_f1: dict[str, float] = field(default_factory=dict)


FLOORS = {
    "en": Floors(reasks=0.00, status=1.00, handoff=1.00, consent=1.00, cases=1.00,
                 slot_f1={"product": 0.96, "name": 0.99, "email": 1.00, "phone": 1.00, "order_number": 0.93,
                          "incident_date": 1.00, "desired_outcome": 0.99, "amount": 1.00, "location": 1.00,
                          "category": 0.91, "description": 1.00}),
    "ru": Floors(reasks=0.00, status=1.00, handoff=0.98, consent=1.00, cases=1.00,
                 slot_f1={"product": 0.97, "name": 1.00, "email": 1.00, "phone": 1.00, "order_number": 1.00,
                          "incident_date": 1.00, "desired_outcome": 1.00, "amount": 0.97, "location": 1.00,
                          "category": 0.87, "description": 1.00}),
    "mixed": Floors(reasks=0.00, status=1.00, handoff=1.00, consent=1.00, cases=1.00,
                    slot_f1={"product": 0.89, "name": 1.00, "email": 1.00, "phone": 1.00, "order_number": 1.00,
                             "incident_date": 1.00, "desired_outcome": 0.90, "amount": 0.89, "location": 1.00,
                             "category": 0.86, "description": 1.00}),
    "all": Floors(reasks=0.00, status=1.00, handoff=0.99, consent=1.00, cases=1.00,
                  slot_f1={"product": 0.96, "name": 0.99, "email": 1.00, "phone": 1.00, "order_number": 0.97,
                           "incident_date": 1.00, "desired_outcome": 0.98, "amount": 0.97, "location": 1.00,
                           "category": 0.88, "description": 1.00}),
}


@pytest.fixture
async def dialogue(settings: Settings, clock: FixedClock, analyzer: Analyzer) -> AsyncIterator[DialogueManager]:
    """The real dialogue manager on the real core (SQLite, sessions in it), on the clock the
    conversations' relative dates are written for."""
    core = await open_core(settings, settings.effective_database_url, clock)
    keys = KeyBuilder("cdeval")
    yield DialogueManager(core, analyzer, session_store(core, settings, None, keys), MemoryKeyValue(), keys)
    await core.close()


def _below(group: str, figures: Figures, floors: Floors) -> list[str]:
    found: list[str] = []
    if figures.reasks_per_conversation > floors.reasks + REASK_TOLERANCE:
        found.append(f"{group}: re-asks per conversation {figures.reasks_per_conversation:.2f} > {floors.reasks}")
    for name, value, floor in (("status recall", figures.status_recall, floors.status),
                               ("handoff accuracy", figures.handoff_accuracy, floors.handoff),
                               ("consent accuracy", figures.consent_accuracy, floors.consent),
                               ("case created iff meant", figures.case_decision_accuracy, floors.cases)):
        if (value or 0.0) < floor - TOLERANCE:
            found.append(f"{group}: {name} {value} < {floor}")
    for slot, floor in floors.slot_f1.items():
        score = figures.slots.get(slot)
        if score is None or score.f1 < floor - TOLERANCE:
            found.append(f"{group}: {slot} F1 {score.f1 if score else None} < {floor}")
    return found


async def test_the_conversation_set_stays_at_least_as_well_understood(dialogue: DialogueManager) -> None:
    report: Report = await evaluate(dialogue)
    print("\n".join(report.lines()))
    assert report.overall.conversations >= 150
    assert set(report.by_language) == {"en", "ru", "mixed"}
    groups = {**report.by_language, "all": report.overall}
    regressions = [line for group, floors in FLOORS.items() for line in _below(group, groups[group], floors)]
    assert not regressions, "\n".join(regressions)


async def test_evaluating_the_product_as_settings_wire_it(product_settings: Settings, tmp_path: Path) -> None:
    """The entry point the CLI calls: its own database, schema and dialogue, from settings."""
    conversations = tmp_path / "two.jsonl"
    conversations.write_text(
        '{"id": "s-1", "lang": "en", "opening": "My broadband has been down since yesterday. I want it fixed. '
        'My name is John Smith, john@example.com", "later": {"product": "broadband"}, '
        '"expect": {"slots": {"incident_date": "2026-11-23", "name": "John Smith", "email": "john@example.com", '
        '"product": "broadband"}}}\n'
        '{"id": "s-2", "lang": "ru", "script": ["фывапролд"], "expect": {"case": false}}\n', encoding="utf-8")
    report = await evaluate_settings(product_settings, conversations)
    assert report.overall.conversations == 2 and report.overall.case_decision_accuracy == 1.0
    assert report.overall.slots["incident_date"].tp == 1 and report.overall.slots["email"].tp == 1
    assert report.overall.turns_to_reference is not None
