"""Names Slack sends back to us: button action ids, modal callback ids, and what a button carries."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from enum import StrEnum


class CaseAction(StrEnum):
    """A button on a case card (its ``action_id``)."""

    TAKE = "case_take"
    ASSIGN = "case_assign"
    REASSESS = "case_reassess"
    REPLY = "case_reply"
    REQUEST_INFO = "case_request_info"
    PROPOSE = "case_propose"
    ESCALATE = "case_escalate"
    REFER = "case_refer"
    CLOSE = "case_close"
    REOPEN = "case_reopen"
    RECORD_OUTCOME = "case_referral_outcome"  # the external body's outcome on a referred case (ISO 10003)
    INVESTIGATE = "case_investigate"

    @property
    def callback_id(self) -> str:
        """The ``callback_id`` of the modal this button opens."""
        return "modal_" + self.value.removeprefix("case_")


CASE_ACTION_PATTERN = re.compile(r"^case_[a-z_]+$")
MODAL_PATTERN = re.compile(r"^modal_[a-z_]+$")
DM_CHOICE_PREFIX = "dm_choice_"
DM_CHOICE_PATTERN = re.compile(r"^dm_choice_\d+$")
BY_CALLBACK = {action.callback_id: action for action in CaseAction}


@dataclass(frozen=True, slots=True)
class CardHandle:
    """What a card button (or a modal opened from it) remembers: the case, the version the agent
    saw, and where the card is, for answers and refusals."""

    reference: str
    version: int | None = None
    channel: str | None = None
    ts: str | None = None

    def button_value(self) -> str:
        return f"{self.reference}|{self.version if self.version is not None else ''}"

    @classmethod
    def from_button(cls, value: str, channel: str | None = None, ts: str | None = None) -> CardHandle:
        reference, _, version = value.partition("|")
        return cls(reference, int(version) if version.isdigit() else None, channel, ts)

    def metadata(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_metadata(cls, text: str) -> CardHandle | None:
        try:
            data = json.loads(text)
            return cls(str(data["reference"]), data.get("version"), data.get("channel"), data.get("ts"))
        except (ValueError, KeyError, TypeError):
            return None
