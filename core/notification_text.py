"""Turns an outbox notification into the words (and buttons) its reader gets, from the catalogs.
Channels call this; the core only stores a kind and parameters."""

from __future__ import annotations

from dataclasses import dataclass

from config.catalog import MessageCatalog
from config.policy import BusinessDuration, Policy
from core.model import Notification

AGENTS = "agents"
AGENTS_ADDRESS = "triage"

DECISION_ACCEPT = "decision:accept:{reference}"
DECISION_REJECT = "decision:reject:{reference}"
SURVEY_RATING = "survey:{reference}:{rating}"


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    choices: tuple[tuple[str, str], ...] = ()  # (label, value)


def duration_text(catalog: MessageCatalog, duration: BusinessDuration, lang: str) -> str:
    key = "units.business_hours" if duration.unit == "h" else "units.business_days"
    return catalog.plural(key, duration.amount, lang)


def commitments_text(catalog: MessageCatalog, policy: Policy, priority: str, lang: str) -> str:
    """The policy's time targets for ``priority`` and its published commitments (ISO 10001)."""
    targets = policy.priorities[priority]
    lines = [
        catalog.text("notify.target_response", lang, response=duration_text(catalog, targets.first_response, lang)),
        catalog.text("notify.target_resolution", lang, resolution=duration_text(catalog, targets.resolution, lang)),
        "",
        catalog.text("notify.commitments_intro", lang),
    ]
    lines += [f"• {item}" for item in policy.commitments.get(lang, policy.commitments["en"])]  # type: ignore[call-overload]  # commitments are keyed by language code
    return "\n".join(lines)


def acknowledgement_text(catalog: MessageCatalog, policy: Policy, reference: str, priority: str, lang: str) -> str:
    return "\n".join([
        catalog.text("notify.acknowledgement", lang, reference=reference),
        commitments_text(catalog, policy, priority, lang),
    ])


def status_text(catalog: MessageCatalog, policy: Policy, status: str, lang: str) -> str:
    return catalog.text(f"status.{status}", lang, body=policy.organisation.external_resolution_body)


def render(notification: Notification, catalog: MessageCatalog, policy: Policy) -> Rendered:
    """The text and choices of ``notification`` in its language."""
    p, lang, kind = notification.params, notification.lang, notification.kind
    ref = p.get("reference", "")
    if kind == "reply":
        return Rendered(p["text"], tuple((label, value) for label, value in p.get("choices", [])))
    if kind == "acknowledgement":
        return Rendered(acknowledgement_text(catalog, policy, ref, p["priority"], lang))
    if kind == "decision_proposed":
        text = "\n\n".join([
            catalog.text("notify.decision_proposed", lang, reference=ref, decision=p["decision"]),
            catalog.text("notify.decision_question", lang),
        ])
        return Rendered(text, (
            (catalog.text("notify.choice_accept", lang), DECISION_ACCEPT.format(reference=ref)),
            (catalog.text("notify.choice_reject", lang), DECISION_REJECT.format(reference=ref)),
        ))
    if kind == "survey":
        return Rendered(catalog.text("notify.survey_question", lang, reference=ref),
                        tuple((str(n), SURVEY_RATING.format(reference=ref, rating=n)) for n in range(1, 6)))
    if kind == "status_changed":
        return Rendered(catalog.text("notify.status_changed", lang, reference=ref,
                                     status=status_text(catalog, policy, p["status"], lang)))
    if kind == "information_requested":
        return Rendered(catalog.text("notify.information_requested", lang, reference=ref, question=p["question"]))
    if kind == "agent_message":
        return Rendered(catalog.text("notify.message_from_agent", lang, reference=ref, text=p["text"]))
    if kind == "case_closed":
        return Rendered(catalog.text("notify.case_closed", lang, reference=ref, reason=p.get("reason") or "").strip())
    if kind == "case_escalated":
        return Rendered(catalog.text("notify.case_escalated", lang, reference=ref, level=p.get("level_name", "")))
    if kind == "case_reopened":
        return Rendered(catalog.text("notify.case_reopened", lang, reference=ref, level=p.get("level_name", "")))
    if kind == "referred_external":
        return Rendered(catalog.text("notify.referred_external", lang, reference=ref,
                                     body=policy.organisation.external_resolution_body))
    if kind == "withdrawn":
        return Rendered(catalog.text("notify.withdrawn", lang, reference=ref))
    key = f"notify.agent_{kind}"
    if catalog.has(key, lang):
        return Rendered(catalog.text(key, lang, **{k: v for k, v in p.items() if isinstance(v, (str, int, float))}))
    return Rendered(f"[{kind}] {ref}".strip())
