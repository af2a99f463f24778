"""What will happen to one demo complaint, drawn from the seed before it is made: how the agents
treat it and how the complainant answers. The shares give a management report something to show
(most decisions accepted, some rejected and escalated, a few referrals, withdrawals, reopenings)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from random import Random

ACCEPT, REJECT, SILENT = "accept", "reject", "silent"
DECLINE = "decline"


@dataclass(frozen=True, slots=True)
class Fate:
    reassess: bool  # an agent revises the rules' assessment
    slow: bool  # the first response comes late: the timers escalate the case
    ask: bool  # the agent asks the complainant for information
    answers_question: bool  # ... and the complainant answers (else the timers close the case)
    withdraws: bool
    escalates: bool  # the agent passes the case to the next level before deciding
    answers: tuple[str, ...]  # the complainant's answer to each proposed decision, in turn
    agent_refers: bool  # after the first rejection an agent refers the case to the external body
    referral: str  # the answer to the offer of the external body: accept, decline, silent
    reopens: bool  # after accepting, the complainant reopens the case
    complains_of_handling: bool  # a case closed without their agreement: a complaint about its handling
    surveyed: bool  # answers the satisfaction survey
    comments: bool  # ... with a comment


def draw(rng: Random) -> Fate:
    roll = rng.random()
    if roll < 0.62:
        answers: tuple[str, ...] = (ACCEPT,)
    elif roll < 0.78:
        answers = (REJECT, ACCEPT)
    elif roll < 0.83:
        answers = (REJECT, REJECT, ACCEPT)
    elif roll < 0.92:
        answers = (SILENT,)
    else:
        answers = (REJECT,) * 5  # up to the last level, where the external body is offered
    referral = rng.choices((ACCEPT, DECLINE, SILENT), weights=(5, 3, 2))[0]
    return Fate(reassess=rng.random() < 0.15, slow=rng.random() < 0.10, ask=rng.random() < 0.20,
                answers_question=rng.random() < 0.8, withdraws=rng.random() < 0.05, escalates=rng.random() < 0.06,
                answers=answers,
                agent_refers=rng.random() < 0.15 and answers[0] == REJECT, referral=referral,
                reopens=answers[0] == ACCEPT and rng.random() < 0.12,
                complains_of_handling=rng.random() < 0.3, surveyed=rng.random() < 0.75,
                comments=rng.random() < 0.6)


# A demo of any size shows each step of the process at least once: these fates replace the drawn
# ones of stories spread over the older part of the period (so that they have time to end).
SHOWCASE: tuple[Callable[[Fate], Fate], ...] = (
    lambda f: replace(f, answers=(REJECT,) * 5, referral=ACCEPT, agent_refers=False),  # to the last level, the external body
    lambda f: replace(f, answers=(REJECT, ACCEPT), agent_refers=True),  # an agent refers it after the first rejection
    lambda f: replace(f, withdraws=True),
    lambda f: replace(f, answers=(ACCEPT,), reopens=True),
    lambda f: replace(f, answers=(SILENT,), complains_of_handling=True),  # closed unanswered, then a complaint about that
    lambda f: replace(f, ask=True, answers_question=False),
    lambda f: replace(f, ask=True, answers_question=True),
    lambda f: replace(f, escalates=True),
    lambda f: replace(f, answers=(REJECT,) * 5, referral=DECLINE, agent_refers=False),
    lambda f: replace(f, slow=True),
    lambda f: replace(f, reassess=True),
)
SHOWCASE_SHARE = 0.7  # of the complaints: the showcased ones are among the earlier ones


def showcased(fate: Fate, index: int, count: int) -> Fate:
    """``fate``, or the showcase's for the story at ``index`` (in order of arrival) of ``count``."""
    spacing = max(1, round(SHOWCASE_SHARE * count / len(SHOWCASE)))
    step, offset = divmod(index, spacing)
    return SHOWCASE[step](fate) if offset == 0 and step < len(SHOWCASE) else fate
