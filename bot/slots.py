"""The complaint form's slots (ISO 10002 Annex B): which are asked, how an answer is read and
checked, and what NLU fills on its own from any message (mixed initiative)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import phonenumbers

from bot import money_slot
from bot.commands import NO, SKIP, normalise, _LOOKUP
from nlu.analysis_result import Analysis

ORDER = ("description", "incident_date", "location", "product", "order_number", "amount", "desired_outcome", "name",
         "contact", "on_behalf_of")
UNKNOWN = "?"  # a slot the person could not answer
SELF = "-"  # on_behalf_of: themselves; order_number: none
_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]++@(?:[A-Za-z0-9-]++\.)++[A-Za-z]{2,}$")  # labels, then the top level: no backtracking
# A digit among the 31 characters an order number may have: an unbounded look-ahead would read a
# long hyphenated run again from every word boundary in it (quadratic).
_ORDER = re.compile(r"\b(?=[A-Z0-9-]{0,30}\d)[A-Z0-9][A-Z0-9-]{2,30}\b", re.I)
_NAME_INTRO = re.compile(
    r"(?i:\bmy name is|\bi am|\bi'm|меня зовут|моё имя|мое имя)\s+"
    r"(?P<name>[A-ZА-ЯЁ][a-zа-яё'-]+(?:\s+[A-ZА-ЯЁ][a-zа-яё'-]+){0,2})")
_NAME = re.compile(r"^[^\W\d_][^\W\d_'.\- ]*(?:[ '.\-]+[^\W\d_]+){0,4}\.?$")
_OUTCOME = re.compile(
    r"(?:\bi want|\bi would like|\bi'd like|\bi expect|\bi demand|\bplease give|\bi ask for|"
    r"\bхочу|\bпрошу|\bтребую|\bхотел бы|\bхотела бы)\s+"
    # "I want to complain about ..." says what the message is, not what the person wants
    r"(?!to complain|to make a complaint|to report|to file|to tell|to let you know|пожаловаться|подать жалобу|"
    r"сообщить|рассказать|обратиться)(?P<what>[^.!?\n]{3,200})", re.I)
# An outcome asked for with a verb alone: "please refund the second charge", «верните деньги».
_OUTCOME_VERB = re.compile(
    # at the start of a clause or after "please": "the shop refused to refund" asks for nothing
    r"(?:^|[.!?,;:\n][ \t]{0,4}|\b(?:please|pls|kindly|пожалуйста)[ \t,]{1,4})"
    r"(?P<what>(?:refund|replace|repair|fix|reimburse|compensate|cancel|return|send me|give me back|"
    r"верните|вернуть|замените|заменить|почините|починить|отремонтируйте|компенсируйте|возместите|"
    r"отмените|пришлите|заблокируйте)\b[^.!?\n]{0,120})", re.I)
# A name signing the message: after a sign-off, or alone on the last line ("Kind regards,\nPriya
# Raman", «С уважением, Иванов Иван Иванович», "— Jane Doe"). Read from the end of the message only.
_CAPITALISED = r"(?:[A-ZА-ЯЁ][a-zа-яё'-]{1,30}|[A-ZА-ЯЁ]{2,30})"
_SIGNED = re.compile(
    r"(?:(?i:regards|wishes|thanks|thank you|cheers|sincerely|faithfully|truly|с уважением|спасибо|всего доброго|"
    r"всего хорошего)[ \t]{0,4}[,.!:]?[ \t]{0,4}\r?\n?|\n|[.!?][ \t]{1,4}|^)[ \t]{0,4}[-—–]{0,3}[ \t]{0,4}"
    rf"(?P<name>{_CAPITALISED}(?:[ \t]{{1,4}}{_CAPITALISED}){{1,3}})[ \t]{{0,4}}\.?[ \t\r\n]{{0,8}}$")
_SIGNATURE_CHARS = 160
# Words that say a "name" is not one ("не помню точно", "I don't know").
_NOT_A_NAME = frozenset({"i", "not", "don't", "dont", "know", "remember", "sure", "no", "idea", "the", "is", "my", "it",
                         "thanks", "thank", "you", "regards", "не", "помню", "знаю", "точно", "нет", "я", "это", "мне",
                         "спасибо", "уважением"})
PHONE_REGIONS = {"en": "GB", "ru": "RU"}


@dataclass(frozen=True, slots=True)
class Answer:
    """A slot answer as read: ``value`` when valid, else ``problem`` (a catalog key)."""

    value: str | None = None
    problem: str | None = None


def required(policy_required: Sequence[str], contact_given: bool) -> list[str]:
    return [s for s in ORDER if s in policy_required and not (s == "contact" and contact_given)]


def _said(text: str, command: str) -> bool:
    return _LOOKUP.get(normalise(text)) == command


def valid_email(text: str) -> str | None:
    candidate = text.strip().strip("<>").strip()
    return candidate.lower() if len(candidate) <= 254 and _EMAIL.match(candidate) else None


def valid_phone(text: str, lang: str) -> str | None:
    if sum(c.isdigit() for c in text) < 7:
        return None
    try:
        number = phonenumbers.parse(text.strip(), PHONE_REGIONS.get(lang, "GB"))
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def read(slot: str, text: str, analysis: Analysis | None, lang: str, today: date) -> Answer:
    """Read ``text`` as the answer to the question for ``slot``."""
    said = text.strip()
    entities = analysis.entities if analysis else None
    if slot == "description":
        return Answer(said) if len(said) >= 10 else Answer(problem="description")
    if slot == "incident_date":
        if entities and entities.dates:
            found = entities.dates[0]
            return Answer(found.isoformat()) if found <= today else Answer(problem="incident_date_future")
        return Answer(problem="incident_date")
    if slot == "location":
        return Answer(said[:300]) if len(said) >= 2 and any(c.isalnum() for c in said) else Answer(problem="location")
    if slot == "product":
        if entities and entities.products:
            return Answer(entities.products[0])
        return Answer(said[:200]) if len(said) >= 2 and any(c.isalpha() for c in said) else Answer(problem="product")
    if slot == "order_number":
        if _said(said, SKIP) or _said(said, NO):
            return Answer(SELF)
        if entities and entities.order_numbers:
            return Answer(entities.order_numbers[0])
        match = _ORDER.search(said)
        return Answer(match.group(0).upper()) if match else Answer(problem="order_number")
    if slot == "amount":  # asked only when the person chooses to correct it
        money = entities.amount if entities else None
        return Answer(money_slot.as_value(money)) if money else Answer(problem="amount")
    if slot == "desired_outcome":
        return Answer(said[:500]) if len(said) >= 2 and any(c.isalpha() for c in said) else Answer(problem="desired_outcome")
    if slot == "name":
        intro = _NAME_INTRO.search(said)
        # "Priya Raman. oh and my email is ...": the name is the first part that reads as one
        for name in ([intro.group("name")] if intro else [said, *_parts(said)]):
            name = name.strip()
            if 2 <= len(name) <= 100 and _NAME.match(name) and not _NOT_A_NAME & set(name.lower().split()):
                return Answer(_as_name(name[:100]))
        return Answer(problem="name")
    if slot == "contact":
        for piece in [said, *said.replace(",", " ").split()]:
            email = valid_email(piece)
            if email:
                return Answer(email)
        phone = valid_phone(said, lang)
        return Answer(phone) if phone else Answer(problem="contact")
    if slot == "on_behalf_of":
        if _said(said, NO) or _said(said, SKIP):
            return Answer(SELF)
        return Answer(said[:200]) if any(c.isalpha() for c in said) else Answer(problem="on_behalf_of")
    raise ValueError(f"unknown slot {slot!r}")


def prefill(analysis: Analysis, today: date) -> dict[str, str]:
    """Every slot a message fills on its own, whatever was asked: dates, products, order numbers,
    contacts, a name introduced as such, the amount, the place, the outcome wanted; read from what NLU analysed (the
    beginning of a long message)."""
    text = analysis.text
    found: dict[str, str] = {}
    entities = analysis.entities
    past = [d for d in entities.dates if d <= today]
    if past:
        found["incident_date"] = past[0].isoformat()
    if entities.products:
        found["product"] = entities.products[0]
    if entities.order_numbers:
        found["order_number"] = entities.order_numbers[0]
    if entities.emails:
        found["contact"] = entities.emails[0]
    elif entities.phones:
        found["contact"] = entities.phones[0]
    intro = _NAME_INTRO.search(text)
    signed = _SIGNED.search(_without_contacts(text[-_SIGNATURE_CHARS:])) if "\n" in text.strip() or len(text.split()) > 6 else None
    if intro:
        found["name"] = intro.group("name")
    elif signed and not _NOT_A_NAME & set(signed.group("name").lower().split()):
        found["name"] = _as_name(signed.group("name"))
    if entities.amount:
        found["amount"] = money_slot.as_value(entities.amount)
    if entities.places:
        found["location"] = entities.places[0]
    outcome = _OUTCOME.search(text) or _OUTCOME_VERB.search(text)
    if outcome:
        found["desired_outcome"] = outcome.group("what").strip()
    return found


def says_wanting(text: str) -> bool:
    """Whether ``text`` says what the person wants with a verb of wanting ("I want ...", «хочу ...»)."""
    return _OUTCOME.search(text) is not None


def _without_contacts(tail: str) -> str:
    """The end of a message without the email addresses and phone numbers that follow a signature
    ("John Smith john@example.com", "Eleanor Price\n07911 123456")."""
    words = tail.rstrip().split(" ")
    while words:
        last = words[-1].strip().strip(",;.")
        lines = last.split("\n")
        if len(lines) > 1 and _contact_like(lines[-1]):
            words[-1] = "\n".join(lines[:-1])
            continue
        if not last or _contact_like(last):
            words.pop()
            continue
        break
    return " ".join(words).rstrip(" ,;")


def _contact_like(word: str) -> bool:
    return "@" in word or (any(c.isdigit() for c in word) and all(c.isdigit() or c in "+()-" for c in word))


def _as_name(said: str) -> str:
    """A name as written, or in title case when it was written in capitals ("MARGARET HOLLOWAY")."""
    return said.title() if said.isupper() else said


def _parts(said: str) -> list[str]:
    """The parts of an answer between sentence and list punctuation, first first."""
    for mark in ".,;\n":
        said = said.replace(mark, "\x00")
    return [part for part in said.split("\x00")[:4] if part.strip()]
