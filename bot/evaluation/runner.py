"""A simulated person talks to the real dialogue manager: they open with their story, give their
consent in their own words, answer each question from their persona, interject where the
conversation says so, submit in their own words, then ask what the conversation asks afterwards.
The bot's replies are read with its own catalog (:mod:`bot.evaluation.prompts`); the case it
stored is read back through the core's queries."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bot.evaluation import spec
from bot.evaluation.metrics import Failure, Outcome, Report, summarise
from bot.evaluation.prompts import Prompts, Seen
from bot.manager import DialogueManager
from bot.messages import InboundMessage, Reply, choices_as_text
from config.settings import Settings
from core.commands import Identity
from core.runtime import Core, upgrade_database

# The conversations' relative dates ("yesterday", "last Tuesday") are written for this moment.
EVALUATION_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)  # a Tuesday, office hours
CHANNEL = "console"
MAX_MESSAGES = 20
_DONT_KNOW = {"en": "no idea sorry", "ru": "не знаю"}
# How a person answers a question about something they said already: annoyed, then the detail.
_AGAIN = {"en": "I already told you: {value}", "ru": "я же уже писал(а): {value}"}
_YES_VALUES = ("consent:yes", "confirm:submit")


@dataclass
class _FixedClock:
    current: datetime = EVALUATION_NOW

    def now(self) -> datetime:
        return self.current


@dataclass
class _Person:
    dialogue: DialogueManager
    prompts: Prompts
    conversation: spec.Conversation
    now: datetime
    ids: itertools.count[int]
    outcome: Outcome = field(init=False)
    last: list[Reply] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    complained: set[str] = field(default_factory=set)  # slots the person has protested a re-ask of

    def __post_init__(self) -> None:
        self.outcome = Outcome(self.conversation)
        self.user = f"eval-{self.conversation.id}"

    @property
    def identity(self) -> Identity:
        return Identity(CHANNEL, self.user)

    async def send(self, text: str = "", *, choice: str | None = None) -> Seen:
        message = InboundMessage(CHANNEL, self.user, self.user, text, self.now,
                                 platform_message_id=f"eval-{next(self.ids)}", language_hint=self.conversation.hint,
                                 choice=choice)
        self.last = await self.dialogue.handle(message)
        said = "\n\n".join(choices_as_text(reply) for reply in self.last)
        self.outcome.messages += 1
        self.outcome.transcript += [f"> {text or f'[{choice}]'}", said]
        seen = self.prompts.read(said)
        if seen.handoff:
            self.outcome.handoff_seen = True
        cases = await self.dialogue.core.queries.cases_of(self.identity, open_only=False)
        if len(cases) > len(self.references):
            known = set(self.references)
            self.references += [c.reference for c in cases if c.reference not in known]
            if self.outcome.turns_to_reference is None:
                self.outcome.turns_to_reference = self.outcome.messages
        return seen

    async def press(self, wanted: str) -> Seen:
        values = [choice.value for reply in self.last for choice in reply.choices]
        return await self.send(choice=wanted if wanted in values or not values else values[0])

    def answer(self, slot: str, told: set[str]) -> str:
        conversation = self.conversation
        if slot in told:
            self.outcome.reasks.append(slot)
            annoyed = slot not in self.complained
            self.complained.add(slot)
            again = conversation.later.get(slot)
            if again:
                return again
            if slot == "incident_date":
                return _again(conversation, _said_date(conversation), annoyed)
            if slot == "contact":
                values = conversation.expect.slots.get("email") or conversation.expect.slots.get("phone")
            else:
                values = conversation.expect.slots.get(slot)
            if values:
                return _again(conversation, values[0], annoyed)
        told.add(slot)
        return conversation.later.get(slot) or _DONT_KNOW.get(conversation.lang, _DONT_KNOW["en"])

    async def run(self) -> Outcome:
        conversation = self.conversation
        if conversation.script:
            for text in conversation.script:
                await self.send(text)
        else:
            await self._intake()
        for after in conversation.after:
            text = after.say.replace("{reference}", self.references[-1] if self.references else "CD-0000-0000")
            seen = await self.send(text)
            self.outcome.after.append((after, _after_result(seen, after.expect)))
        await self._read_case()
        return self.outcome

    async def _intake(self) -> None:
        conversation, outcome = self.conversation, self.outcome
        told = set(conversation.told_in_opening)
        outcome.unprompted = set(told)
        interjections = {i.at: i for i in conversation.interject}
        seen = await self.send(conversation.opening)
        consent_sent = submit_sent = False
        while outcome.messages < MAX_MESSAGES and not self.references:
            interjection = interjections.get(outcome.messages + 1)
            if interjection is not None:
                told |= set(interjection.tells)
                outcome.unprompted |= set(interjection.tells)
                seen = await self.send(interjection.say)
            elif seen.consent_refused:
                return
            elif seen.consent:
                if not consent_sent:
                    consent_sent = True
                    seen = await self.send(conversation.consent)
                    outcome.consent_ok = (seen.consent_refused if not conversation.expect.consent
                                          else not seen.consent and not seen.consent_refused)
                    if not conversation.expect.consent:
                        return
                else:
                    seen = await self.press("consent:yes")
            elif seen.summary and not seen.asked:
                if not submit_sent:
                    submit_sent = True
                    seen = await self.send(conversation.submit)
                    outcome.submit_ok = bool(self.references)
                else:
                    seen = await self.press("confirm:submit")
            elif seen.asked:
                seen = await self.send(self.answer(seen.asked, told))
            elif "description" in conversation.later and "description" not in told:
                told.add("description")  # after a greeting or the help text: the story
                seen = await self.send(conversation.later["description"])
            else:
                if not seen.handoff and conversation.expect.case:
                    outcome.failures.append(Failure("conversation stuck (the bot asked nothing the person could answer)",
                                                    f"{conversation.id}: {outcome.transcript[-1][:120]!r}"))
                return
        if not self.references and outcome.messages >= MAX_MESSAGES:
            outcome.failures.append(Failure("conversation stuck (no reference after 20 messages)", conversation.id))

    async def _read_case(self) -> None:
        core = self.dialogue.core
        cases = await core.queries.cases_of(self.identity, open_only=False)
        self.outcome.cases = len(cases)
        if not cases:
            return
        case = sorted(cases, key=lambda c: c.received_at)[0]
        stored: dict[str, Any] = {
            "product": case.product, "order_number": case.order_number,
            "incident_date": case.incident_date.isoformat() if case.incident_date else None,
            "desired_outcome": case.desired_outcome, "location": case.location, "name": case.complainant_name,
            "category": case.category, "description": case.description,
            "amount": f"{case.amount} {case.currency}" if case.amount is not None else None,
        }
        async with core.uow(read_only=True) as uow:
            contact = await uow.contact_of(CHANNEL, self.user)
        stored["email"] = getattr(contact, "email", None) if contact is not None else None
        stored["phone"] = getattr(contact, "phone", None) if contact is not None else None
        self.outcome.stored = {k: (str(v) if v not in (None, "") else None) for k, v in stored.items()}
        self.outcome.needs_human = case.needs_human
        self.outcome.priority = case.priority
        self.outcome.reference = case.reference


def _again(conversation: spec.Conversation, value: str, annoyed: bool) -> str:
    """A detail said again: with a protest the first time, plainly after that."""
    return _AGAIN.get(conversation.lang, _AGAIN["en"]).format(value=value) if annoyed else value


def _said_date(conversation: spec.Conversation) -> str:
    """An expected date as a person retypes it ("5.11.2026")."""
    found = conversation.expect.slots.get("incident_date", ("",))[0]
    parts = found.split("-")
    return f"{parts[2]}.{parts[1]}.{parts[0]}" if len(parts) == 3 else found


def _after_result(seen: Seen, expect: str) -> str:
    """What the bot did with a message after the complaint: ``ok`` or the kind of miss."""
    if expect == "status":
        if seen.status_answer:
            return "ok"
    elif expect == "handoff":
        if seen.handoff:
            return "ok"
    elif expect == "note" and seen.filed_as_note:
        return "ok"
    if seen.filed_as_note:
        return "filed as a note on the case"
    if seen.status_ask:
        return "asked for the reference number"
    if seen.status_answer:
        return "answered with a status"
    if seen.consent or seen.asked:
        return "started a new complaint"
    if seen.handoff:
        return "handed over to a person"
    if seen.greeting:
        return "answered with the greeting"
    return "other answer"


async def evaluate(dialogue: DialogueManager, path: Path | None = None, *, now: datetime = EVALUATION_NOW) -> Report:
    """Run every conversation of ``path`` (a ``.jsonl`` file or a folder of them; default: the
    shipped set) against ``dialogue`` and measure what the bot understood.

    :param dialogue: a dialogue manager on a core whose database may receive the cases (each
        conversation talks as its own ``console`` user, ``eval-<id>``)
    :param now: when the messages are sent; the set's relative dates are written for
        :data:`EVALUATION_NOW`
    """
    conversations = spec.load(path)
    prompts = Prompts(dialogue.services.catalog)
    ids = itertools.count(1)
    outcomes = []
    for conversation in conversations:
        outcomes.append(await _Person(dialogue, prompts, conversation, now, ids).run())
    return summarise(outcomes)


async def evaluate_settings(settings: Settings, path: Path | None = None) -> Report:
    """Evaluate the product as ``settings`` wire it (its database receives the evaluation's cases,
    so point ``settings`` at a scratch data directory), on a clock fixed at :data:`EVALUATION_NOW`."""
    from bot.factory import build_dialogue

    await asyncio.to_thread(upgrade_database, settings)
    core = Core.build(settings, clock=_FixedClock())
    try:
        dialogue = await build_dialogue(core, settings, None)
        return await evaluate(dialogue, path)
    finally:
        await core.close()
