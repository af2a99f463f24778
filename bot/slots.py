"""The complaint form's slots (ISO 10002 Annex B): which are asked, how an answer is read and
checked, and what NLU fills on its own from any message (mixed initiative)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import phonenumbers

from bot import money_slot, names
from bot.commands import NO, SKIP, normalise, _LOOKUP
from bot.outcomes import outcome_in
from nlu.analysis_result import Analysis

ORDER = ("description", "incident_date", "location", "product", "order_number", "amount", "desired_outcome", "name",
         "contact", "on_behalf_of")
PHONE = "phone"  # not asked for: a phone number given beside an email address (the contact)
UNKNOWN = "?"  # a slot the person could not answer
SELF = "-"  # on_behalf_of: themselves; order_number: none
_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]++@(?:[A-Za-z0-9-]++\.)++[A-Za-z]{2,}$")  # labels, then the top level: no backtracking
# A digit among the 31 characters an order number may have: an unbounded look-ahead would read a
# long hyphenated run again from every word boundary in it (quadratic).
_ORDER = re.compile(r"\b(?=[A-Z0-9-]{0,30}\d)[A-Z0-9][A-Z0-9-]{2,30}\b", re.I)
_NAME = re.compile(r"^[^\W\d_][^\W\d_'.\- ]*(?:[ '.\-]+[^\W\d_]+){0,4}\.?$")
PHONE_REGIONS = {"en": "GB", "ru": "RU"}
# "I already told you: a refund", «я же уже писал(а): замену»: what comes before the answer.
_ALREADY_SAID = re.compile(
    r"^[ \t]{0,4}(?:(?:but|well|again|look|no)[ ,]{1,3})?(?:"
    r"i(?:'ve|’ve| have)?[ \t]{1,3}(?:already[ \t]{1,3})?(?:told|said|gave|wrote|mentioned|answered)(?:[ \t]{1,3}(?:you|it|that|this)){0,2}"
    r"(?:[ \t]{1,3}already)?(?:[ \t]{1,3}(?:before|above|earlier))?"
    r"|(?:as|like)[ \t]{1,3}i[ \t]{1,3}(?:already[ \t]{1,3})?(?:said|told you|wrote|mentioned)"
    r"|(?:я[ \t]{1,3})?(?:же[ \t]{1,3})?(?:уже[ \t]{1,3})?(?:писал|писала|говорил|говорила|сказал|сказала|указал|указала|"
    r"указывал|указывала|называл|называла)(?:\(а\))?(?:[ \t]{1,3}(?:же|уже|выше|вам))?"
    r"|как[ \t]{1,3}я[ \t]{1,3}(?:уже[ \t]{1,3})?(?:писал|писала|говорил|говорила|сказал|сказала)(?:\(а\))?"
    r")[ \t]{0,3}[:,.!—–-]{1,3}[ \t]{0,4}", re.I)


@dataclass(frozen=True, slots=True)
class Answer:
    """A slot answer as read: ``value`` when valid, else ``problem`` (a catalog key)."""

    value: str | None = None
    problem: str | None = None


# Words that say an answer corrects something said before.
_CORRECTION = re.compile(
    r"\b(?:actually|sorry|correction|i meant|i mean|should be|should have been|not the|instead|wrong|mistake|"
    r"change|update|was not|wasn't|isn't|is not|rather)\b|^[ \t]{0,4}no\b"
    r"|(?:на самом деле|извините|простите|ошиб|не так|вернее|точнее|исправ|измени|поменя|а не\b|не[ \t]{1,3}\S{1,20}[ \t]{0,3},[ \t]{0,3}а\b|^[ \t]{0,4}нет\b)",
    re.I)


def reads_as_correction(text: str) -> bool:
    """Whether an answer says it corrects something ("actually it was the 5th", «нет, 7 ноября»)."""
    return _CORRECTION.search(text[:500]) is not None


def without_preamble(text: str) -> str:
    """An answer without "I already told you:" before it (the person repeats what they said)."""
    found = _ALREADY_SAID.match(text)
    return text[found.end():] if found and found.end() < len(text.rstrip()) else text


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
        given = names.name_in(said)
        # "Priya Raman. oh and my email is ...": the name is the first part that reads as one
        for name in ([given] if given else [said, *_parts(said)]):
            name = name.strip()
            if 2 <= len(name) <= 100 and _NAME.match(name) and names.is_a_name(name):
                return Answer(names.as_name(name[:100]))
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
        if entities.phones:  # "ahmed@example.com, 07812 345678": the phone is kept beside the address
            found[PHONE] = entities.phones[0]
    elif entities.phones:
        found["contact"] = entities.phones[0]
    name = names.name_in(text)
    if name:
        found["name"] = name
    if entities.amount:
        found["amount"] = money_slot.as_value(entities.amount)
    # "Regards, Victoria Lane": a name that reads as a street is the person, not where it happened
    places = [place for place in entities.places if not (name and place.lower() in name.lower())]
    if places:
        found["location"] = places[0]
    outcome = outcome_in(text)
    if outcome:
        found["desired_outcome"] = outcome
    return found


def _parts(said: str) -> list[str]:
    """The parts of an answer between sentence and list punctuation, first first."""
    for mark in ".,;\n":
        said = said.replace(mark, "\x00")
    return [part for part in said.split("\x00")[:4] if part.strip()]
