"""The intake flow (ISO 10002 7.2, Annex B): consent first, then the complaint in the person's own
words, NLU pre-fills what it can, the bot asks only for what is missing and required, a summary
to confirm or correct, then submission and the acknowledgement with the reference."""

from __future__ import annotations

from datetime import date

from bot import money_slot, slots
from bot.commands import GREETING, normalise, refuses, _LOOKUP
from bot.context import Turn
from bot.excerpts import SHORT_CHARS, SUMMARY_CHARS, excerpt
from bot.messages import Choice, InboundAttachment
from bot.outcomes import says_wanting
from bot.session_state import Session, Step
from core.actors import Actor
from core.commands import ComplaintSubmission, NewAttachment
from core.errors import AttachmentRejected

CONSENT_YES, CONSENT_NO = "consent:yes", "consent:no"
SUBMIT, EDIT, CANCEL = "confirm:submit", "confirm:edit", "cancel"
EDIT_SLOT = "edit:"
STORY_WORDS = 6  # a message this long while the story is wanted goes on with the story
_CORRECTABLE_FREE_TEXT = {"product", "desired_outcome", "on_behalf_of", "name"}
# Read from any message but never asked: an answer to another question fills them only when empty
# (the £5 fee in "a refund of the £5 fee" does not replace the £649 paid); the summary corrects them.
_NOTICED_ONCE = {"amount", "location"}


# -- what is missing -----------------------------------------------------------------------------

def required(turn: Turn) -> list[str]:
    return slots.required(turn.services.policy.intake.required, contact_given=False)


def missing(turn: Turn) -> list[str]:
    """The required details not given yet that the bot asks for in a complaint of this category."""
    intake = turn.services.policy.intake
    return [slot for slot in required(turn) if slot not in turn.session.slots and intake.asks(slot, turn.session.category)]


def channel_contact(turn: Turn) -> str | None:
    message = turn.message
    return message.contact_email or message.contact_phone or (
        slots.valid_email(message.sender) if message.channel in turn.services.one_shot_channels else None)


# -- prompts ---------------------------------------------------------------------------------------

def ask_consent(turn: Turn) -> None:
    turn.session.step = Step.CONSENT
    turn.say(turn.t("consent.notice"), turn.t("consent.question"),
             choices=(Choice(turn.t("consent.yes"), CONSENT_YES), Choice(turn.t("consent.no"), CONSENT_NO)))


def ask_slot(turn: Turn, slot: str, *, problem: str | None = None) -> None:
    session = turn.session
    session.step, session.asking = Step.INTAKE, slot
    current = session.slots.get(slot)
    lines: list[str | None] = [turn.t(f"invalid.{problem}") if problem else None, turn.t(f"ask.{slot}")]
    if current and not problem:
        lines.append(turn.t("ask.current_value", value=shown(turn, slot, current, SHORT_CHARS)))
    turn.say(*lines)


def shown(turn: Turn, slot: str, value: str, limit: int) -> str:
    """A slot's value as the person reads it: at most an excerpt of ``limit`` characters of free text."""
    if value == slots.UNKNOWN:
        return turn.t("slot.unknown")
    if value == slots.SELF:
        return turn.t("slot.myself") if slot == "on_behalf_of" else turn.t("slot.not_given")
    if slot == "amount" and (money := money_slot.parsed(value)):
        return turn.services.catalog.format_money(*money, turn.lang)
    if slot == "contact" and "@" in value and (phone := turn.session.slots.get(slots.PHONE)):
        return excerpt(turn, f"{value}, {phone}", limit)
    if slot == "incident_date" and slot not in turn.session.unverified:
        try:
            return turn.services.catalog.format_date(date.fromisoformat(value), turn.lang)
        except ValueError:
            return excerpt(turn, value, limit)
    return excerpt(turn, value, limit)


def summary_lines(turn: Turn, limit: int = SUMMARY_CHARS) -> list[str]:
    """One line per slot; free text quoted up to ``limit`` characters (the case keeps all of it)."""
    session = turn.session
    lines = []
    for slot in slots.ORDER:
        value = session.slots.get(slot)
        if value is None and slot not in required(turn):
            continue
        lines.append(f"• {turn.t(f'slot.{slot}')}: {shown(turn, slot, value, limit) if value else turn.t('slot.not_given')}")
    if session.files:
        lines.append(f"• {turn.plural('summary.attachments', len(session.files))}")
    return lines


def show_summary(turn: Turn, *preamble: str) -> None:
    turn.session.step, turn.session.asking = Step.CONFIRM, None
    turn.say(*preamble, turn.t("summary.intro"), *summary_lines(turn), "", turn.t("summary.question"),
             choices=(Choice(turn.t("summary.submit"), SUBMIT), Choice(turn.t("summary.edit"), EDIT),
                      Choice(turn.t("summary.cancel"), CANCEL)))


def show_edit_menu(turn: Turn) -> None:
    turn.session.step = Step.EDIT
    choices = tuple(Choice(turn.t(f"slot.{slot}"), EDIT_SLOT + slot) for slot in slots.ORDER)
    turn.say(turn.t("summary.which"), choices=choices)


def advance(turn: Turn, *preamble: str) -> None:
    """Ask for the next missing slot, or show the summary when nothing required is missing."""
    turn.session.reprompts = 0
    gaps = missing(turn)
    if gaps:
        if preamble:
            turn.say(*preamble)
        ask_slot(turn, gaps[0])
    else:
        show_summary(turn, *preamble)


def prompt(turn: Turn) -> None:
    """Say again what the conversation is waiting for (after help, a language switch, a status)."""
    session = turn.session
    if session.step == Step.CONSENT:
        ask_consent(turn)
    elif session.step == Step.INTAKE and session.asking:
        ask_slot(turn, session.asking)
    elif session.step == Step.CONFIRM:
        show_summary(turn)
    elif session.step == Step.EDIT:
        show_edit_menu(turn)


# -- filling -------------------------------------------------------------------------------------

def keep_files(turn: Turn, items: tuple[InboundAttachment, ...]) -> None:
    kept = 0
    for item in items:
        try:
            turn.services.core.service.attachments.check(item.filename, item.content_type, len(item.data))
        except AttachmentRejected:
            say_rejected(turn, item.filename)
            continue
        turn.session.keep_file(item)
        kept += 1
    if kept:
        turn.say(turn.plural("attachment.received", kept))


def say_rejected(turn: Turn, filename: str) -> None:
    megabytes = turn.services.policy.attachments.max_bytes // (1024 * 1024)
    turn.say(turn.t("attachment.rejected", filename=filename, megabytes=megabytes))


def changes(turn: Turn, found: dict[str, str]) -> list[str]:
    """What ``found`` changes in the draft, in words ("I have changed "Outcome you want" to: a
    refund"); "Updated." when it changes nothing the person sees."""
    said = [turn.t("edit.updated", slot=turn.t(f"slot.{slot}"), value=shown(turn, slot, value, SHORT_CHARS))
            for slot, value in found.items() if slot in slots.ORDER and turn.session.slots.get(slot) != value]
    return said or [turn.t("summary.updated")]


def _absorb(turn: Turn, found: dict[str, str]) -> None:
    session = turn.session
    for slot, value in found.items():
        session.slots[slot] = value
        if slot in session.unverified:
            session.unverified.remove(slot)


def take_description(turn: Turn, text: str) -> None:
    """The complaint in the person's own words: NLU pre-fills every slot it can."""
    redescribe(turn, text)
    advance(turn)


def redescribe(turn: Turn, text: str) -> None:
    """Set the description and pre-fill, from it, every slot that is still empty."""
    session = turn.session
    analysis = turn.understand_text(text)
    session.slots["description"] = text.strip()
    session.category = analysis.category
    session.signals = sorted(set(session.signals) | analysis.urgency_signals)
    _absorb(turn, {k: v for k, v in slots.prefill(analysis, turn.today).items() if k not in session.slots})
    if "name" not in session.slots and turn.message.sender_name:
        session.slots["name"] = turn.message.sender_name.strip()[:100]
    contact = channel_contact(turn)
    if contact and "contact" not in session.slots:
        session.slots["contact"] = contact


def begin(turn: Turn, text: str) -> None:
    """Someone starts a complaint: consent first, holding their first words until they agree."""
    session = turn.session
    session.cancelled = None  # a new draft: a cancelled one can no longer be brought back
    words = text.strip()
    starts_with_complaint = len(words) >= 10 and _LOOKUP.get(normalise(words)) != GREETING
    if turn.message.location:  # a shared place: where it happened, not the complaint itself
        session.slots["location"], starts_with_complaint = turn.message.location, False
    if not session.consent:
        session.held = words if starts_with_complaint else None
        if session.held and turn.message.platform_message_id:
            session.answered[turn.message.platform_message_id] = "description"
        if turn.message.attachments:
            turn.say(turn.t("attachment.before_consent"))
        ask_consent(turn)
        return
    keep_files(turn, turn.message.attachments)
    if starts_with_complaint:
        take_description(turn, words)
    else:
        ask_slot(turn, "description")


def on_consent(turn: Turn, agreed: bool) -> None:
    session = turn.session
    if not agreed:
        session.reset_draft()
        session.step = Step.DECLINED
        turn.say(turn.t("consent.refused", example=turn.services.example_reference(),
                        email=turn.services.policy.organisation.contact_email),
                 choices=(Choice(turn.t("control.new_complaint"), "new"), Choice(turn.t("control.check_status"), "status")))
        return
    session.consent = True
    held, session.held = session.held, None
    if held:
        take_description(turn, held)
    else:
        ask_slot(turn, "description")


def on_consent_text(turn: Turn) -> None:
    """Neither yes nor no to the consent question: more of the story is kept for after consent;
    an unclear answer is only asked again."""
    session = turn.session
    if refuses(turn.text):  # "no thanks, I don't want you storing my data"
        on_consent(turn, False)
        return
    if len(turn.text.split()) >= STORY_WORDS:
        session.held = "\n".join(filter(None, (session.held, turn.text.strip())))
    turn.say(turn.t("consent.reask"), choices=(
        Choice(turn.t("consent.yes"), CONSENT_YES), Choice(turn.t("consent.no"), CONSENT_NO)))


def on_answer(turn: Turn) -> None:
    """An answer while a slot is asked: read it, or take it as a correction of other slots."""
    session = turn.session
    slot = session.asking or "description"
    text = slots.without_preamble(turn.text.strip())
    keep_files(turn, turn.message.attachments)
    if not text:
        if turn.message.attachments:
            prompt(turn)
        return
    if slot == "description":
        take_description(turn, text)
        return
    analysis = turn.understand()
    found = slots.prefill(analysis, turn.today)
    session.signals = sorted(set(session.signals) | analysis.urgency_signals)
    others = {k: v for k, v in found.items() if k != slot and not (k in _NOTICED_ONCE and k in session.slots)
              and not (k == "product" and _briefer(session.slots.get(k), v))}
    if slot == "desired_outcome" and not says_wanting(text):
        found.pop(slot, None)  # asked for the outcome, the whole answer is it ("a full refund", not "refund")
    if slot in found:
        _absorb(turn, {**_new_or_corrected(turn, others, text), slot: found[slot]})
        advance(turn)
        return
    # A correction changes a detail given before ("actually it was on 5 March", "sorry, the
    # order is 7781"): the question is asked again. Other details come with the answer ("a new
    # Bosch washing machine" to the outcome question): the ones not given before are kept, and
    # nothing is asked twice.
    corrected = {k: v for k, v in others.items() if session.slots.get(k) not in (None, v)}
    if corrected and slot in _CORRECTABLE_FREE_TEXT and slots.reads_as_correction(text):
        turn.say(*changes(turn, corrected))
        _absorb(turn, others)
        ask_slot(turn, slot)
        return
    answer = slots.read(slot, slots.without_preamble(turn.head.strip()), analysis, session.lang, turn.today)
    if answer.value is not None:
        _absorb(turn, {**_new_or_corrected(turn, others, text), slot: answer.value})
        advance(turn)
        return
    if session.reprompts < turn.services.policy.intake.max_reprompts:
        session.reprompts += 1
        ask_slot(turn, slot, problem=answer.problem)
        return
    session.slots[slot] = text[:500]
    if slot not in session.unverified:
        session.unverified.append(slot)
    advance(turn, turn.t("invalid.accepted_for_review"))


def _briefer(known: str | None, said: str) -> bool:
    """Whether ``said`` names the product known more briefly ("the app" for "mobile banking app",
    «приложении» for «мобильное приложение»): the same thing again, no correction of it."""
    if not known or known == said:
        return False
    known_words = known.lower().split()
    return all(any(w == k or (len(w) >= 5 and w.isalpha() and w[:5] == k[:5]) for k in known_words)
               for w in said.lower().split())


def _new_or_corrected(turn: Turn, others: dict[str, str], text: str) -> dict[str, str]:
    """The details an answer gives besides the one asked: all of them when it reads as a
    correction, else only those not known yet ("just fix the app" keeps "mobile app")."""
    if slots.reads_as_correction(text):
        return others
    return {k: v for k, v in others.items() if k not in turn.session.slots or k in turn.session.unverified}


def on_location(turn: Turn) -> None:
    """A place the person shared while drafting: it fills the location slot, whatever was asked."""
    session = turn.session
    place = turn.message.location or ""
    session.slots["location"] = place
    if "location" in session.unverified:
        session.unverified.remove("location")
    noted = turn.t("location.noted", place=excerpt(turn, place, SHORT_CHARS))
    if session.step == Step.INTAKE and session.asking != "description":
        advance(turn, noted)
    elif session.step == Step.CONFIRM:
        show_summary(turn, noted)
    else:
        turn.say(noted)
        prompt(turn)


def on_summary_text(turn: Turn) -> None:
    """Free text at the summary: a correction ("actually it was on 5 March")."""
    keep_files(turn, turn.message.attachments)
    found = slots.prefill(turn.understand(), turn.today) if turn.text.strip() else {}
    if found:
        said = changes(turn, found)
        _absorb(turn, found)
        advance(turn, *said)
    else:
        show_summary(turn)


def on_edit(turn: Turn, slot: str) -> None:
    if slot in slots.ORDER:
        turn.session.reprompts = 0
        ask_slot(turn, slot)
    else:
        show_edit_menu(turn)


# -- submission ------------------------------------------------------------------------------------

def submission(turn: Turn, session: Session) -> ComplaintSubmission:
    values = dict(session.slots)
    unverified = set(session.unverified)
    contact = values.get("contact") if "contact" not in unverified else None
    email = contact if contact and "@" in contact else turn.message.contact_email
    beside = values.get(slots.PHONE) if "contact" not in unverified else None  # given with the address
    phone = contact if contact and "@" not in contact else beside or turn.message.contact_phone
    incident = None
    if values.get("incident_date") and "incident_date" not in unverified:
        try:
            incident = date.fromisoformat(values["incident_date"])
        except ValueError:
            incident = None
    category = session.category if session.category in turn.services.policy.categories else None
    money = money_slot.parsed(values["amount"]) if values.get("amount") and "amount" not in unverified else None

    def value(slot: str) -> str | None:
        found = values.get(slot)
        return None if found in (None, slots.SELF, slots.UNKNOWN) else found

    message = turn.message
    return ComplaintSubmission(
        identity=turn.identity, description=values.get("description") or "", language=session.lang,
        reply_address=message.conversation, reply_thread=message.thread_hint, name=value("name"),
        email=email, phone=phone, incident_date=incident, product=value("product"),
        order_number=value("order_number"), desired_outcome=value("desired_outcome"),
        on_behalf_of=value("on_behalf_of"), location=value("location"),
        amount=money[0] if money else None, currency=money[1] if money else None, category=category,
        signals=frozenset(session.signals),
        needs_human=session.needs_human,
        attachments=tuple(NewAttachment(a.filename, a.content_type, a.data) for a in session.attachments()),
        platform_message_id=message.platform_message_id, received_at=message.received_at,
    )


async def submit(turn: Turn, *preamble: str) -> str:
    """Submit the draft; say the acknowledgement. Returns the case reference."""
    session = turn.session
    services = turn.services
    result = await services.core.service.submit_complaint(submission(turn, session))
    lines = [*preamble, result.acknowledgement]
    for refusal in result.rejected_attachments:
        megabytes = services.policy.attachments.max_bytes // (1024 * 1024)
        lines.append(turn.t("attachment.rejected", filename=refusal.filename, megabytes=megabytes))
    if session.unverified:
        lines.append(turn.t("submitted.review_needed"))
        await note_unverified(turn, result.reference, session)
    if session.needs_human:
        lines.append(turn.t("submitted.human_flagged"))
    session.reset_draft()
    session.step, session.case = Step.START, result.reference
    turn.say(*lines)
    return result.reference


async def note_unverified(turn: Turn, reference: str, session: Session) -> None:
    """Answers accepted as free text after the re-asks: an internal note tells the agents."""
    catalog = turn.services.catalog
    lang = turn.services.policy.languages.default
    for slot in session.unverified:
        text = catalog.text("bot.agent.unverified", lang, slot=catalog.text(f"bot.slot.{slot}", lang),
                            value=session.slots.get(slot, ""))
        await turn.services.core.service.add_note(reference, Actor.system("bot"), text)
