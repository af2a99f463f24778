"""The texts the audit trail describes, checked against it: a case's description and every
message body an event names carry their SHA-256 digest in the chained event data, so editing the
text in the database (not only the event) breaks verification. Erasure blanks texts on purpose:
an erased case's texts are checked only for being blank."""

from __future__ import annotations

from core.audit import Breach, digest
from core.storage.personal_data import ERASED
from core.model import Case, CaseEvent, Message


def text_breach(case: Case, events: list[CaseEvent], messages: list[Message]) -> Breach | None:
    """The first text of ``case`` that does not match the digest its event recorded, or None."""
    by_id = {message.id: message for message in messages}
    for event in events:
        problem = _problem(case, event, by_id)
        if problem:
            return Breach(case.id, event.seq, event.id, problem)
    return None


def _problem(case: Case, event: CaseEvent, messages: dict[str, Message]) -> str | None:
    data = event.data
    if event.kind == "received" and "description_sha256" in data and not _matches(case, case.description, data["description_sha256"]):
        return "the case's description does not match the digest recorded when it was received (it was altered)"
    message_id, text_sha = data.get("message_id"), data.get("text_sha256") or data.get("description_sha256")
    if isinstance(message_id, str) and isinstance(text_sha, str):
        message = messages.get(message_id)
        if message is None:
            return f"the message {message_id} it records is gone"
        if not _matches(case, message.body, text_sha):
            return f"the body of message {message_id} does not match its recorded digest (it was altered)"
    return None


def _matches(case: Case, text: str, expected: object) -> bool:
    if case.erased_at is not None and text == ERASED:
        return True
    return digest(text) == expected
