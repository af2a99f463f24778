"""Intents in any words, in Russian (issue 15): status with or without a reference, thanks and
greetings, withdrawing a complaint, cancel and undo, abuse, nonsense, and a request for a person
at any point. Each runs on the memory and on the Redis session store, against the real core."""

from __future__ import annotations

import pytest

from bot.messages import InboundAttachment
from core.actors import Actor
from core.commands import Identity
from tests.support.catalog import say
from tests.support.dialogue import Chat

RU = "ru"
ALICE = Identity("console", "alice")
STORY = "Купила у вас утюг 4 ноября, через неделю он перестал греться, а в магазине отказались принять обратно"
FULL = ("Мастер, который 6 ноября подключал посудомоечную машину, залил нам пол на кухне. Хочу, чтобы ущерб "
        "возместили. Ирина Соколова, irina.sokolova@example.ru")


@pytest.fixture
def chat(chat: Chat) -> Chat:
    chat.language_hint = RU
    return chat


async def _submitted(chat: Chat) -> str:
    await chat.user(FULL)
    await chat.user("да")
    while "confirm:submit" not in chat.choices:
        await chat.user("не знаю")  # whatever else is asked
    await chat.press("confirm:submit")
    cases = await chat.dialogue.core.queries.cases_of(ALICE)
    assert len(cases) == 1
    return cases[0].reference


async def _messages(chat: Chat, reference: str) -> list[str]:
    timeline = await chat.dialogue.core.queries.timeline(reference, Actor.agent("a1"))
    return [entry.kind for entry in timeline if entry.kind.startswith("message")]


# -- status ------------------------------------------------------------------------------------

@pytest.mark.parametrize("question", ["ну что там с ней?", "какие новости по жалобе?", "письмо моё вообще дошло?",
                                      "обращение уже рассмотрели?", "когда же мне наконец перезвонят",
                                      "сколько ещё ожидать?", "есть подвижки?", "кто-то уже занимается моей жалобой?"])
async def test_a_status_question_in_own_words_is_answered_with_the_due_dates(chat: Chat, question: str) -> None:
    reference = await _submitted(chat)
    before = await _messages(chat, reference)
    answer = await chat.user(question)
    assert f"Жалоба {reference}" in answer
    assert "Первый ответ мы пришлём до" in answer and "Мы рассчитываем решить её до" in answer
    assert await _messages(chat, reference) == before, "вопрос о статусе не становится заметкой"


async def test_a_status_question_with_the_reference_in_a_sentence_is_answered(chat: Chat) -> None:
    reference = await _submitted(chat)
    before = await _messages(chat, reference)
    assert f"Жалоба {reference}" in await chat.user(f"добрый день, подскажите, что с жалобой {reference}")
    assert await _messages(chat, reference) == before


# -- thanks and greetings ----------------------------------------------------------------------

@pytest.mark.parametrize("said", ["спасибо огромное!", "ок, благодарю", "спс"])
async def test_thanks_after_the_complaint_is_answered_politely_and_adds_nothing(chat: Chat, said: str) -> None:
    reference = await _submitted(chat)
    before = await _messages(chat, reference)
    assert say("bot.courtesy.welcome", RU) in await chat.user(said)
    assert await _messages(chat, reference) == before
    assert len(await chat.dialogue.core.queries.cases_of(ALICE)) == 1


async def test_a_greeting_after_the_complaint_is_greeted_back(chat: Chat) -> None:
    reference = await _submitted(chat)
    before = await _messages(chat, reference)
    assert say("bot.greeting.hello", RU) in await chat.user("Здравствуйте ещё раз!")
    assert await _messages(chat, reference) == before


# -- withdrawing -------------------------------------------------------------------------------

@pytest.mark.parametrize("said", ["хочу отозвать свою жалобу", "забудьте, вопрос решился"])
async def test_withdrawing_an_open_complaint_after_confirming(chat: Chat, said: str) -> None:
    reference = await _submitted(chat)
    assert say("bot.withdraw.confirm", RU, reference=reference) in await chat.user(said)
    assert say("bot.withdraw.done", RU, reference=reference) in await chat.user("да, отзываю")
    case = (await chat.dialogue.core.queries.cases_of(ALICE, open_only=False))[0]
    assert case.status == "withdrawn"


async def test_a_product_recall_is_no_withdrawal(chat: Chat) -> None:
    await chat.user(STORY)
    await chat.user("да")
    answer = await chat.user("хочу, чтобы вы отозвали всю партию этих утюгов")
    assert say("bot.control.cancelled_undo", RU) not in answer
    assert (await chat.session()).step != "start"


# -- cancel and undo ---------------------------------------------------------------------------

async def test_undo_after_a_cancel_brings_the_draft_back_exactly(chat: Chat) -> None:
    await chat.user(STORY)
    await chat.user("да")
    await chat.user("", attachments=(InboundAttachment("чек.jpg", "image/jpeg", b"\xff\xd8 receipt"),))
    before = await chat.session()
    assert say("bot.control.cancelled_undo", RU) in await chat.user("отмени")
    restored = await chat.user("ой, нет, не отменяйте")
    assert say("bot.control.undone", RU) in restored and say(f"bot.ask.{before.asking}", RU) in restored
    after = await chat.session()
    assert (after.slots, after.files, after.step, after.asking) == (before.slots, before.files, before.step,
                                                                    before.asking)


async def test_undo_in_one_word(chat: Chat) -> None:
    await chat.user(STORY)
    await chat.press("cancel")
    assert say("bot.consent.question", RU) in await chat.user("верните!")
    assert (await chat.session()).held == STORY


async def test_money_asked_back_after_a_cancel_is_no_undo(chat: Chat) -> None:
    await chat.user(STORY)
    await chat.user("да")
    await chat.user("отмена")
    answer = await chat.user("верните деньги за сломанный чайник, купленный вчера")
    assert say("bot.control.undone", RU) not in answer
    assert (await chat.session()).cancelled is None, "a new complaint started: the old draft is gone"


# -- abuse and nonsense ------------------------------------------------------------------------

@pytest.mark.parametrize("said", ["тупой бот", "да пошли вы все н@х", "xуйня", "вы дeбилы"])
async def test_abuse_gets_a_calm_answer_and_opens_nothing(chat: Chat, said: str) -> None:
    answer = await chat.user(said)
    assert say("bot.abuse.calm", RU) in answer
    assert (await chat.session()).step == "start"
    assert await chat.dialogue.core.queries.cases_of(ALICE) == []


async def test_swearing_inside_a_real_complaint_is_anger_and_the_complaint_goes_on(chat: Chat) -> None:
    told = "Какого х*ра ваш курьер разбил телевизор при доставке 10 ноября, требую замену"
    assert say("bot.consent.question", RU) in await chat.user(told)
    await chat.user("да")
    session = await chat.session()
    assert session.slots["description"] == told and "strong_anger" in session.signals


@pytest.mark.parametrize("said", ["ыыыыы", "йцукен", "ахахах", "🤷‍♀️", "ммм..."])
async def test_nonsense_is_asked_what_happened_and_opens_nothing(chat: Chat, said: str) -> None:
    answer = await chat.user(said)
    assert say("bot.nonsense.ask", RU) in answer
    assert (await chat.session()).step == "start"


# -- a person at any point ---------------------------------------------------------------------

async def test_a_person_asked_for_at_the_summary_keeps_the_story(chat: Chat) -> None:
    await chat.user(FULL)
    await chat.user("да")
    while "confirm:submit" not in chat.choices:
        await chat.user("не знаю")
    assert say("bot.control.human_draft", RU) in await chat.user("переключите меня на живого оператора")
    case = (await chat.dialogue.core.queries.cases_of(ALICE))[0]
    assert case.description == FULL and case.needs_human


async def test_a_person_asked_for_mid_intake_keeps_the_story(chat: Chat) -> None:
    await chat.user(STORY)
    await chat.user("да")
    assert say("bot.control.human_draft", RU) in await chat.user("хочу поговорить с человеком, а не с ботом")
    case = (await chat.dialogue.core.queries.cases_of(ALICE))[0]
    assert case.description == STORY and case.needs_human
