"""Long messages (issue #13): only the beginning of a message is analysed, every word of it is kept
on the case, a megabyte without spaces goes through a turn at once, and the bot quotes a long
complaint back only in part (an email acknowledgement is no amplifier)."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator

import pytest

from bot.factory import build_dialogue
from bot.keys import KeyBuilder
from bot.kv import MemoryKeyValue
from bot.manager import DialogueManager
from bot.session_stores import MemorySessionStore
from config.settings import Settings
from core.commands import Identity
from core.runtime import Core
from nlu.analyzer import Analyzer
from tests.support.catalog import say
from tests.support.clock import FixedClock
from tests.support.cores import open_core
from tests.support.dialogue import Chat

SENDER = "anna@example.org"
FULL = "I was charged twice for my credit card on 5 March, order 12345, I want a refund. My name is John Smith, john@example.com"
HANG_GUARD = 10.0  # seconds for one turn: a turn on a megabyte took minutes to forever before


def padding(size: int, lang: str = "en") -> str:
    """Plain complaint prose, about ``size`` characters."""
    sentence = " It has been weeks and nobody has called me back." if lang == "en" else " Прошли недели, и мне никто не перезвонил."
    return sentence * (size // len(sentence))


@pytest.fixture
async def memory_dialogue(sqlite_core: Core, analyzer: Analyzer) -> AsyncIterator[DialogueManager]:
    """The dialogue as a newcomer runs it: sessions in process memory, the core on SQLite."""
    yield DialogueManager(sqlite_core, analyzer, MemorySessionStore(), MemoryKeyValue(), KeyBuilder("long"))


async def timed(chat: Chat, text: str = "", **options: object) -> str:
    start = time.perf_counter()
    said = await chat.user(text, **options)  # type: ignore[arg-type]
    assert time.perf_counter() - start < HANG_GUARD
    return said


async def test_a_long_email_is_understood_from_its_beginning_and_kept_whole(dialogue: DialogueManager,
                                                                              clock: FixedClock) -> None:
    chat = Chat(dialogue, clock, user_id=SENDER, channel="email")
    text = "My credit card was charged twice on 5 March." + padding(8000) + " My order number is ZX-9931."
    assert len(text) > dialogue.services.nlu.max_chars
    await chat.user(text, sender_name="Anna Smith")
    case = (await dialogue.core.queries.cases_of(Identity("email", SENDER)))[0]
    assert case.description == text
    assert case.incident_date is not None and case.incident_date.isoformat() == "2026-03-05"
    assert case.product == "credit card"
    assert case.order_number is None, "the order number is past the part that is analysed"


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_the_email_acknowledgement_quotes_a_long_complaint_in_part(dialogue: DialogueManager, clock: FixedClock,
                                                                        lang: str) -> None:
    chat = Chat(dialogue, clock, user_id=SENDER, channel="email")
    start = "My credit card was charged twice on 5 March." if lang == "en" else "С моей карты дважды списали деньги 5 марта."
    text = start + padding(100_000, lang)
    reply = await chat.user(text)
    assert len(reply) < 4000, "100 KB in, a few KB out"
    assert start in reply
    more = re.search(r"… \((?:and|и ещё) (\d+) ", reply)
    assert more is not None
    left = int(more.group(1))
    assert say("bot.excerpt.more", lang, text="", count=left) in reply, "the plural form of the catalog"
    case = (await dialogue.core.queries.cases_of(Identity("email", SENDER)))[0]
    assert case.description == text and len(case.description) > 100_000


async def test_the_summary_in_a_chat_quotes_a_long_complaint_in_part(chat: Chat) -> None:
    text = FULL + padding(100_000)
    await chat.user(text)
    summary = await chat.user("yes")
    assert say("bot.summary.intro", "en") in summary and "credit card" in summary
    assert len(summary) < 3000
    assert len((await chat.session()).slots["description"]) == len(text)
    await chat.press("confirm:submit")
    case = (await chat.dialogue.core.queries.cases_of(Identity("console", "alice")))[0]
    assert case.description == text


async def test_a_long_mistyped_reference_is_quoted_in_part(chat: Chat) -> None:
    said = await chat.press("status:" + "7K3M" * 5000)
    assert len(said) < 1000


@pytest.mark.timeout(120)
@pytest.mark.parametrize("unit", ["x", "(", "?!", "1", "ё"])
async def test_a_megabyte_without_spaces_goes_through_a_conversation(memory_dialogue: DialogueManager, clock: FixedClock,
                                                                    unit: str) -> None:
    chat = Chat(memory_dialogue, clock)
    text = unit * (1_000_000 // len(unit))
    await timed(chat, text)
    assert chat.choices == ["consent:yes", "consent:no"]
    await timed(chat, "1")  # the held words become the description and are analysed
    assert (await chat.session()).slots["description"] == text
    await timed(chat, text)  # and once more as an answer to whatever is asked now


@pytest.mark.timeout(120)
async def test_a_megabyte_by_email_is_kept_and_answered_in_a_few_kilobytes(memory_dialogue: DialogueManager,
                                                                           clock: FixedClock) -> None:
    chat = Chat(memory_dialogue, clock, user_id=SENDER, channel="email")
    text = "x" * 1_000_000
    assert len(await timed(chat, text)) < 4000
    case = (await memory_dialogue.core.queries.cases_of(Identity("email", SENDER)))[0]
    assert case.description == text


@pytest.mark.timeout(120)
async def test_a_rating_followed_by_a_megabyte_of_spaces_is_answered_at_once(memory_dialogue: DialogueManager,
                                                                            clock: FixedClock) -> None:
    # "5", spaces, "x": the rating pattern tried every split of the spaces (cubic: forever)
    await timed(Chat(memory_dialogue, clock), "5" + " " * 1_000_000 + "x")


async def test_a_superscript_digit_answering_a_choice_is_read_as_text(chat: Chat) -> None:
    await chat.user(FULL)
    assert chat.choices == ["consent:yes", "consent:no"]
    assert say("bot.consent.reask", "en") in await chat.user("²")  # int("²") fails: the turn used to break
    assert say("bot.consent.reask", "en") in await chat.user("1" * 5000)  # more digits than int() reads


async def test_the_setting_says_how_much_the_dialogue_reads(product_settings: Settings, clock: FixedClock) -> None:
    settings = product_settings.model_copy(update={"nlu_max_chars": 600})
    core = await open_core(settings, settings.effective_database_url, clock)
    try:
        dialogue = await build_dialogue(core, settings, None)
        assert dialogue.services.nlu.max_chars == 600
        chat = Chat(dialogue, clock, user_id=SENDER, channel="email")
        text = "My credit card was charged twice on 5 March." + padding(1000) + " My order number is ZX-9931."
        await chat.user(text)
        case = (await core.queries.cases_of(Identity("email", SENDER)))[0]
        assert case.product == "credit card" and case.order_number is None and case.description == text
    finally:
        await core.close()
