"""What a short message asks for, whatever step the conversation is at: help, cancel, start over,
a human, a language, yes / no, skip, accept / reject. Recognised by phrase in English and Russian
first (exact and cheap), then by the NLU intent when it is confident."""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

HELP, CANCEL, RESTART, HUMAN, NEW, STATUS = "help", "cancel", "restart", "human", "new", "status"
YES, NO, SKIP, ACCEPT, REJECT, GREETING = "yes", "no", "skip", "accept", "reject", "greeting"

_PHRASES: dict[str, tuple[str, ...]] = {
    HELP: ("help", "/help", "?", "what can you do", "помощь", "помоги", "помогите", "справка", "что ты умеешь"),
    CANCEL: ("cancel", "/cancel", "stop", "abort", "never mind", "nevermind", "отмена", "отменить", "отмени", "стоп",
             "не надо"),
    RESTART: ("start over", "restart", "/restart", "start again", "начать заново", "заново", "сначала",
              "начать сначала", "давай сначала"),
    HUMAN: ("human", "/human", "agent", "operator", "a person", "person", "talk to a human", "talk to a person",
            "speak to a human", "speak to a person", "real person", "talk to someone", "человек", "оператор",
            "сотрудник", "позовите человека", "живой человек", "поговорить с человеком", "позовите оператора",
            "соедините с оператором"),
    NEW: ("new complaint", "/new", "another complaint", "a new complaint", "новая жалоба", "новую жалобу",
          "ещё одна жалоба", "еще одна жалоба", "другая жалоба"),
    STATUS: ("status", "/status", "check status", "check a status", "статус", "узнать статус"),
    YES: ("yes", "y", "yeah", "yep", "ok", "okay", "sure", "agree", "i agree", "yes please", "correct", "submit",
          "да", "ага", "ок", "хорошо", "согласен", "согласна", "да согласен", "да согласна", "верно", "отправить",
          "отправляй", "конечно"),
    NO: ("no", "n", "nope", "no thanks", "i do not agree", "i don't agree", "disagree", "нет", "не согласен",
         "не согласна", "неа", "не хочу"),
    SKIP: ("skip", "-", "none", "n/a", "no number", "пропустить", "пропусти", "нет номера", "не знаю номер"),
    ACCEPT: ("accept", "i accept", "accepted", "accept it", "принимаю", "принять", "я принимаю", "согласен с решением",
             "согласна с решением"),
    REJECT: ("reject", "i reject", "rejected", "reject it", "отклоняю", "отклонить", "не принимаю", "я не принимаю",
             "не согласен с решением", "не согласна с решением"),
    GREETING: ("hi", "hello", "hey", "good morning", "good afternoon", "good evening", "/start", "привет",
               "здравствуйте", "добрый день", "добрый вечер", "доброе утро"),
}
_LOOKUP = {phrase: command for command, phrases in _PHRASES.items() for phrase in phrases}
_LANGUAGES = {
    "english": "en", "in english": "en", "/en": "en", "/lang en": "en", "en": "en", "english please": "en",
    "английский": "en", "по-английски": "en", "на английском": "en",
    "русский": "ru", "по-русски": "ru", "на русском": "ru", "/ru": "ru", "/lang ru": "ru", "ru": "ru",
    "russian": "ru", "in russian": "ru", "russian please": "ru", "по русски": "ru",
}
_INTENTS = {"help": HELP, "human": HUMAN, "cancel": CANCEL, "greeting": GREETING, "accept": ACCEPT, "reject": REJECT}
_PUNCT = re.compile(r"[\s.,!;:()«»\"']+")
_REJECT_WITH_REASON = re.compile(r"^\s*(reject|i reject|отклоняю|не принимаю)\b[\s,.:;—-]*(?P<reason>.+)$", re.I | re.S)
# What follows "I reject" that only names what is rejected ("I reject it"): no reason given.
_REJECTED_THING = frozenset({"it", "this", "that", "the decision", "this decision", "the resolution", "this resolution",
                             "the proposal", "его", "это", "ее", "решение", "это решение", "ваше решение"})
# Each run of spaces is read by one possessive quantifier: "5" and three optional "\s*" around
# optional parts could split a long run of spaces every way before failing (cubic).
_RATING = re.compile(r"^\s*+([1-5])\s*+(?:/\s*+5\s*+)?(?:[.!]\s*+)?$")
CONFIDENT = 0.85
_MOST_INTENT_WORDS = 8
_KEPT_CHARS = 200  # normal forms of texts up to this long are kept (normalise)


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    argument: str = ""


def normalise(text: str) -> str:
    # the routing of one turn asks it of the same text a few times: short ones are kept
    return _normalised(text) if len(text) <= _KEPT_CHARS else _PUNCT.sub(" ", text.lower().replace("ё", "е")).strip()


@lru_cache(maxsize=1024)
def _normalised(text: str) -> str:
    return _PUNCT.sub(" ", text.lower().replace("ё", "е")).strip()


def command_in(text: str, intent: str | None = None, confidence: float = 0.0) -> Command | None:
    """The command ``text`` is, if it is one. Only whole short messages count as commands, so a
    complaint that mentions "cancel" stays a complaint."""
    said = normalise(text)
    if text.strip() == "?":
        return Command(HELP)
    if said in _LANGUAGES:
        return Command("language", _LANGUAGES[said])
    if said in _LOOKUP:
        return Command(_LOOKUP[said])
    reject = _REJECT_WITH_REASON.match(text)
    if reject:
        reason = reject.group("reason").strip()
        return Command(REJECT, "" if normalise(reason) in _REJECTED_THING else reason)
    yes = _yes_or_no_words(said)
    if yes is not None:
        return Command(YES if yes else NO)
    rating = _RATING.match(text)
    if rating:
        return Command("rating", rating.group(1))
    if intent in _INTENTS and confidence >= CONFIDENT and len(said.split()) <= _MOST_INTENT_WORDS:
        return Command(_INTENTS[intent])
    return None


def may_be_intended(text: str) -> bool:
    """Whether NLU's intent may make ``text`` a command: a message of a few words only (a story
    that asks for a person or the status is read as such by the dialogue's own checks)."""
    return len(normalise(text).split()) <= _MOST_INTENT_WORDS


def is_yes(text: str) -> bool | None:
    """True for yes, False for no, None for anything else."""
    said = normalise(text)
    found = _LOOKUP.get(said)
    if found in (YES, ACCEPT):
        return True
    if found == NO:
        return False
    return _yes_or_no_words(said)


# Yes and no as people write them: "ya sure", "yes, согласен", "da", "ok da", «ага, конечно».
_YES_WORDS = frozenset({"yes", "y", "yeah", "yea", "yep", "yup", "ya", "yah", "yas", "sure", "ok", "okay", "k",
                        "fine", "agree", "agreed", "absolutely", "certainly", "course", "of", "i", "do", "please",
                        "go", "ahead", "alright", "right", "thing", "да", "ага", "угу", "ок", "окей", "хорошо", "согласен",
                        "согласна", "согласны", "конечно", "давай", "давайте", "ладно", "разумеется", "можно",
                        "не", "против", "da", "aga", "ugu", "ok", "soglasen", "soglasna", "konechno", "horosho",
                        "khorosho", "ladno", "davai", "davaite", "ne", "protiv", "kk", "it", "confirm", "confirmed",
                        "подтверждаю", "подтверждаем", "podtverzhdayu", "пойдёт", "пойдет", "годится", "норм",
                        "нормально", "го", "poidet", "goditsya", "norm"})
_STRONG_YES = frozenset({"yes", "y", "yeah", "yea", "yep", "yup", "ya", "yah", "yas", "sure", "ok", "okay", "agree",
                         "agreed", "absolutely", "certainly", "alright", "да", "ага", "угу", "ок", "окей", "согласен",
                         "согласна", "согласны", "конечно", "разумеется", "da", "aga", "ugu", "soglasen", "soglasna",
                         "konechno", "k", "kk", "fine", "confirm", "confirmed", "хорошо", "давай", "давайте", "ладно",
                         "подтверждаю", "подтверждаем", "horosho", "khorosho", "ladno", "davai", "davaite",
                         "podtverzhdayu", "пойдёт", "пойдет", "годится", "норм", "нормально", "го", "poidet",
                         "goditsya", "norm"})
# Pairs that say yes where neither word does alone: "of course", "go ahead", "i do", "please do", "do it".
_STRONG_YES_PAIRS = frozenset({("of", "course"), ("go", "ahead"), ("i", "do"), ("please", "do"), ("do", "it")})
_NO_WORDS = frozenset({"no", "n", "nope", "nah", "not", "don", "t", "dont", "do", "i", "agree", "thanks", "thank", "you",
                       "way", "нет", "не", "неа", "согласен", "согласна", "против", "спасибо", "net", "ne",
                       "soglasen", "soglasna", "nea", "spasibo"})
_STRONG_NO = frozenset({"no", "n", "nope", "nah", "нет", "неа", "net", "nea"})
_NEGATED_YES = frozenset({("не", "согласен"), ("не", "согласна"), ("ne", "soglasen"), ("ne", "soglasna"),
                          ("t", "agree"), ("dont", "agree"), ("not", "agree"), ("do", "not")})


# What may follow a plain "no" without refusing ("no problem", «нет возражений», "no, I don't mind").
_NOT_REFUSING_NEXT = frozenset({"problem", "problems", "prob", "worries", "worry", "objection", "objections", "doubt",
                                "проблем", "возражений", "вопросов", "problemy"})
_NOT_REFUSING_ANY = frozenset({"mind", "object", "возражаю", "против"})


def refuses(text: str) -> bool:
    """A longer answer to a yes-or-no question that opens with a plain no ("no thanks, I don't want
    you storing my data", «нет, не согласна, не хочу...»); "no problem", «нет возражений» and "no,
    I don't mind" do not refuse."""
    words = normalise(text).split()
    return (len(words) > 1 and words[0] in _STRONG_NO and words[1] not in _NOT_REFUSING_NEXT
            and not _NOT_REFUSING_ANY & set(words))


def _yes_or_no_words(said: str) -> bool | None:
    """Yes or no said in a few words of both languages, transliterated or mixed; None when unclear."""
    words = said.split()
    if not words or len(words) > 5:
        return None
    pairs = set(zip(words, words[1:]))
    if pairs & _NEGATED_YES or (set(words) <= _NO_WORDS and set(words) & _STRONG_NO):
        return False if set(words) <= _NO_WORDS | {"i"} else None
    if (set(words) <= _YES_WORDS and (set(words) & _STRONG_YES or pairs & _STRONG_YES_PAIRS)
            and not {"не", "ne", "против", "protiv"} & set(words)):
        return True
    return None
