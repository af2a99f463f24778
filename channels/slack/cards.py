"""The Block Kit card of a case in the triage channel: what the agent may see, and the buttons
the case's state allows. Complainant text is made inert (see ``escape``)."""

from __future__ import annotations

from datetime import datetime

from config.catalog import default_catalog
from config.policy import Policy
from core.actors import ActorKind
from core.lifecycle import next_statuses
from core.results import CaseDetails
from core.status import CaseStatus as S

from channels.slack.case_records import case_records_lines
from channels.slack.escape import clip, escape_control, inert
from channels.slack.ids import CardHandle, CaseAction
from channels.slack.texts import t

SUMMARY_LIMIT = 1500
FIELD_LIMIT = 1900


def slack_date(value: datetime | None, lang: str, policy: Policy) -> str:
    """A date Slack shows in each reader's own time zone, with a fallback in the policy's zone."""
    if value is None:
        return t("card.none", lang)
    fallback = default_catalog().format_datetime(value, lang, policy.business_hours.zone)
    return f"<!date^{int(value.timestamp())}^{{date_short_pretty}} {{time}}|{escape_control(fallback)}>"


def agent_mention(agent: str | None, lang: str) -> str:
    """An assignee who is a Slack user is mentioned; anything else is shown inert."""
    if not agent:
        return t("card.unassigned", lang)
    if agent[:1] in ("U", "W") and agent.isalnum() and agent.isupper():
        return f"<@{agent}>"
    return inert(agent)


def available_actions(details: CaseDetails) -> list[CaseAction]:
    """The buttons that make sense in the case's state (the core still has the last word)."""
    status = S(details.status)
    targets = set(next_statuses(status, ActorKind.AGENT))
    if status is S.REFERRED_EXTERNAL and details.referral_outcome is None:
        return [CaseAction.RECORD_OUTCOME]
    if not status.is_open:
        return ([CaseAction.REOPEN] if S.ESCALATED in targets else []) + [CaseAction.INVESTIGATE]
    actions = [CaseAction.TAKE] if details.assignee is None else []
    actions += [CaseAction.ASSIGN, CaseAction.REPLY]
    if S.AWAITING_COMPLAINANT in targets:
        actions.append(CaseAction.REQUEST_INFO)
    if S.RESPONDED in targets:
        actions.append(CaseAction.PROPOSE)
    actions.append(CaseAction.REASSESS)
    if S.ESCALATED in targets:
        actions.append(CaseAction.ESCALATE)
    if S.REFERRED_EXTERNAL in targets:
        actions.append(CaseAction.REFER)
    if S.CLOSED in targets:
        actions.append(CaseAction.CLOSE)
    actions.append(CaseAction.INVESTIGATE)
    return actions


def _button(action: CaseAction, handle: CardHandle, lang: str) -> dict:
    button = {
        "type": "button", "action_id": action.value, "value": handle.button_value(),
        "text": {"type": "plain_text", "text": t(f"button.{action.value}", lang), "emoji": False},
    }
    if action is CaseAction.TAKE:
        button["style"] = "primary"
    return button


def _field(label: str, value: str) -> dict:
    return {"type": "mrkdwn", "text": clip(f"*{label}*\n{value}", FIELD_LIMIT), "verbatim": True}


def case_card(details: CaseDetails, policy: Policy, lang: str) -> list[dict]:
    """The blocks of a case card."""
    category = policy.category_name(details.category, lang)
    handle = CardHandle(details.reference, details.version)
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "emoji": False,
                                    "text": clip(f"{details.reference} · {category}", 150)}},
        {"type": "section", "fields": [
            _field(t("card.status", lang), t(f"status.{details.status}", lang)),
            _field(t("card.priority", lang), t(f"priority.{details.priority}", lang)
                   if default_catalog().has(f"slack.priority.{details.priority}", lang) else inert(details.priority)),
            _field(t("card.category", lang), escape_control(category)),
            _field(t("card.channel", lang), t(f"channel.{details.channel}", lang)
                   if default_catalog().has(f"slack.channel.{details.channel}", lang) else inert(details.channel)),
            _field(t("card.assignee", lang), agent_mention(details.assignee, lang)),
            _field(t("card.escalation", lang), str(details.escalation_level)),
            _field(t("card.due_first_response", lang), slack_date(details.due_first_response, lang, policy)),
            _field(t("card.due_resolution", lang), slack_date(details.due_resolution, lang, policy)),
        ]},
        _complainant(details, lang),
        {"type": "section", "text": {"type": "mrkdwn", "verbatim": True, "text": clip(
            f"*{t('card.summary', lang)}*\n{inert(clip(details.description, SUMMARY_LIMIT))}", 3000)}},
    ]
    extra = "\n".join(filter(None, (_extras(details, lang), *case_records_lines(details, policy, lang))))
    if extra:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "verbatim": True, "text": clip(extra, 3000)}})
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "verbatim": True, "text": t(
        "card.footer", lang, version=details.version, received=slack_date(details.received_at, lang, policy))}]})
    buttons = [_button(action, handle, lang) for action in available_actions(details)]
    for start in range(0, len(buttons), 5):
        blocks.append({"type": "actions", "block_id": f"case_actions_{start // 5}", "elements": buttons[start:start + 5]})
    return blocks


def _complainant(details: CaseDetails, lang: str) -> dict:
    name = inert(details.complainant_name) if details.complainant_name else t("card.unnamed", lang)
    lines = [f"*{t('card.complainant', lang)}* {name}"]
    if details.on_behalf_of:
        lines.append(t("card.on_behalf_of", lang, person=inert(details.on_behalf_of)))
    if details.needs_human:
        lines.append(t("card.needs_human", lang))
    return {"type": "section", "text": {"type": "mrkdwn", "verbatim": True, "text": clip("\n".join(lines), 3000)}}


def _extras(details: CaseDetails, lang: str) -> str:
    pairs = [
        ("card.subject", details.subject), ("card.product", details.product),
        ("card.order_number", details.order_number),
        ("card.amount", default_catalog().format_money(details.amount, details.currency, lang)
         if details.amount is not None and details.currency else None),
        ("card.incident_date", default_catalog().format_date(details.incident_date, lang) if details.incident_date else None),
        ("card.location", details.location),
        ("card.desired_outcome", details.desired_outcome), ("card.proposed_decision", details.proposed_decision),
    ]
    lines = [f"*{t(key, lang)}* {inert(clip(value, 500))}" for key, value in pairs if value]
    if details.complainant_decision:
        lines.append(t(f"card.decision_{details.complainant_decision}", lang))
    if details.referral_body:
        lines.append(t("card.referred", lang, body=inert(details.referral_body)))
    if details.referral_outcome:
        lines.append(t("card.referral_outcome", lang, outcome=escape_control(default_catalog().text(
            f"referral_outcome.{details.referral_outcome}", lang))))
    if details.satisfaction is not None:
        lines.append(t("card.satisfaction", lang, rating=details.satisfaction))
    return "\n".join(lines)


def card_fallback(details: CaseDetails, policy: Policy, lang: str) -> str:
    """The plain text of a card (notifications, screen readers)."""
    return t("card.fallback", lang, reference=details.reference, status=t(f"status.{details.status}", lang),
             category=escape_control(policy.category_name(details.category, lang)))
