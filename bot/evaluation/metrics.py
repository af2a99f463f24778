"""The figures of an evaluation: per conversation what happened (:class:`Outcome`), over the set
per language what it adds up to (:class:`Report`), beside the goals of issue 15."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import mean

from bot.evaluation.matching import matches
from bot.evaluation.spec import SLOTS, AfterTurn, Conversation

GOAL_REASKS = 0.0
GOAL_TURNS_COMPLETE = 3
GOAL_STATUS_RECALL = 0.95
GOAL_SLOT_F1 = 0.9
SAFETY_PRIORITY = "critical"
_EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class Failure:
    kind: str
    detail: str


@dataclass
class Outcome:
    """What happened in one conversation."""

    conversation: Conversation
    messages: int = 0
    turns_to_reference: int | None = None
    reasks: list[str] = field(default_factory=list)
    unprompted: set[str] = field(default_factory=set)  # slots the person gave before any question about them
    consent_ok: bool | None = None
    submit_ok: bool | None = None
    after: list[tuple[AfterTurn, str]] = field(default_factory=list)
    handoff_seen: bool = False
    cases: int = 0
    stored: dict[str, str | None] = field(default_factory=dict)
    needs_human: bool = False
    priority: str | None = None
    reference: str | None = None
    failures: list[Failure] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)

    @property
    def handoff(self) -> bool:
        return self.handoff_seen or self.needs_human

    @property
    def safety_handled(self) -> bool:
        category = self.stored.get("category") or ""
        return (self.priority == SAFETY_PRIORITY and self.needs_human
                and ("safety" in category or "health" in category))


@dataclass(frozen=True, slots=True)
class SlotScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: SlotScore) -> SlotScore:
        return SlotScore(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_slot(slot: str, stored: str | None, expected: Sequence[str]) -> SlotScore:
    """One slot of one case: a stored value that is none of the acceptable ones is both a false
    positive and a miss."""
    if not expected:
        return SlotScore(fp=1) if stored and slot not in ("description", "category") else SlotScore()
    if stored and any(matches(slot, stored, value) for value in expected):
        return SlotScore(tp=1)
    return SlotScore(fp=1 if stored else 0, fn=1)


def _asked_again(outcomes: Sequence[Outcome]) -> dict[str, tuple[int, int]]:
    given: Counter[str] = Counter()
    again: Counter[str] = Counter()
    for outcome in outcomes:
        for slot in outcome.unprompted | set(outcome.reasks):
            given[slot] += 1
            again[slot] += slot in outcome.reasks
    return {slot: (again[slot], given[slot]) for slot in sorted(given, key=lambda s: (-again[s], s)) if slot != "description"}


def _given_later(conversation: Conversation, slot: str) -> bool:
    return slot in conversation.later or (slot in ("email", "phone") and "contact" in conversation.later)


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


@dataclass(frozen=True, slots=True)
class Figures:
    """The figures of one group of conversations (a language, or all)."""

    conversations: int
    reasks_per_conversation: float
    reasked_slots: dict[str, int]
    asked_again: dict[str, tuple[int, int]]  # slot -> (conversations asking it again, conversations giving it)
    turns_to_reference: float | None
    turns_to_reference_complete: float | None  # the conversations whose opening had everything
    complete_within_goal: float | None
    slots: dict[str, SlotScore]
    status_recall: float | None
    status_questions: int
    handoff_accuracy: float | None
    consent_accuracy: float | None
    consent_answers: int
    submit_words_accuracy: float | None
    case_decision_accuracy: float | None  # a case when one was meant, none for nonsense and refusals
    safety_handled: float | None
    safety_conversations: int


def figures(outcomes: Sequence[Outcome]) -> Figures:
    slots: dict[str, SlotScore] = {slot: SlotScore() for slot in SLOTS}
    for outcome in outcomes:
        expect = outcome.conversation.expect
        if not expect.case:
            continue
        for slot in SLOTS:
            if slot not in expect.slots and _given_later(outcome.conversation, slot):
                continue  # an answer the conversation does not judge (given after a handoff, say)
            stored = outcome.stored.get(slot) if outcome.cases else None
            slots[slot] = slots[slot] + score_slot(slot, stored, expect.slots.get(slot, ()))
    reached = [o.turns_to_reference for o in outcomes if o.turns_to_reference is not None and o.conversation.expect.case]
    complete = [o for o in outcomes if o.conversation.expect.complete]
    complete_turns = [o.turns_to_reference for o in complete if o.turns_to_reference is not None]
    status = [result for o in outcomes for after, result in o.after if after.expect == "status"]
    consent = [o.consent_ok for o in outcomes if o.consent_ok is not None]
    submit = [o.submit_ok for o in outcomes if o.submit_ok is not None]
    safety = [o for o in outcomes if o.conversation.expect.safety]
    handoff = [o.handoff == (o.conversation.expect.handoff or o.conversation.expect.safety) for o in outcomes]
    decided = [(o.cases > 0) == o.conversation.expect.case for o in outcomes]
    return Figures(
        conversations=len(outcomes),
        reasks_per_conversation=mean(len(o.reasks) for o in outcomes) if outcomes else 0.0,
        reasked_slots=dict(Counter(slot for o in outcomes for slot in o.reasks).most_common()),
        asked_again=_asked_again(outcomes),
        turns_to_reference=mean(reached) if reached else None,
        turns_to_reference_complete=mean(complete_turns) if complete_turns else None,
        complete_within_goal=_ratio(sum(1 for t in complete_turns if t <= GOAL_TURNS_COMPLETE), len(complete)),
        slots={k: v for k, v in slots.items() if v.support or v.fp},
        status_recall=_ratio(status.count("ok"), len(status)), status_questions=len(status),
        handoff_accuracy=_ratio(sum(handoff), len(handoff)),
        consent_accuracy=_ratio(sum(consent), len(consent)), consent_answers=len(consent),
        submit_words_accuracy=_ratio(sum(bool(s) for s in submit), len(submit)),
        case_decision_accuracy=_ratio(sum(decided), len(decided)),
        safety_handled=_ratio(sum(o.safety_handled for o in safety), len(safety)), safety_conversations=len(safety),
    )


def failures_of(outcome: Outcome) -> list[Failure]:
    """Everything that went wrong in one conversation, as kinds with a concrete example each."""
    conversation, expect = outcome.conversation, outcome.conversation.expect
    found = list(outcome.failures)
    for slot in outcome.reasks:
        found.append(Failure(f"{slot} asked again after being given", f"{conversation.id}: {conversation.opening[:120]!r}"))
    if outcome.consent_ok is False:
        found.append(Failure("consent wording not understood", f"{conversation.id}: {conversation.consent!r}"))
    if outcome.submit_ok is False:
        found.append(Failure("submit wording not understood at the summary", f"{conversation.id}: {conversation.submit!r}"))
    for after, result in outcome.after:
        if result != "ok":
            found.append(Failure(f"{after.expect} question: {result}", f"{conversation.id}: {after.say!r}"))
    if expect.case and not outcome.cases:
        found.append(Failure("no case created", f"{conversation.id}: {conversation.opening[:120]!r}"))
    if not expect.case and outcome.cases:
        said = conversation.script[0] if conversation.script else conversation.opening
        found.append(Failure("case created without a complaint (nonsense, abuse or refused consent)",
                             f"{conversation.id}: {said[:120]!r}"))
    wanted_handoff = expect.handoff or expect.safety
    if wanted_handoff != outcome.handoff:
        found.append(Failure("handoff missed" if wanted_handoff else "handoff where none was asked",
                             f"{conversation.id}: {conversation.opening[:120]!r}"))
    if expect.safety and not outcome.safety_handled:
        found.append(Failure("safety emergency not handled as one",
                             f"{conversation.id}: priority {outcome.priority}, needs_human {outcome.needs_human}, "
                             f"category {outcome.stored.get('category')}"))
    if expect.case and outcome.cases:
        for slot, values in expect.slots.items():
            stored = outcome.stored.get(slot)
            if stored and any(matches(slot, stored, v) for v in values):
                continue
            kind = f"{slot} wrong" if stored else f"{slot} not stored"
            found.append(Failure(kind, f"{conversation.id}: expected {values[0]!r}, stored {(stored or '')[:80]!r}"))
    return found


@dataclass(frozen=True, slots=True)
class Report:
    """An evaluation's figures per language and overall, and its failures by kind."""

    by_language: dict[str, Figures]
    overall: Figures
    failures: dict[str, list[str]]  # kind -> examples (every one; lines() shows a few)
    outcomes: tuple[Outcome, ...] = ()

    def worst_slots(self, lang: str | None = None, count: int = 3) -> list[tuple[str, float]]:
        group = self.overall if lang is None else self.by_language[lang]
        scored = [(slot, s.f1) for slot, s in group.slots.items() if s.support]
        return sorted(scored, key=lambda item: item[1])[:count]

    def lines(self, examples: int = _EXAMPLES) -> list[str]:
        out = [f"Conversation evaluation: {self.overall.conversations} conversations "
               f"({', '.join(f'{lang} {f.conversations}' for lang, f in self.by_language.items())})"]
        for lang, group in [*self.by_language.items(), ("all", self.overall)]:
            out += ["", f"[{lang}]", *_figure_lines(group)]
        out += ["", "Failures by kind (count, examples):"]
        for kind, cases in sorted(self.failures.items(), key=lambda item: (-len(item[1]), item[0])):
            out.append(f"  {len(cases):4d}  {kind}")
            out += [f"          e.g. {example}" for example in cases[:examples]]
        return out


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _figure_lines(f: Figures) -> list[str]:
    lines = [
        f"  re-asks per conversation      {f.reasks_per_conversation:.2f}   (goal {GOAL_REASKS:.0f})"
        + (f"   by slot: {', '.join(f'{k} {v}' for k, v in f.reasked_slots.items())}" if f.reasked_slots else ""),
        "  asked again after giving it   "
        + ", ".join(f"{slot} {n}/{d}" for slot, (n, d) in f.asked_again.items()) + " conversations",
        f"  turns to a reference          {_pct(f.turns_to_reference)} mean; complete openings "
        f"{_pct(f.turns_to_reference_complete)}, within {GOAL_TURNS_COMPLETE}: {_pct(f.complete_within_goal)} (goal 1.00)",
        f"  status-question recall        {_pct(f.status_recall)} of {f.status_questions}   (goal {GOAL_STATUS_RECALL})",
        f"  handoff accuracy              {_pct(f.handoff_accuracy)}",
        f"  consent accuracy              {_pct(f.consent_accuracy)} of {f.consent_answers}",
        f"  submit in words accepted      {_pct(f.submit_words_accuracy)}",
        f"  case created iff meant        {_pct(f.case_decision_accuracy)}",
        f"  safety handled                {_pct(f.safety_handled)} of {f.safety_conversations}",
        f"  slot                 P     R     F1   (n)   goal F1 >= {GOAL_SLOT_F1}",
    ]
    for slot, s in sorted(f.slots.items(), key=lambda item: SLOTS.index(item[0])):
        lines.append(f"  {slot:<18} {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f} {s.support:5d}")
    return lines


def summarise(outcomes: Iterable[Outcome]) -> Report:
    done = list(outcomes)
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in done:
        groups[outcome.conversation.group].append(outcome)
    failures: dict[str, list[str]] = defaultdict(list)
    for outcome in done:
        seen: set[str] = set()
        for failure in failures_of(outcome):
            if failure.kind not in seen:  # once per conversation: a kind counts conversations
                seen.add(failure.kind)
                failures[failure.kind].append(failure.detail)
    order = sorted(groups, key=lambda lang: (lang not in ("en", "ru"), lang))
    return Report({lang: figures(groups[lang]) for lang in order}, figures(done), dict(failures), tuple(done))
