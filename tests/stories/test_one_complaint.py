"""One complaint, told the same way on every channel (Telegram, a Slack DM, email, the console),
each through the running product and that channel's fake platform over real sockets. The
dialogue knows no platform: the same words get the same answers and leave the same case.

The story, as its transcript reads (a step marked for some channels only is where channels
differ by nature, not by the dialogue: an email is a complaint at once, with nothing to confirm;
the console cannot write to the person, who looks the decision up by its reference; a new email's
From can be written by anyone, so its status answer gives no details)::

    John   I was charged twice for my credit card on 5 March, order 12345, ...
    bot    Do you agree that we record this information?          (conversing channels)
    John   yes                                                     (conversing channels)
    bot    ... Shall I submit it?                                  (conversing channels)
    John   yes                                                     (conversing channels)
    bot    Thank you. We have received your complaint and registered it under reference CD-....
    John   status CD-...                                           (by email: a mail of its own)
    bot    Complaint CD-...: assessed and waiting for an agent.
           (by email, whose From proves nothing: the status, and how to get the details)
           (an agent takes the case and proposes a resolution)
    bot    About your complaint CD-..., our proposed resolution is: We refund the second charge.
                                                                   (channels that push)
    John   status CD-...                                           (the console)
    bot    Our proposed resolution: We refund the second charge.   (the console)
    John   I accept
    bot    Thank you. You accepted the proposed resolution, and your complaint CD-... is now closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

from core.actors import Actor
from tests.support.catalog import say
from tests.support.complainants import Complainant

EN = "en"
OPENING = ("I was charged twice for my credit card on 5 March, order 12345, I want a refund. "
           "My name is John Smith, john.smith@example.org")
DECISION = "We refund the second charge."
AGENT = Actor.agent("U0AGENT1")

When = Callable[[Complainant], bool]


def always(_: Complainant) -> bool:
    return True


def conversing(person: Complainant) -> bool:
    return person.converses


def pushed(person: Complainant) -> bool:
    return person.pushes


def not_pushed(person: Complainant) -> bool:
    return not person.pushes


def proven(person: Complainant) -> bool:
    return person.proves


def unproven(person: Complainant) -> bool:
    return not person.proves


@dataclass(frozen=True)
class Says:
    """John writes ``text`` (``{reference}`` is his case's reference)."""

    text: str
    when: When = always


@dataclass(frozen=True)
class Asks:
    """John writes ``text`` afresh, not as an answer to what he was sent (by email: a new mail)."""

    text: str
    when: When = always


@dataclass(frozen=True)
class Hears:
    """What the product answered holds the catalog's sentence ``key`` (with his reference, and
    ``params``; a value ``@key`` is that catalog sentence)."""

    key: str
    params: tuple[tuple[str, str], ...] = ()
    when: When = always

    def sentence(self, reference: str) -> str:
        values = {name: say(value[1:], EN) if value.startswith("@") else value for name, value in self.params}
        return say(self.key, EN, reference=reference, **values)


@dataclass(frozen=True)
class Looks:
    """John reads what reached him without his asking: ``key`` must be in it."""

    key: str
    params: tuple[tuple[str, str], ...] = ()
    when: When = always


@dataclass(frozen=True)
class AgentProposes:
    """An agent takes the case and proposes ``decision`` (the commands Slack's Take and Propose
    buttons run)."""

    decision: str
    when: When = always


Step = Says | Asks | Hears | Looks | AgentProposes

STORY: tuple[Step, ...] = (
    Says(OPENING),
    Hears("bot.consent.question", when=conversing),
    Says("yes", when=conversing),
    Hears("bot.summary.question", when=conversing),
    Says("yes", when=conversing),
    Hears("notify.acknowledgement"),
    Asks("status {reference}"),
    Hears("bot.status.detailed", (("status", "@status.assessed"),), when=proven),
    Hears("bot.unproven.status", (("status", "@status.assessed"),), when=unproven),
    AgentProposes(DECISION),
    Looks("notify.decision_proposed", (("decision", DECISION),), when=pushed),
    Asks("status {reference}", when=not_pushed),
    Hears("bot.status.decision", (("decision", DECISION),), when=not_pushed),
    Says("I accept"),
    Hears("bot.decision.accepted"),
)

# What is stored, whichever channel John used.
FACTS = {"product": "credit card", "order_number": "12345", "incident_date": date(2026, 3, 5),
         "desired_outcome": "a refund", "complainant_name": "John Smith"}


async def reference_of(person: Complainant) -> str:
    """His case's reference once there is one (there is at most one)."""
    cases = await person.core.queries.cases_of(person.identity)
    assert len(cases) <= 1, [case.reference for case in cases]
    return cases[0].reference if cases else ""


async def tell(story: tuple[Step, ...], person: Complainant) -> str:
    """Play ``story`` as ``person``; returns the reference of the case it made."""
    reference, said = "", ""
    for step in story:
        if not step.when(person):
            continue
        if isinstance(step, Says):
            said = await person.says(step.text.format(reference=reference))
        elif isinstance(step, Asks):
            said = await person.asks(step.text.format(reference=reference))
        elif isinstance(step, AgentProposes):
            await person.core.service.assign(reference, AGENT, AGENT.id)
            await person.core.service.respond(reference, AGENT, step.decision)
        else:
            if isinstance(step, Looks):
                said = await person.news()
            reference = reference or await reference_of(person)
            sentence = Hears(step.key, step.params).sentence(reference)
            assert sentence in said, "\n".join([f"on {person.channel}, expected: {sentence}", "transcript:",
                                                *person.transcript])
    return reference


@pytest.mark.timeout(300)  # the console runs `complaintdesk chat` (loading the NLU) for each message
async def test_one_complaint_on_every_channel(complainant: Complainant) -> None:
    reference = await tell(STORY, complainant)

    details = await complainant.core.queries.details(reference, AGENT)
    assert OPENING in details.description, "his words are stored unedited"
    assert {name: getattr(details, name) for name in FACTS} == FACTS
    assert (details.channel, details.status, details.complainant_decision) == (complainant.channel, "closed",
                                                                               "accepted")
    assert details.proposed_decision == DECISION
