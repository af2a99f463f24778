"""A demo complainant talks to the real dialogue manager on their channel, as the channel's adapter
would deliver their messages: the complaint and the answers to what the bot asks, then buttons and
words for a decision, a reason, the survey, a withdrawal, a reopening. The bot's replies are read
with its own catalog (:mod:`bot.evaluation.prompts`)."""

from __future__ import annotations

import itertools
from datetime import timedelta
from random import Random

from bot.answers import SKIP_CHOICE
from bot.evaluation.prompts import Prompts, Seen
from bot.intake import CONSENT_YES, SUBMIT
from bot.manager import WITHDRAW_YES, DialogueManager
from bot.messages import InboundMessage, Reply, choices_as_text
from bot.reopening import HANDLING_CHOICE, REOPEN_CHOICE
from channels.cli.demo.clock import DemoClock
from channels.cli.demo.corpus import Source
from channels.cli.demo.people import Persona
from channels.cli.demo.texts import pick
from core.commands import Identity
from core.notification_text import DECISION_ACCEPT, DECISION_REJECT, REFERRAL_ACCEPT, REFERRAL_DECLINE, SURVEY_RATING

MAX_MESSAGES = 24
# The CFPB product a narrative was filed under, as the person names it when asked.
PRODUCTS = {"Credit card or prepaid card": "credit card", "Credit card": "credit card", "Mortgage": "mortgage",
            "Checking or savings account": "current account", "Bank account or service": "current account",
            "Student loan": "student loan", "Vehicle loan or lease": "car loan", "Payday/title/personal loan": "personal loan",
            "Payday loan": "personal loan", "Consumer Loan": "personal loan", "Debt collection": "debt collection",
            "Money transfer/virtual currency/money service": "money transfer",
            "Credit reporting, credit repair services, or other personal consumer reports": "credit report"}


class Complainant:
    def __init__(self, dialogue: DialogueManager, prompts: Prompts, clock: DemoClock, persona: Persona, source: Source,
                 rng: Random, ids: itertools.count[int]) -> None:
        self.dialogue, self.prompts, self.clock = dialogue, prompts, clock
        self.persona, self.source, self.rng, self.ids = persona, source, rng, ids
        self.last: list[Reply] = []
        self.reference: str | None = None  # the case made; an email about it is a reply in its thread

    @property
    def identity(self) -> Identity:
        return Identity(self.persona.channel, self.persona.address)

    async def send(self, text: str = "", *, choice: str | None = None) -> Seen:
        persona = self.persona
        email = persona.channel == "email"
        message = InboundMessage(
            persona.channel, persona.conversation, persona.address, text, self.clock.now(),
            platform_message_id=f"demo-{next(self.ids)}", sender_name=persona.name if persona.channel != "slack" else None,
            language_hint=persona.lang, choice=choice, contact_email=persona.email if email else None,
            thread_hint=self.reference if email else None)
        self.last = await self.dialogue.handle(message)
        self.clock.advance(self.rng.uniform(20, 90))  # reading the answer, typing the next message
        return self.prompts.read("\n\n".join(choices_as_text(reply) for reply in self.last))

    async def press(self, value: str) -> Seen:
        return await self.send(choice=value)

    async def complain(self) -> str | None:
        """Make the complaint; its reference, or None when the conversation got nowhere."""
        seen = await self.send(self.source.text)
        story = self.source.answers.get("description")  # said after a greeting
        for _ in range(MAX_MESSAGES):
            if self.persona.channel == "email":  # one message is the whole complaint
                break
            if seen.summary and not seen.asked:
                seen = await self.press(SUBMIT)
                break
            if seen.consent:
                seen = await self.press(CONSENT_YES)
            elif seen.asked:
                seen = await self.send(self.answer(seen.asked))
            elif story:
                seen, story = await self.send(story), None
            else:
                return None
        cases = await self.dialogue.core.queries.cases_of(self.identity, open_only=False)
        self.reference = cases[-1].reference if cases else None
        return self.reference

    def answer(self, slot: str) -> str:
        given = self.source.answers.get(slot)
        if given:
            return given
        lang, received = self.persona.lang, self.clock.now()
        if slot == "name":
            return self.persona.name
        if slot == "contact":
            return self.persona.email
        if slot == "incident_date":
            day = (received - timedelta(days=self.rng.randint(1, 20))).date()
            return f"{day.day} {day:%B %Y}" if lang == "en" else f"{day:%d.%m.%Y}"
        if slot == "product":
            return PRODUCTS.get(self.source.product or "", "current account") if lang == "en" else "заказ в интернет-магазине"
        if slot == "desired_outcome":
            return pick(self.rng, lang, "outcome")
        return pick(self.rng, lang, "unknown")

    async def tell(self, text: str) -> None:
        """A message about the open case (an answer to the agent's question)."""
        await self.send(text)

    async def decide(self, reference: str, accept: bool, reason: str | None = None) -> None:
        if accept:
            await self.press(DECISION_ACCEPT.format(reference=reference))
            return
        await self.press(DECISION_REJECT.format(reference=reference))  # the bot asks why
        await self.send(reason or "")

    async def answer_referral(self, reference: str, accept: bool) -> None:
        await self.press((REFERRAL_ACCEPT if accept else REFERRAL_DECLINE).format(reference=reference))

    async def rate(self, reference: str, rating: int, comment: str | None) -> None:
        await self.press(SURVEY_RATING.format(reference=reference, rating=rating))  # the bot asks for a comment
        if comment:
            await self.send(comment)
        else:
            await self.press(SKIP_CHOICE)

    async def withdraw(self) -> None:
        await self.send(pick(self.rng, self.persona.lang, "withdraw"))  # the bot asks to confirm
        if any(choice.value == WITHDRAW_YES for reply in self.last for choice in reply.choices):
            await self.press(WITHDRAW_YES)

    async def complain_about_handling(self, reference: str) -> str | None:
        """Their words about how ``reference`` was handled, then the button that makes them a
        complaint of its own; its reference, or None when none was made."""
        await self.send(pick(self.rng, self.persona.lang, "handling", reference=reference))
        if not any(choice.value == HANDLING_CHOICE + reference for reply in self.last for choice in reply.choices):
            return None
        await self.press(HANDLING_CHOICE + reference)
        cases = await self.dialogue.core.queries.cases_of(self.identity, open_only=True)
        made = [case.reference for case in cases if case.reference != reference]
        if made:
            self.reference = made[-1]
        return made[-1] if made else None

    async def reopen(self, reference: str) -> None:
        await self.send(pick(self.rng, self.persona.lang, "reopen", reference=reference))
        if any(choice.value == REOPEN_CHOICE + reference for reply in self.last for choice in reply.choices):
            await self.press(REOPEN_CHOICE + reference)

