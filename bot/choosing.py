"""Choices by number and in words: a menu answered with its label, a synonym or a near miss
("submit it", "ok send it", «отправляйте», "the outcome", «исправить»), in English or Russian,
besides its button; a text-only channel's numbered list answered with the number. Only a short
message can be a choice, so a story that mentions "change" stays a story."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot import intake
from bot.commands import normalise

_MOST_WORDS = 6
_NUMBER_DIGITS = 9  # a number answering a numbered list has no more digits than this
_FUZZY = 86  # rapidfuzz ratio: one or two typos in a word or two

# Words that pick a choice of one of the bot's own menus, by its value.
SYNONYMS: dict[str, tuple[str, ...]] = {
    intake.SUBMIT: ("submit", "submit it", "send", "send it", "ok send it", "ok submit", "yes submit", "yes send it",
                    "send it please", "please submit", "go ahead", "file it", "lodge it", "all good", "looks good",
                    "that's right", "thats right", "that is right", "correct", "all correct", "everything is correct",
                    "отправить", "отправь", "отправляй", "отправляйте", "отправьте", "да отправить", "да отправляй",
                    "подать", "подавай", "подайте", "все верно", "всё верно", "верно", "все правильно", "правильно",
                    "otpravit", "otpravlyai", "otpravlyaite", "vse verno"),
    intake.EDIT: ("edit", "change", "change it", "change something", "correct something", "correct it", "fix",
                  "fix it", "make a change", "modify", "no change it", "not right", "that's wrong", "wrong",
                  "исправить", "исправь", "исправьте", "изменить", "измени", "измените", "поправить", "поправь",
                  "не так", "неправильно", "нет исправить", "ispravit", "izmenit"),
    intake.CANCEL: ("cancel", "cancel it", "forget it", "drop it", "отмена", "отменить", "отмени", "отменяй",
                    "не надо", "otmena", "otmenit"),
    intake.CONSENT_YES: ("yes", "yes i agree", "i agree", "agree", "sure", "ok", "okay", "fine", "да", "да согласен",
                         "да согласна", "согласен", "согласна", "конечно", "хорошо", "ладно", "da", "soglasen",
                         "soglasna", "konechno", "khorosho", "horosho"),
    intake.CONSENT_NO: ("no", "i do not agree", "i don't agree", "disagree", "no thanks", "нет", "не согласен",
                        "не согласна", "против", "net", "ne soglasen", "ne soglasna"),
}
SLOT_WORDS: dict[str, tuple[str, ...]] = {
    "description": ("what happened", "the story", "story", "description", "the description", "details",
                    "что случилось", "что произошло", "описание", "история", "суть"),
    "incident_date": ("when", "date", "the date", "time", "когда", "дата", "дату", "время", "число"),
    "location": ("where", "place", "location", "the place", "store", "branch", "где", "место", "адрес", "магазин"),
    "product": ("product", "the product", "service", "item", "товар", "продукт", "услуга", "услугу"),
    "order_number": ("order", "order number", "account", "account number", "number", "заказ", "номер заказа",
                     "номер", "счет", "счёт", "номер счета", "договор"),
    "amount": ("amount", "the amount", "sum", "price", "how much", "сумма", "сумму", "цена", "стоимость"),
    "desired_outcome": ("outcome", "the outcome", "resolution", "what i want", "remedy", "refund", "решение",
                        "результат", "чего я хочу", "что я хочу", "требование", "требования"),
    "name": ("name", "my name", "the name", "имя", "фамилия", "фио", "мое имя", "моё имя"),
    "contact": ("contact", "contacts", "email", "e-mail", "phone", "phone number", "контакт", "контакты",
                "почта", "почту", "телефон", "email адрес"),
    "on_behalf_of": ("on behalf of", "behalf", "for whom", "от чьего имени", "от имени", "за кого"),
}


# Normalised once: a menu is read on every short message while it is shown.
_SYNONYMS = {value: tuple(normalise(p) for p in phrases) for value, phrases in SYNONYMS.items()}
_SLOT_WORDS = {slot: tuple(normalise(p) for p in phrases) for slot, phrases in SLOT_WORDS.items()}


def _phrases(value: str, label: str) -> list[str]:
    said = [normalise(label), *_SYNONYMS.get(value, ())]
    if value.startswith(intake.EDIT_SLOT):
        said += _SLOT_WORDS.get(value[len(intake.EDIT_SLOT):], ())
    return [p for p in said if p]


def numbered(text: str, offered: list[str]) -> str | None:
    """A text-only channel answers a numbered list with the number."""
    said = text.strip().rstrip(".)")
    # int() refuses "²" (a digit, not a decimal) and more than 4,300 digits: neither may end the turn
    if offered and said.isdecimal() and len(said) <= _NUMBER_DIGITS and 1 <= int(said) <= len(offered):
        return offered[int(said) - 1]
    return None


def choice_in_words(text: str, offered: list[str], labels: list[str]) -> str | None:
    """The offered choice ``text`` names, if it names exactly one; None otherwise."""
    said = normalise(text)
    if not offered or not said or len(said.split()) > _MOST_WORDS:
        return None
    said = _strip_fillers(said)
    candidates: dict[str, str] = {}
    ambiguous: set[str] = set()
    for value, label in zip(offered, labels or [""] * len(offered)):
        for phrase in _phrases(value, label):
            if candidates.get(phrase, value) != value:
                ambiguous.add(phrase)
            candidates[phrase] = value
    for phrase in ambiguous:
        del candidates[phrase]
    if said in candidates:
        return candidates[said]
    composed = _composed(said, candidates)
    if composed is not None:
        return composed
    if len(said) < 4:
        return None
    best = process.extractOne(said, list(candidates), scorer=fuzz.ratio, score_cutoff=_FUZZY)
    return candidates[best[0]] if best else None


_FILLERS = ("please", "pls", "the", "ok", "okay", "then", "just", "go", "ahead", "can", "you", "пожалуйста", "ну", "тогда",
            "давай", "давайте", "уже", "да", "прошу", "можно", "можете")


def _strip_fillers(said: str) -> str:
    words = said.split()
    kept = [w for w in words if w not in _FILLERS]
    return " ".join(kept) if kept else said


# Said before a choice, they add nothing to it: "yes, that's right", «ага, отправляйте».
_AGREEING = frozenset({"yes", "yeah", "yep", "yup", "sure", "да", "ага", "угу", "конечно", "da", "aga"})
_LONGEST_PHRASE = 4


def _composed(said: str, candidates: dict[str, str]) -> str | None:
    """The choice a message names when it is several phrases of that one choice, perhaps after a
    yes: "correct, submit", «верно, отправляйте». Every word must belong to a phrase."""
    words, found, at = said.split(), set(), 0
    while at < len(words):
        for size in range(min(_LONGEST_PHRASE, len(words) - at), 0, -1):
            phrase = " ".join(words[at:at + size])
            if phrase in candidates:
                found.add(candidates[phrase])
                break
            if size == 1 and phrase in _AGREEING:
                break
        else:
            return None
        at += size
    return found.pop() if len(found) == 1 else None
