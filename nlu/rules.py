"""The high-precision rule layer in front of the intent classifier.

It decides only short messages that are nothing but one of the dialogue's stock moves, where a
bag-of-words model is weakest (two or three words, little evidence) and a phrase list is nearly
never wrong: a greeting, thanks, yes / no to a proposal, cancel, help, a human, and a status
request (the word "status" or a case reference with a status word, or a reference on its own).
Everything else, including a stock phrase inside a longer message ("hi, my parcel never came",
"cancel my subscription, you keep charging me"), is left to the spaCy textcat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RULE_CONFIDENCE = 0.99
MAX_WORDS = 9

_REFERENCE = re.compile(r"(?<![0-9a-z])cd[\s-]?[0-9a-z]{4}[\s-]?[0-9a-z]{4}(?![0-9a-z])", re.IGNORECASE)
_CLEAN = re.compile(r"[^\w\s'/-]+|(?<!\w)[-']|[-'](?!\w)", re.UNICODE)
_SPACES = re.compile(r"\s+")


def _alt(*phrases: str) -> str:
    return "(?:" + "|".join(phrases) + ")"


# Polite padding that may surround a stock move without changing it.
_EN_PAD = _alt("please", "pls", "plz", "just", "now", "then", "mate", "guys", "bot", "again", "ok", "okay", "so", "well",
               "oh", "ah", "um", "erm", "hmm", "actually", "thanks", "thank you", "sir", "madam", "dear", "team")
_RU_PAD = _alt("пожалуйста", "плиз", "плз", "пж", "просто", "уже", "ну", "так", "тогда", "же", "бот", "ок", "окей",
               "спасибо", "слушайте", "давайте", "давай", "вообще", "а", "и", "уважаемые", "ребята")

_EN: dict[str, str] = {
    "greeting": _alt(
        r"(?:hi|hello|hey|hiya|heya|howdy|hallo|helo|hullo|yo|greetings|hey hey|hi hi|hello hello)(?: there| all| everyone| team| again| folks)?",
        r"good (?:morning|afternoon|evening|day)(?: to you| all| everyone| team)?", "morning", "afternoon", "evening",
        r"(?:hi|hello|hey) (?:is )?(?:anyone|anybody|somebody|someone) (?:there|here|around|home)",
        r"(?:is )?(?:anyone|anybody) (?:there|here|around)", "/start", "start",
    ),
    "thanks": _alt(
        r"(?:many |big )?thanks?(?: you| u| ya)?(?: (?:so|very) much| a lot| a million| a bunch| again| kindly| heaps| loads| for (?:your|the) help| for helping| for that| for everything| for your time)?",
        r"thank you(?: (?:so|very) much)?(?: indeed)?", "thx", "thnx", "thanx", "ty", "tysm", "tyvm", "cheers(?: mate)?",
        r"(?:much |really |i )?appreciated?(?: it)?", "much obliged", r"(?:great|perfect|brilliant|awesome|lovely|cool|nice) thanks?(?: you)?",
    ),
    "accept": _alt(
        r"yes(?: please| i do| i agree| that's fine| fine| go ahead| proceed| deal)?", "yep", "yeah", "yup", "ya", "y", "sure(?: thing)?",
        r"(?:i )?(?:accept|agree)(?: it| that| this| the offer| the decision| the resolution| your offer| your decision)?",
        "agreed", "accepted", "deal", "fine(?: by me)?", "that's fine", "that works", "sounds good", "go ahead", "confirmed?",
        "ok", "okay", "okey", "alright", "all right", "correct", "absolutely", "of course", "i'm happy with that", "happy with that",
    ),
    "reject": _alt(
        r"no(?: thanks?| thank you| way| i don't| i do not| not really)?", "nope", "nah", "n", "never",
        r"(?:i )?(?:reject|refuse|decline)(?: it| that| this| the offer| the decision| your offer| your decision)?",
        r"(?:i )?(?:don't|do not|can't|cannot|won't|will not) (?:accept|agree)(?: (?:it|that|this|the offer|the decision))?",
        "disagree", "i disagree", "wrong", "incorrect", "not correct", "that's wrong", "that's not right", "rejected", "declined", "absolutely not", "not acceptable", "unacceptable", "no deal",
    ),
    "cancel": _alt(
        r"cancel(?: it| that| this| the complaint| my complaint| everything)?", "/cancel", "stop", "stop it", "abort", "quit",
        "exit", "never ?mind", "nvm", "forget it", "forget about it", "drop it", "withdraw(?: my complaint| the complaint| it)?",
        r"(?:i )?(?:want to |wanna )?cancel(?: my complaint| the complaint| it)?",
    ),
    "help": _alt(
        "help", "/help", "help me", "i need help", "need help", "what can you do", "what do you do", "how does this work",
        "how does it work", "what now", "instructions", "menu", "options", "commands", "info", "faq", "how do i use this",
    ),
    "human": _alt(
        r"(?:a |an )?(?:human|person|operator|agent|representative|rep|manager|supervisor|real person|real human|live agent|live person|human being)",
        r"(?:i )?(?:want|need|would like|'d like|wanna)(?: to)?(?: (?:talk|speak|chat))?(?: to| with)? (?:a |an |your )?(?:human|person|operator|agent|representative|manager|supervisor|real person|real human|live agent|someone real|human being)",
        r"(?:can i |could i |let me )?(?:talk|speak|chat)(?: to| with) (?:a |an |your )?(?:human|person|operator|agent|representative|manager|supervisor|real person|real human|live agent|someone|somebody|human being)",
        r"(?:connect|transfer|put) me (?:to|through to|with) (?:a |an |your )?(?:human|person|operator|agent|representative|manager|supervisor|real person|someone)",
    ),
    "status_request": _alt(
        "status", "/status", r"(?:check |what's |what is )?(?:the |my )?(?:status|progress)(?: update| check| please)?",
        "any update", "any updates", "any news", "update", "update please", "updates",
    ),
}

_RU: dict[str, str] = {
    "greeting": _alt(
        r"(?:привет|приветик|приветствую|здравствуйте|здравствуй|здрасте|здрасьте|здравствуйте ещ[её] раз|хай|хелло|алло|салют|доброго времени суток)(?: всем| бот| ещ[её] раз| команда)?",
        r"(?:добрый|доброго) (?:день|дня|вечер|вечера)", r"доброе утро", r"день добрый", r"вечер добрый", r"утро доброе",
        r"(?:привет|здравствуйте|алло) (?:есть кто|кто-нибудь|кто нибудь)(?: (?:тут|здесь|есть))?", r"есть кто(?: (?:тут|здесь|живой))?",
        "/start", "старт", "начать",
    ),
    "thanks": _alt(
        r"(?:большое |огромное |всем )?спасибо(?: (?:большое|огромное|вам|за помощь|за ответ|ещ[её] раз|за вс[её]))*",
        "спс", "пасиб", "пасибо", "спасибки", "благодарю(?: вас)?(?: за помощь)?", "благодарю за ответ",
        r"(?:отлично|супер|прекрасно|хорошо|класс) спасибо",
    ),
    "accept": _alt(
        r"да(?: да)?(?: согласен| согласна| конечно| хорошо| пойд[её]т| устраивает| принимаю)?", "ага", "угу", "ок", "окей",
        "хорошо", "ладно", "конечно", "пойд[её]т", "годится", "верно", "договорились", r"(?:я )?соглас(?:ен|на)(?: с решением| с этим)?",
        r"(?:я )?принимаю(?: решение| предложение| это)?", "принято", "меня устраивает", "устраивает", "подходит", "отлично",
    ),
    "reject": _alt(
        r"нет(?: спасибо| не согласен| не согласна| не надо)?", "неа", "не", "ни за что",
        r"(?:я )?не соглас(?:ен|на)(?: с решением| с этим)?", r"(?:я )?не принимаю(?: решение| предложение| это)?",
        r"(?:я )?отклоняю(?: решение| предложение)?", r"(?:я )?против", "не устраивает", "меня не устраивает",
        "категорически нет", "отказываюсь", "неверно", "не верно", "неправильно", "это неправильно",
    ),
    "cancel": _alt(
        r"отмена", r"отменить(?: жалобу| обращение| вс[её])?", r"отмени(?:те)?(?: жалобу| обращение| вс[её])?", "стоп", "/cancel",
        "хватит", "не надо", "забудьте", "забей", "проехали", r"(?:я )?передумал(?:а)?", "выход", "выйти",
        r"отзываю(?: жалобу| обращение)?", r"(?:хочу )?отозвать(?: жалобу| обращение)",
    ),
    "help": _alt(
        "помощь", "/help", "помоги(?:те)?", "справка", "что ты умеешь", "что вы умеете", "что ты можешь", "как это работает",
        "как пользоваться", "инструкция", "меню", "команды", "что дальше", "что делать", "нужна помощь", "мне нужна помощь",
    ),
    "human": _alt(
        r"(?:живой )?(?:человек|оператор|оператора|сотрудник|специалист|менеджер|консультант)",
        r"(?:позовите|позови|дайте|нужен|нужна|хочу|соедините с|соедини с|переключите на|переключи на|подключите)(?: мне)? (?:живого |живым )?(?:человека|человеком|оператора|оператором|сотрудника|сотрудником|специалиста|специалистом|менеджера|менеджером|живой человек|оператор|сотрудник)",
        r"(?:хочу |можно |дайте )?(?:поговорить|пообщаться|связаться) с (?:живым )?(?:человеком|оператором|сотрудником|специалистом|менеджером)",
    ),
    "status_request": _alt(
        "статус", "/status", r"(?:какой |каков )?статус(?: жалобы| обращения| заявки| моей жалобы| моего обращения)?",
        r"(?:узнать|проверить) статус", "есть новости", "какие новости", "новости есть", "что нового", "есть обновления",
    ),
}
_STATUS_WORDS = {
    "en": re.compile(r"\b(?:status|update|updates|news|progress|check|track|where|what's happening|any word|heard)\b"),
    "ru": re.compile(r"(?:статус|новост|обновлен|провер|что с|как там|как дела|движет|продвига|отслед|где|рассмотр|ответ)"),
}
_OTHER_REFERENCE_WORDS = {  # a reference with these is information or a complaint, not a status request
    "en": re.compile(r"\b(?:cancel|withdraw|close|add|also|attach|photo|another|new|forgot|wrong|refund|charged|broken|rude)\b"),
    "ru": re.compile(r"(?:отмен|отзыв|закрой|закройте|добав|также|прикреп|фото|ещ[её] одн|нов|забыл|вернит|списал|слом|хам)"),
}


def _compile(moves: dict[str, str], pad: str) -> dict[str, re.Pattern[str]]:
    # Padding is bounded by the words a stock move may have: padding words that are also moves
    # ("ok", "thanks") could otherwise be split between padding and move every way (polynomial).
    padding = f"{{0,{MAX_WORDS}}}"
    return {intent: re.compile(rf"(?:{pad} ){padding}{body}(?: {pad}){padding}") for intent, body in moves.items()}


_MOVES = {"en": _compile(_EN, _EN_PAD), "ru": _compile(_RU, _RU_PAD)}
_ORDER = ("greeting", "thanks", "reject", "accept", "cancel", "help", "human", "status_request")


@dataclass(frozen=True, slots=True)
class Decision:
    intent: str
    confidence: float = RULE_CONFIDENCE


def _clean(text: str) -> str:
    lower = text.lower().replace("ё", "е").replace("’", "'")
    return _SPACES.sub(" ", _CLEAN.sub(" ", lower)).strip()


def _greeting_head(words: str, lang: str) -> str:
    """``words`` without a leading greeting ("hi", "здравствуйте"), so "hi, cancel please" is a cancel."""
    greeting = _MOVES[lang]["greeting"]
    parts = words.split(" ")
    for cut in range(min(4, len(parts) - 1), 0, -1):
        if greeting.fullmatch(" ".join(parts[:cut])):
            return " ".join(parts[cut:])
    return words


_LEADING = {
    "en": re.compile(r"^\W*(?:(?:hi|hello|hey|hiya|heya|howdy|hallo|yo|greetings)(?:\s+(?:there|all|everyone|team|again|folks))?"
                     r"|good\s+(?:morning|afternoon|evening|day))\b[\s,.!:;—–-]*", re.IGNORECASE),
    "ru": re.compile(r"^\W*(?:(?:привет|приветик|приветствую|здравствуйте|здравствуй|здрасте|здрасьте|хай|алло|салют)(?:\s+(?:всем|бот|ещ[её]\s+раз))?"
                     r"|(?:добрый|доброго)\s+(?:день|дня|вечер|вечера)|доброе\s+утро|день\s+добрый|доброго\s+времени\s+суток)"
                     r"(?![\w])[\s,.!:;—–-]*", re.IGNORECASE),
}


def without_greeting(text: str, lang: str) -> str:
    """``text`` without a leading greeting, or ``text`` itself when nothing else is left (or there is none)."""
    pattern = _LEADING.get(lang)
    if pattern is None:
        return text
    match = pattern.match(text)
    rest = text[match.end():] if match else text
    return rest if rest.strip(" \t\n!?.,:;)(-—") else text


# A long message is told from a stock move by its head: a word of the head is a word of the whole
# text unless it is within a reference's length of the cut (which may end or split a reference, or
# a mark whose cleaning looks at the next character), and the head's last 16 characters hold at
# most nine words.
_HEAD = 400
_CUT_WORDS = 16


def _words(text: str) -> int:
    return len(_clean(_REFERENCE.sub(" ", text)).split(" "))


def decide(text: str, lang: str) -> Decision | None:
    """The intent of ``text`` if it is a stock move, else ``None`` (the classifier decides)."""
    moves = _MOVES.get(lang)
    if moves is None or len(text) > _HEAD and _words(text[:_HEAD]) > MAX_WORDS + _CUT_WORDS:
        return None
    reference = _REFERENCE.search(text)
    words = _clean(_REFERENCE.sub(" ", text) if reference else text)
    if not words:
        return Decision("status_request") if reference else None
    if len(words.split(" ")) > MAX_WORDS:
        return None
    if reference:
        if _STATUS_WORDS[lang].search(words) and not _OTHER_REFERENCE_WORDS[lang].search(words):
            return Decision("status_request")
        return None
    for candidate in (words, _greeting_head(words, lang)):
        for intent in _ORDER:
            if moves[intent].fullmatch(candidate):
                return Decision(intent)
    return None
