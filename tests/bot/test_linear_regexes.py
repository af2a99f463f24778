"""Every regular expression of ``bot`` runs in linear time on a megabyte of its worst case (issue
#13). The shapes marked "was ..." took seconds at a few thousand characters before the rewrite."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator, Callable

import pytest

from bot import commands, handoff, names, outcomes, referral, slots, status_questions, substance
from bot.context import Turn
from bot.keys import KeyBuilder
from bot.kv import MemoryKeyValue
from bot.manager import DialogueManager
from bot.messages import InboundMessage
from bot.session_state import Session
from bot.session_stores import MemorySessionStore
from bot.status import references_in
from core.runtime import Core
from nlu.analyzer import Analyzer
from tests.support.clock import FixedClock
from tests.support.linear import Case, assert_case_linear, case, regex_sites, times

TODAY = datetime.date(2026, 11, 24)


def _read(slot: str) -> Callable[[str], object]:
    return lambda text: slots.read(slot, text, None, "en", TODAY)


CASES: dict[str, Case] = {
    "bot/commands.py:_PUNCT:1": case(commands.normalise, times(".,  "), times("a.")),
    "bot/commands.py:_REJECT_WITH_REASON:1": case(commands.command_in, times(" ", "", "x"), times(",.", "reject"),
                                                  times("x", "reject ")),
    # "5", then three "\s*" around optional parts split a run of spaces every way: was cubic
    "bot/commands.py:_RATING:1": case(commands.command_in, times(" ", "5", "x"), times(" ", "5 /", "x"), times(" ", "5 / 5", "x")),
    "bot/slots.py:_EMAIL:1": case(slots._EMAIL.match, times("a.", "a@", "1"), times("a"), times("a-", "a@a.")),
    # a look-ahead for a digit read the rest of a hyphenated run from every word boundary: was quadratic
    "bot/slots.py:_ORDER:1": case(_read("order_number"), times("a-"), times("ab-", "", "1")),
    "bot/slots.py:_NAME:1": case(slots._NAME.match, times("f", "a b c d e ", "1"), times(" ", "a", "1"), times("a-")),
    "bot/slots.py:_ALREADY_SAID:1": case(slots.without_preamble, times("i told you "), times(" ", "я же писал", "x")),
    "bot/slots.py:_CORRECTION:1": case(slots._CORRECTION.search, times("не x "), times("не  "), times("x", "", ",")),
    "bot/outcomes.py:_OUTCOME:1": case(outcomes._OUTCOME.search, times("i want."), times("\n", "i want"),
                                       times("i really just "), times(". want ")),
    "bot/outcomes.py:_OUTCOME_VERB:1": case(outcomes._OUTCOME_VERB.search, times("refund "), times("x"), times("refun"),
                                            times(". верните"), times("please ")),
    "bot/outcomes.py:_REASON:1": case(outcomes._REASON.search, times(" , "), times(",  "), times(" pleas")),
    "bot/outcomes.py:_FILLER:1": case(outcomes._FILLER.search, times("please "), times(" , please!"), times("x")),
    "bot/names.py:_INTRO:1": case(names._INTRO.search, times("my name is "), times("Ab "), times("i am Ab")),
    "bot/names.py:_LABELLED:1": case(names._LABELLED.search, times("name: "), times(". Ab"), times("\nname:Ab ")),
    "bot/names.py:_SIGNED:1": case(names._SIGNED.search, times("Aa "), times("regards\n"), times("\n- Ab"), times(" "),
                                   times("-"), times("Ab"), times("Ab Cd", "", "x"), times(". AB"), times("AB "),
                                   times("O'C"), times("Mr. Ab ")),
    "bot/names.py:_ONE_WORD:1": case(names._ONE_WORD.search, times("thanks "), times("- Ab "), times(". Ab", "", "x")),
    "bot/names.py:_LEADING:1": case(names._LEADING.search, times("Ab "), times("Ab Cd Ef ")),
    "bot/names.py:_INTRO_ANY:1": case(names._INTRO_ANY.search, times("my name is "), times("my name is ab "),
                                      times(". name: "), times("\nфио:аб "), times("меня зовут "), times("ab-c ")),
    "bot/names.py:_SIGNED_ANY:1": case(names._SIGNED_ANY.search, times("ab "), times("thanks "), times("\nab"),
                                       times("a-"), times("ab cd", "", "!"), times(". ab cd ef "), times("regards,\n")),
    "bot/names.py:_EMAIL_IN_TEXT:1": case(names._EMAIL_IN_TEXT.search, times("a"), times("a@"), times("a@a.")),
    "bot/names.py:_WORD:1": case(names._WORD.findall, times("a"), times("a-"), times("a'.")),
    "bot/names.py:_PATRONYMIC:1": case(names._PATRONYMIC.search, times("Ив"), times("а")),
    "bot/handoff.py:_ASKS:1": case(handoff.wants_human, times("talk to "), times("real "), times("поговорить с "),
                                   times("не "), times("x")),
    "bot/status_questions.py:_STRONG:1": case(status_questions._STRONG.search, times("when will i "), times("where is my "),
                                              times("how long will it "), times("как там моя "), times("когда мне "),
                                              times("есть ли какие-нибудь "), times("x"), times("когда а-"),
                                              times("письм"), times("решение по "), times("is my a-")),
    "bot/status_questions.py:_HOW_IS_IT:1": case(status_questions._HOW_IS_IT.search, times("ну "), times("что "),
                                                 times("x")),
    "bot/substance.py:_WORD:1": case(lambda text: list(substance._WORD.finditer(text)), times("a"), times("a1")),
    "bot/status_questions.py:_SHORT:1": case(status_questions._SHORT.search, times("statu"), times("новост"), times("x ")),
    "bot/referral.py:_REFER:1": case(referral._REFER.search, times("пере"), times("ombud "), times("x ")),
    "bot/referral.py:_NOT_AGAINST:1": case(referral._NOT_AGAINST.search, times("don t "), times("не "), times("no ")),
    "bot/referral.py:_CLOSE:1": case(referral._CLOSE.search, times("clos"), times("закр"), times("x")),
    "bot/referral.py:_NEGATED_REFER:1": case(referral._NEGATED_REFER.search, times("not "), times("не abc "),
                                             times("don t ab ab "), times("never aaaaaaaaaaaaa ")),
}


@pytest.fixture
async def dialogue(sqlite_core: Core, analyzer: Analyzer) -> AsyncIterator[DialogueManager]:
    yield DialogueManager(sqlite_core, analyzer, MemorySessionStore(), MemoryKeyValue(), KeyBuilder("linear"))


# needs a turn of a real dialogue: proven by test_references_are_looked_for_in_linear_time
_WITH_A_DIALOGUE = {"bot/status.py:_reference_shape:1"}


def test_every_regular_expression_of_bot_has_a_worst_case() -> None:
    assert set(CASES) | _WITH_A_DIALOGUE == regex_sites("bot")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("site", sorted(CASES))
def test_regular_expression_is_linear_on_a_megabyte(site: str) -> None:
    assert_case_linear(CASES[site])


@pytest.mark.timeout(120)
async def test_references_are_looked_for_in_linear_time(dialogue: DialogueManager) -> None:
    now = FixedClock().now()

    def references(text: str) -> list[str]:
        message = InboundMessage("console", "alice", "alice", text, now)
        return references_in(Turn(message, Session(lang="en"), dialogue.services))

    assert_case_linear(case(references, times("cd-"), times("CD-7K3M-"), times(" ", "CD")))
