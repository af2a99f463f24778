"""Turns an outbox notification into the words (and buttons) its reader gets, from the catalogs.
Channels call this; the core only stores a kind and parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from config.catalog import MessageCatalog
from config.policy import BusinessDuration, Policy
from core.model import Notification

AGENTS = "agents"
AGENTS_ADDRESS = "triage"

DECISION_ACCEPT = "decision:accept:{reference}"
DECISION_REJECT = "decision:reject:{reference}"
SURVEY_RATING = "survey:{reference}:{rating}"
REFERRAL_ACCEPT = "referral:accept:{reference}"
REFERRAL_DECLINE = "referral:decline:{reference}"


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
    return catalog.text(f"status.{status}", lang, body=policy.external_body(lang))


def decision_terms(catalog: MessageCatalog, policy: Policy, level: int, answer_by: datetime | None, lang: str) -> list[str]:
    """What a proposed decision at escalation ``level`` tells beside it (ISO 10002 7.8): how long
    the complainant has to answer and what silence means, then their options: review at the next
    level, and after the last one the external body."""
    lines = []
    if answer_by is not None:
        days = catalog.plural("units.business_days", policy.closing.auto_close_business_days, lang)
        lines.append(catalog.text("notify.decision_answer_by", lang, days=days,
                                  when=catalog.format_datetime(answer_by, lang, policy.business_hours.zone)))
    body = policy.external_body(lang)
    if level < policy.escalation.top:
        lines.append(catalog.text("notify.decision_options_review", lang, level=policy.level_name(level + 1, lang), body=body))
    else:
        lines.append(catalog.text("notify.decision_options_final", lang, body=body,
                                  months=months_text(catalog, policy.dispute.external_time_limit_months, lang)))
    return lines


def months_text(catalog: MessageCatalog, months: int, lang: str) -> str:
    return catalog.plural("units.months", months, lang)


def external_body_lines(catalog: MessageCatalog, policy: Policy, lang: str) -> list[str]:
    """How to reach the external body and the time limit to go to it, from the policy."""
    contact = policy.external_contact(lang)
    lines = [catalog.text("notify.external_contact", lang, contact=contact)] if contact else []
    lines.append(catalog.text("notify.external_time_limit", lang,
                              months=months_text(catalog, policy.dispute.external_time_limit_months, lang)))
    return lines


def referral_offer(catalog: MessageCatalog, policy: Policy, reference: str, lang: str) -> Rendered:
    """The offer of the external dispute-resolution body after a rejection at the last level
    (ISO 10003): who they are, how to reach them, the time limit, and the choice to refer now."""
    body = policy.external_body(lang)
    text = "\n".join([catalog.text("notify.referral_offer", lang, reference=reference, body=body),
                      *external_body_lines(catalog, policy, lang),
                      catalog.text("notify.referral_question", lang, body=body)])
    return Rendered(text, (
        (catalog.text("notify.choice_refer", lang, body=body), REFERRAL_ACCEPT.format(reference=reference)),
        (catalog.text("notify.choice_no_referral", lang), REFERRAL_DECLINE.format(reference=reference)),
    ))


TIMER_KINDS = frozenset({"case_delayed", "closed_unanswered", "due_soon", "target_missed", "overdue"})


def timer_text(notification: Notification, catalog: MessageCatalog, policy: Policy) -> str:
    """The words of the timers' notifications: a target named in the reader's language, a due
    time in the policy's time zone."""
    p, lang, kind = notification.params, notification.lang, notification.kind
    due = ""
    if p.get("due"):
        due = catalog.format_datetime(datetime.fromisoformat(str(p["due"])), lang, policy.business_hours.zone)
    target_key = f"timers.target.{p.get('target', '')}"
    target = catalog.text(target_key, lang) if catalog.has(target_key, lang) else str(p.get("target", ""))
    days = catalog.plural("units.business_days", int(p.get("days") or 0), lang)
    key = f"timers.{kind}" if kind in ("case_delayed", "closed_unanswered") else f"timers.agent_{kind}"
    level = policy.level_name(p["level"], lang) if isinstance(p.get("level"), int) else p.get("level_name", "")
    return catalog.text(key, lang, reference=p.get("reference", ""), level=level, due=due, target=target, days=days)


def render(notification: Notification, catalog: MessageCatalog, policy: Policy) -> Rendered:
    """The text and choices of ``notification`` in its language."""
    p, lang, kind = notification.params, notification.lang, notification.kind
    ref = p.get("reference", "")
    if kind == "reply":
        return Rendered(p["text"], tuple((label, value) for label, value in p.get("choices", [])))
    if kind == "acknowledgement":
        return Rendered(acknowledgement_text(catalog, policy, ref, p["priority"], lang))
    if kind == "decision_proposed":
        terms = decision_terms(catalog, policy, int(p["level"]), _moment(p.get("answer_by")), lang) if "level" in p else []
        text = "\n\n".join([
            catalog.text("notify.decision_proposed", lang, reference=ref, decision=p["decision"]),
            catalog.text("notify.decision_question", lang),
            *terms,
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
        level = policy.level_name(p["level"], lang) if isinstance(p.get("level"), int) else p.get("level_name", "")
        return Rendered(catalog.text("notify.case_escalated", lang, reference=ref, level=level))
    if kind == "case_reopened":
        level = policy.level_name(p["level"], lang) if isinstance(p.get("level"), int) else p.get("level_name", "")
        return Rendered(catalog.text("notify.case_reopened", lang, reference=ref, level=level))
    if kind == "referred_external":
        return Rendered("\n".join([catalog.text("notify.referred_external", lang, reference=ref, body=policy.external_body(lang)),
                                   *external_body_lines(catalog, policy, lang)[:1]]))
    if kind == "referral_outcome":
        outcome = catalog.text(f"referral_outcome.{p.get('outcome', '')}", lang) \
            if catalog.has(f"referral_outcome.{p.get('outcome', '')}", lang) else str(p.get("outcome", ""))
        return Rendered(catalog.text("notify.referral_outcome", lang, reference=ref, body=policy.external_body(lang),
                                     outcome=outcome))
    if kind == "referral_offer_lapsed":
        return Rendered("\n".join([catalog.text("notify.referral_offer_lapsed", lang, reference=ref,
                                                 body=policy.external_body(lang)),
                                   *external_body_lines(catalog, policy, lang)]))
    if kind == "access_link":
        minutes = catalog.plural("units.minutes", int(p.get("minutes") or 0), lang)
        return Rendered(catalog.text("notify.access_link", lang, reference=ref, link=p.get("link", ""), minutes=minutes))
    if kind == "withdrawn":
        return Rendered(catalog.text("notify.withdrawn", lang, reference=ref))
    if kind in TIMER_KINDS:
        return Rendered(timer_text(notification, catalog, policy))
    key = f"notify.agent_{kind}"
    if catalog.has(key, lang):
        return Rendered(catalog.text(key, lang, **{k: v for k, v in p.items() if isinstance(v, (str, int, float))}))
    return Rendered(f"[{kind}] {ref}".strip())


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
