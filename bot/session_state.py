"""The state of one conversation, kept between turns in a session store."""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass, field, fields
from typing import cast

from bot.messages import Choice, InboundAttachment, Reply

REPLIES_KEPT = 3  # a message is handled again only while it is the latest in flight; kept small for idle sessions


class Step:
    START = "start"          # nothing going on
    CONSENT = "consent"      # waiting for yes/no to the privacy notice
    INTAKE = "intake"        # collecting the complaint, asking for ``Session.asking``
    CONFIRM = "confirm"      # the summary was shown; waiting for submit / correct
    EDIT = "edit"            # waiting for which slot to correct
    REASON = "reason"        # a decision was rejected; waiting for the optional reason
    COMMENT = "comment"      # a rating was given; waiting for the optional comment
    DECLINED = "declined"    # consent refused
    WITHDRAW = "withdraw"    # asked whether to withdraw the complaint ``Session.pending``


@dataclass
class Session:
    lang: str = "en"
    lang_fixed: bool = False
    step: str = Step.START
    consent: bool = False
    slots: dict[str, str] = field(default_factory=dict)
    asking: str | None = None
    reprompts: int = 0
    unverified: list[str] = field(default_factory=list)
    held: str | None = None  # the first words, said before consent; dropped if consent is refused
    files: list[list[str]] = field(default_factory=list)  # [filename, content_type, base64 data]
    category: str | None = None
    signals: list[str] = field(default_factory=list)
    needs_human: bool = False
    safety_told: bool = False  # the first line of care was given in this conversation
    case: str | None = None  # the reference of the person's current case
    pending: str | None = None  # the case a reason / comment is about
    rating: int = 0
    offered: list[str] = field(default_factory=list)  # values of the choices shown last
    offered_labels: list[str] = field(default_factory=list)  # and their labels, to be chosen in words
    answered: dict[str, str] = field(default_factory=dict)  # platform message id -> the slot it filled
    # The replies of the latest messages handled, by message: a message delivered again (a crash
    # before its replies were queued, a platform's retry) gets the same replies, not a second turn.
    replied: dict[str, list[list[object]]] = field(default_factory=dict)
    # A draft cancelled in this conversation, as it was, so that "undo" brings it back; dropped
    # when a new draft starts. Stored only while there is one (idle sessions stay small).
    cancelled: dict[str, object] | None = None

    def reset_draft(self) -> None:
        self.slots, self.asking, self.reprompts, self.unverified = {}, None, 0, []
        self.held, self.files, self.category, self.signals, self.needs_human = None, [], None, [], False
        self.pending, self.rating, self.answered, self.safety_told = None, 0, {}, False

    def put_draft_aside(self) -> None:
        """Cancel the draft, keeping it as it was for :meth:`restore_draft`."""
        self.cancelled = json.loads(_ENCODER.encode({name: getattr(self, name) for name in _DRAFT}))
        self.reset_draft()
        self.step = Step.START

    def restore_draft(self) -> bool:
        """Bring back the draft put aside by a cancel, exactly; False when there is none."""
        kept, self.cancelled = self.cancelled, None
        if not kept:
            return False
        for name, value in kept.items():
            if name in _DRAFT:
                setattr(self, name, value)
        return True

    def remember_replies(self, message: str, replies: list[Reply]) -> None:
        self.replied.pop(message, None)
        while len(self.replied) >= REPLIES_KEPT:
            del self.replied[next(iter(self.replied))]
        self.replied[message] = [[reply.text, [[c.label, c.value] for c in reply.choices]] for reply in replies]

    def replies_to(self, message: str) -> list[Reply] | None:
        """What was answered to ``message`` when it was handled before, or None."""
        stored = self.replied.get(message)
        if stored is None:
            return None
        # as remember_replies wrote it, through JSON: [text, [[label, value], ...]]
        return [Reply(str(text), tuple(Choice(str(label), str(value)) for label, value in cast("list[list[object]]", choices)))
                for text, choices in stored]

    def keep_file(self, item: InboundAttachment) -> None:
        self.files.append([item.filename, item.content_type, base64.b64encode(item.data).decode("ascii")])

    def attachments(self) -> list[InboundAttachment]:
        return [InboundAttachment(name, kind, base64.b64decode(data)) for name, kind, data in self.files]

    def dumps(self) -> bytes:
        """Compact JSON holding only what differs from a fresh session (idle sessions stay small)."""
        data = {name: value for name, fresh in _FRESH.items() if (value := getattr(self, name)) != fresh}
        return _ENCODER.encode(data).encode("utf-8")

    @classmethod
    def loads(cls, raw: bytes | str) -> Session:
        data = json.loads(raw)
        return cls(**{k: v for k, v in data.items() if k in _FIELDS})


_FRESH = asdict(Session())
_FIELDS = frozenset(f.name for f in fields(Session))
# What a draft is: what a cancel puts aside and an undo brings back.
_DRAFT = ("step", "slots", "asking", "reprompts", "unverified", "held", "files", "category", "signals", "needs_human",
          "safety_told", "answered")  # every field holds plain JSON values, so no deep copy is needed to dump
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
