"""Stories of issue 15's first steps: status asked in the person's own words, consent as people
say it, the summary answered in words, corrections that say what changed."""

from __future__ import annotations

import re

import pytest

from bot import choosing, intake, status_questions
from bot.commands import is_yes, refuses
from bot.session_state import Step
from core.actors import Actor
from core.commands import Identity
from tests.support.catalog import say
from tests.support.dialogue import Chat

EN, RU = "en", "ru"
FULL_EN = "I was charged twice for my credit card on 5 March, order 12345, I want a refund. My name is John Smith, john@example.com"
FULL_RU = "Вчера курьер не привёз заказ 55123, хочу вернуть деньги. Меня зовут Анна Петрова, моя почта anna@example.ru"


async def _submitted(chat: Chat, opening: str, *answers: str) -> str:
    await chat.user(opening)
    for answer in answers:
        await chat.user(answer)
    done = await chat.press("confirm:submit")
    cases = await chat.dialogue.core.queries.cases_of(Identity("console", chat.user_id))
    assert cases and cases[0].reference in done
    return cases[0].reference


async def _notes(chat: Chat, reference: str) -> list[str]:
    timeline = await chat.dialogue.core.queries.timeline(reference, Actor.agent("a1"))
    return [e.kind for e in timeline if e.kind.startswith("message")]


@pytest.mark.parametrize("question", ["where is my complaint at?", "any update?", "what's the status of my complaint",
                                      "When will I hear back?", "has anyone looked at my case yet"])
async def test_status_in_own_words_is_answered_not_filed(chat: Chat, question: str) -> None:
    reference = await _submitted(chat, FULL_EN, "yes")
    before = await _notes(chat, reference)
    answer = await chat.user(question)
    assert say("bot.status.detailed", EN, reference=reference, status="").split(":")[0] in answer
    assert "We aim to resolve it by" in answer, "the due date answers 'when will I hear back'"
    assert await _notes(chat, reference) == before, "a status question is not added to the case"


@pytest.mark.parametrize("question", ["какой статус?", "а когда мне ответят?", "что с моей жалобой?",
                                      "есть какие-нибудь новости?"])
async def test_status_in_own_words_russian(chat: Chat, question: str) -> None:
    chat.language_hint = RU
    reference = await _submitted(chat, FULL_RU, "да", "доставка")
    answer = await chat.user(question)
    assert f"Жалоба {reference}" in answer and "Мы рассчитываем решить её до" in answer


async def test_status_without_any_case_asks_for_the_reference_and_opens_nothing(chat: Chat) -> None:
    answer = await chat.user("where is my complaint at?")
    assert answer.startswith(say("bot.status.none_open", EN, example="").split("(")[0].rstrip())
    assert await chat.dialogue.core.queries.cases_of(Identity("console", "alice")) == []
    assert (await chat.session()).step == "start", "no complaint was started from the question"


async def test_status_mid_intake_then_the_intake_goes_on(chat: Chat) -> None:
    reference = await _submitted(chat, FULL_EN, "yes")
    await chat.user("new complaint")
    asked = await chat.user("where is my complaint at?")
    assert reference in asked


@pytest.mark.parametrize("yes", ["ya sure", "yes, согласен", "da", "ок да", "sure thing", "yes i do"])
async def test_consent_as_people_say_it(chat: Chat, yes: str) -> None:
    await chat.user("The parcel arrived broken on 20 November and I want my money back")
    assert say("bot.ask.product", EN) in await chat.user(yes)
    assert (await chat.session()).consent


async def test_an_unclear_consent_answer_is_asked_again_and_not_kept_in_the_story(chat: Chat) -> None:
    await chat.user("The parcel arrived broken on 20 November and I want my money back")
    assert say("bot.consent.reask", EN) in await chat.user("hmm what")
    await chat.user("yes")
    assert "hmm" not in (await chat.session()).slots["description"]


@pytest.mark.parametrize("words", ["ok send it", "submit it", "Send", "отправляйте", "all correct"])
async def test_the_summary_is_answered_in_words(chat: Chat, words: str) -> None:
    await chat.user(FULL_EN)
    assert say("bot.summary.intro", EN) in await chat.user("yes")
    assert "registered it under reference CD-" in await chat.user(words)


async def test_corrections_chosen_in_words(chat: Chat) -> None:
    await chat.user(FULL_EN)
    await chat.user("yes")
    assert say("bot.summary.which", EN) in await chat.user("change something")
    assert say("bot.ask.desired_outcome", EN) in await chat.user("the outcome")
    changed = await chat.user("a replacement card")
    assert say("bot.summary.intro", EN) in changed
    assert (await chat.session()).slots["desired_outcome"] == "a replacement card"


async def test_corrections_chosen_in_words_russian(chat: Chat) -> None:
    chat.language_hint = RU
    await chat.user(FULL_RU)
    await chat.user("да")
    await chat.user("доставка")
    assert say("bot.summary.which", RU) in await chat.user("исправить")
    assert say("bot.ask.name", RU) in await chat.user("имя")


def test_status_questions_are_told_from_complaints() -> None:
    asks = ["status?", "Status please", "where's my complaint", "any news on my case?", "когда ответ будет?",
            "how long does this usually take?", "сколько обычно рассматриваете?",
            "на каком этапе рассмотрение?", "kogda mne otvetyat", "сколько еще ждать?"]
    stories = ["where is my parcel? it never arrived and I want a refund",
               "my order status page says delivered but nothing came",
               "I have been waiting for a refund for three weeks and nobody answers the phone, the shop is useless "
               "and I want my money back now, this is the third time I write about the same order"]
    assert all(status_questions.asks_status(text) for text in asks)
    assert not any(status_questions.asks_status(text) for text in stories)


def test_status_words_typed_in_a_hurry() -> None:
    typed = ["stauts?", "sttaus please", "whats the satus of my complaint", "wheres my complaint", "statys", "сатус жалобы",
             "какой стаус"]
    assert all(status_questions.asks_status(text) for text in typed)
    near = ["stats?", "I moved to the states last year", "статуя сломалась при доставке", "the statue arrived broken"]
    assert not any(status_questions.asks_status(text) for text in near), "real words near 'status' are themselves"


def test_consent_words_and_their_negations() -> None:
    assert [is_yes(t) for t in ("da", "ya sure", "ага, конечно", "yes, согласен")] == [True] * 4
    assert [is_yes(t) for t in ("не согласен", "no thanks", "I don't agree", "net")] == [False] * 4
    assert [is_yes(t) for t in ("maybe", "не знаю", "what is this")] == [None] * 3
    # a word or a pair that says yes alone, as people answer "may we?" or "shall I submit it?"
    assert [is_yes(t) for t in ("k", "fine", "of course", "go ahead", "i do", "please do", "давай", "ладно, давайте",
                                "подтверждаю", "хорошо", "пойдёт", "го")] == [True] * 12
    assert [is_yes(t) for t in ("not fine", "не подтверждаю", "course", "do", "it", "не пойдёт")] == [None] * 6
    assert is_yes("i do not") is False


def test_a_longer_answer_that_opens_with_a_plain_no_refuses() -> None:
    refusing = ["no thanks, i dont want you storing my data", "нет, не согласна, не хочу чтобы вы хранили мои данные",
                "nope, not giving you my details", "net, ne nado"]
    assert all(refuses(text) for text in refusing)
    not_refusing = ["no problem", "no worries go ahead", "нет возражений", "no, I don't mind", "нет, я не против",
                    "no", "nothing to add", "noted, thanks"]
    assert not any(refuses(text) for text in not_refusing)


async def test_consent_refused_in_a_sentence(chat: Chat) -> None:
    await chat.user("The parcel arrived broken on 20 November and I want my money back")
    await chat.user("no thanks, I don't want you storing my data")
    session = await chat.session()
    assert session.step == Step.DECLINED and not session.consent and "description" not in session.slots


@pytest.mark.parametrize("yes", ["fine", "подтверждаю", "of course"])
async def test_the_summary_is_submitted_on_a_yes_in_words(chat: Chat, yes: str) -> None:
    await chat.user("My Bosch washing machine stopped spinning on 20 November and I want a refund. "
                    "You can reach me at priya@example.com\nKind regards,\nPriya Raman")
    assert say("bot.summary.intro", EN) in await chat.user("k")
    assert "registered it under reference CD-" in await chat.user(yes)


def test_choices_in_words_need_a_short_unambiguous_message() -> None:
    offered = [intake.SUBMIT, intake.EDIT, intake.CANCEL]
    labels = ["Submit", "Correct something", "Cancel"]
    assert choosing.choice_in_words("submitt", offered, labels) == intake.SUBMIT, "a typo is forgiven"
    assert choosing.choice_in_words("please change it", offered, labels) == intake.EDIT
    assert choosing.choice_in_words("I want to change my story, the parcel was lost", offered, labels) is None
    assert choosing.choice_in_words("banana", offered, labels) is None


def test_a_choice_said_in_several_phrases_of_it_after_a_yes() -> None:
    offered = [intake.SUBMIT, intake.EDIT, intake.CANCEL]
    labels = ["Submit", "Correct something", "Cancel"]
    for text in ("yes that's right", "correct, submit", "yep, all good, send it", "верно, отправляйте", "ага, всё верно",
                 "da, vse verno"):
        assert choosing.choice_in_words(text, offered, labels) == intake.SUBMIT, text
    assert choosing.choice_in_words("no, change it", offered, labels) == intake.EDIT
    assert choosing.choice_in_words("submit or cancel", offered, labels) is None, "two choices are none"
    assert choosing.choice_in_words("yes", offered, labels) is None, "a yes alone names no choice of this menu"
    assert choosing.choice_in_words("send it to my wife", offered, labels) is None, "every word must belong to a phrase"
    consent = [intake.CONSENT_YES, intake.CONSENT_NO]
    assert choosing.choice_in_words("ага, конечно", consent, ["Yes", "No"]) == intake.CONSENT_YES


async def test_a_complete_opening_is_not_asked_again(chat: Chat) -> None:
    opening = ("My Bosch washing machine stopped spinning on 20 November and I want a refund. "
               "You can reach me at priya@example.com\nKind regards,\nPriya Raman")
    await chat.user(opening)
    summary = await chat.user("ya sure")
    assert say("bot.summary.intro", EN) in summary, "nothing named in the opening is asked for again"
    slots = (await chat.session()).slots
    assert slots["product"] == "Bosch washing machine" and slots["name"] == "Priya Raman"
    assert "registered it under reference CD-" in await chat.user("ok send it")


async def test_a_complete_opening_is_not_asked_again_russian(chat: Chat) -> None:
    chat.language_hint = RU
    opening = ("Купил телевизр 3 ноября, он не включается. Хочу вернуть деньги. Почта ivan@example.ru\n"
               "С уважением, Иванов Иван Иванович")
    await chat.user(opening)
    summary = await chat.user("да")
    assert say("bot.summary.intro", RU) in summary
    slots = (await chat.session()).slots
    assert slots["product"] == "телевизор" and slots["name"] == "Иванов Иван Иванович"


async def test_not_remembering_is_not_a_name(chat: Chat) -> None:
    chat.language_hint = RU
    await chat.user("Вчера курьер не привёз заказ 55123 с диваном, хочу вернуть деньги. Почта anna@example.ru")
    assert say("bot.ask.name", RU) in await chat.user("да")
    assert say("bot.ask.name", RU) in await chat.user("не помню точно")
    assert "name" not in (await chat.session()).slots


@pytest.mark.parametrize(("lang", "request_", "story"), [
    ("en", "I need to speak to a real person, not a bot",
     "My boiler broke on 3 November and the engineer never came. I want it fixed."),
    ("ru", "Соедините меня с живым человеком, не с ботом",
     "3 ноября сломался котёл, мастер так и не пришёл. Хочу, чтобы его починили."),
])
async def test_the_story_survives_asking_for_a_person(chat: Chat, lang: str, request_: str, story: str) -> None:
    chat.language_hint = lang
    await chat.user(request_)
    await chat.user("human" if lang == EN else "оператор")
    asked = await chat.user("yes" if lang == EN else "да")
    assert say("bot.ask.description", lang) in asked, "the request for a person is not the story"
    await chat.user(story)
    session = await chat.session()
    assert session.slots["description"] == story and session.needs_human
    assert session.slots["incident_date"].endswith("-11-03")


async def test_a_story_with_a_request_for_a_person_keeps_both(chat: Chat) -> None:
    await chat.user("My sofa arrived torn on 2 November and I want a refund. Please let me talk to a real person about it.")
    await chat.user("yes")
    session = await chat.session()
    assert session.needs_human and session.slots["product"] == "sofa" and "torn" in session.slots["description"]


async def test_a_complaint_that_asks_along_the_way_is_taken_as_a_complaint(chat: Chat) -> None:
    answer = await chat.user("My sofa never arrived and nobody replies, when will I hear back from someone about my refund?")
    assert say("bot.consent.question", EN) in answer, "no case to tell about: the complaint is taken"


@pytest.mark.parametrize(("lang", "opening", "consent"), [
    ("en", "URGENT the heater gave my son an electric shock and he is in hospital, I want compensation", "yes"),
    ("ru", "Срочно! Обогреватель ударил током моего сына, он в больнице", "да"),
    ("en", "I can smell gas from the new boiler you installed on 20 November", "yes"),
])
async def test_safety_first(chat: Chat, lang: str, opening: str, consent: str) -> None:
    chat.language_hint = lang
    first = await chat.user(opening)
    assert first.startswith(say("bot.safety.first", lang)), "the first line is care and what to do now"
    await chat.user(consent)
    session = await chat.session()
    assert session.needs_human, "a person is asked for at once"
    assert say("bot.safety.first", lang) not in await chat.user("it happened yesterday"), "said once"


@pytest.mark.parametrize(("lang", "opening", "consent"), [
    ("en", "The toaster I bought from you caught fire on 24 November and my husband burnt his hand putting it out. "
           "I want a full refund. Helen Carter, helen.carter@example.com", "yes"),
    ("ru", "24 ноября купленный у вас чайник ударил током мою маму, она была у врача. Прошу вернуть деньги. "
           "Ольга Смирнова, olga.smirnova@example.com", "да"),
])
async def test_harm_is_filed_as_a_critical_health_and_safety_complaint_for_a_person(
        chat: Chat, lang: str, opening: str, consent: str) -> None:
    chat.language_hint = lang
    assert (await chat.user(opening)).startswith(say("bot.safety.first", lang))
    summary = await chat.user(consent)
    assert say("bot.summary.intro", lang) in summary
    assert (await chat.session()).category == "health_safety"
    await chat.press("confirm:submit")
    cases = await chat.dialogue.core.queries.cases_of(Identity("console", "alice"))
    assert [(c.category, c.priority, c.needs_human) for c in cases] == [("health_safety", "critical", True)]


async def test_a_phone_given_beside_the_email_is_kept_too(chat: Chat) -> None:
    await chat.user("Hello, my debit card was to arrive in 3 days after 17/11. Still nothing a week later. Please "
                    "send it by courier. Many thanks, Ahmed Hassan, ahmed.hassan@example.com, 07812 345678")
    summary = await chat.user("yes")
    assert "ahmed.hassan@example.com, +447812345678" in summary, "the summary shows both"
    reference = re.search(r"CD-[0-9A-Z]{4}-[0-9A-Z]{4}", await chat.user("submit")).group(0)  # type: ignore[union-attr]
    details = await chat.dialogue.core.queries.details(reference, Actor.agent("U1"))
    assert (details.complainant_email, details.complainant_phone) == ("ahmed.hassan@example.com", "+447812345678")
