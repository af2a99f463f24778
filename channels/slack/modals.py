"""The modals behind the card's buttons: what each asks, and reading what the agent typed."""

from __future__ import annotations

from dataclasses import dataclass

from config.policy import Policy
from config.catalog import default_catalog
from core.referrals import REFERRAL_OUTCOMES
from core.results import CaseDetails

from channels.slack.escape import clip
from channels.slack.ids import BY_CALLBACK, CardHandle, CaseAction
from channels.slack.texts import t

TEXT_LIMIT = 3000
TEXT_BLOCK = {CaseAction.REPLY: "text", CaseAction.REQUEST_INFO: "question", CaseAction.PROPOSE: "decision"}
AUTO_PRIORITY = "auto"


def plain_text(text: str, limit: int = 75) -> dict:
    return {"type": "plain_text", "text": clip(text, limit), "emoji": False}


def option(label: str, value: str) -> dict:
    return {"text": plain_text(label), "value": value}


def text_input(block: str, label: str, *, multiline: bool = True, optional: bool = False,
                initial: str | None = None) -> dict:
    element: dict = {"type": "plain_text_input", "action_id": "value", "multiline": multiline, "max_length": TEXT_LIMIT}
    if initial:
        element["initial_value"] = clip(initial, TEXT_LIMIT)
    return {"type": "input", "block_id": block, "label": plain_text(label, 2000), "optional": optional, "element": element}


def select_input(block: str, label: str, options: list[dict], initial: str | None, *, optional: bool = False) -> dict:
    element: dict = {"type": "static_select", "action_id": "value", "options": options}
    chosen = next((o for o in options if o["value"] == initial), None)
    if chosen is not None:
        element["initial_option"] = chosen
    return {"type": "input", "block_id": block, "label": plain_text(label, 2000), "optional": optional, "element": element}


def _investigation_inputs(details: CaseDetails, policy: Policy, lang: str) -> list[dict]:
    """Findings, root cause and redress from the policy's lists (in the agent's language), prefilled."""
    record, lists = details.investigation, policy.investigation
    causes = [option(item.name(lang, key), key) for key, item in lists.root_causes.items()]
    kinds = [option(item.name(lang, key), key) for key, item in lists.redress_kinds.items()]
    findings = record.findings if record else None
    cause = record.root_cause if record else None
    action = record.corrective_action if record else None
    redress = record.redress_kind if record else None
    amount = str(record.redress_amount) if record and record.redress_amount is not None else None
    currency = (record.redress_currency if record else None) or details.currency
    blocks = [text_input("findings", t("modal.findings", lang), optional=True, initial=findings)]
    if causes:
        blocks.append(select_input("root_cause", t("modal.root_cause", lang), causes, cause, optional=True))
    blocks.append(text_input("corrective_action", t("modal.corrective_action", lang), optional=True, initial=action))
    if kinds:
        blocks.append(select_input("redress_kind", t("modal.redress_kind", lang), kinds, redress, optional=True))
    blocks += [text_input("redress_amount", t("modal.redress_amount", lang), multiline=False, optional=True, initial=amount),
               text_input("redress_currency", t("modal.redress_currency", lang), multiline=False, optional=True,
                           initial=currency)]
    return blocks


def _inputs(action: CaseAction, details: CaseDetails, policy: Policy, lang: str) -> list[dict]:
    if action is CaseAction.ASSIGN:
        return [{"type": "input", "block_id": "assignee", "label": plain_text(t("modal.assignee", lang), 2000),
                 "element": {"type": "users_select", "action_id": "value"}}]
    if action in TEXT_BLOCK:
        block = TEXT_BLOCK[action]
        return [text_input(block, t(f"modal.{block}", lang))]
    if action is CaseAction.REASSESS:
        scores = [option(t(f"modal.score_{n}", lang), str(n)) for n in (1, 2, 3)]
        return [
            select_input("category", t("modal.category", lang),
                    [option(policy.category_name(key, lang), key) for key in policy.categories], details.category),
            select_input("severity", t("modal.severity", lang), scores, str(details.severity)),
            select_input("urgency", t("modal.urgency", lang), scores, str(details.urgency)),
            select_input("priority", t("modal.priority", lang),
                    [option(t("modal.priority_auto", lang), AUTO_PRIORITY)]
                    + [option(t(f"priority.{p}", lang), p) for p in policy.priorities_by_rank()], AUTO_PRIORITY),
            text_input("reason", t("modal.reason", lang), multiline=False),
        ]
    if action is CaseAction.INVESTIGATE:
        return _investigation_inputs(details, policy, lang)
    if action is CaseAction.ESCALATE:
        levels = [lvl for lvl in policy.escalation.levels if lvl.level > details.escalation_level]
        options = [option(f"{lvl.level}. {policy.level_name(lvl.level, lang)}", str(lvl.level)) for lvl in levels]
        blocks = [select_input("level", t("modal.level", lang), options, options[0]["value"])] if options else []
        return blocks + [text_input("reason", t("modal.reason", lang))]
    if action is CaseAction.RECORD_OUTCOME:
        outcomes = [option(default_catalog().text(f"referral_outcome.{key}", lang), key) for key in REFERRAL_OUTCOMES]
        return [select_input("outcome", t("modal.outcome", lang), outcomes, None),
                {**text_input("note", t("modal.note", lang)), "optional": True}]
    return [text_input("reason", t("modal.reason", lang))]


def action_modal(action: CaseAction, handle: CardHandle, details: CaseDetails, policy: Policy, lang: str) -> dict:
    """The modal a card button opens (``views.open``)."""
    intro = t(f"modal.{action.value}.intro", lang, reference=details.reference,
              status=t(f"status.{details.status}", lang))
    return {
        "type": "modal", "callback_id": action.callback_id, "private_metadata": handle.metadata(),
        "title": plain_text(t(f"modal.{action.value}.title", lang), 24),
        "submit": plain_text(t("modal.submit", lang), 24), "close": plain_text(t("modal.cancel", lang), 24),
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "verbatim": True, "text": intro}},
                   *_inputs(action, details, policy, lang)],
    }


def notice_modal(title: str, text: str, metadata: str = "") -> dict:
    """A modal that only says something (work in progress, done, refused): ``views.update``.
    ``text`` is our own mrkdwn with any outside words already escaped."""
    return {"type": "modal", "callback_id": "modal_notice", "private_metadata": metadata,
            "title": plain_text(title, 24), "close": plain_text("OK", 24),
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "verbatim": True,
                                                    "text": clip(text or " ", 3000)}}]}


@dataclass(frozen=True, slots=True)
class Submission:
    action: CaseAction
    handle: CardHandle
    fields: dict[str, str]
    view_id: str

    def text(self, name: str) -> str:
        return self.fields.get(name, "").strip()


REQUIRED = {
    CaseAction.ASSIGN: ("assignee",), CaseAction.REPLY: ("text",), CaseAction.REQUEST_INFO: ("question",),
    CaseAction.PROPOSE: ("decision",), CaseAction.REASSESS: ("reason",), CaseAction.ESCALATE: ("reason",),
    CaseAction.REFER: ("reason",), CaseAction.CLOSE: ("reason",), CaseAction.REOPEN: ("reason",),
    CaseAction.RECORD_OUTCOME: ("outcome",),
}


def read_submission(view: dict) -> Submission | None:
    """What the agent entered in one of our modals; None if the view is not one of ours."""
    action = BY_CALLBACK.get(str(view.get("callback_id") or ""))
    handle = CardHandle.from_metadata(str(view.get("private_metadata") or ""))
    if action is None or handle is None:
        return None
    return Submission(action, handle, submitted_values(view), str(view.get("id") or ""))


def submitted_values(view: dict) -> dict[str, str]:
    """What the agent typed or chose in a modal, by block id: a text, a chosen option's value or a
    chosen user."""
    fields: dict[str, str] = {}
    for block_id, elements in ((view.get("state") or {}).get("values") or {}).items():
        element = (elements or {}).get("value") or {}
        value = element.get("value")
        if value is None and isinstance(element.get("selected_option"), dict):
            value = element["selected_option"].get("value")
        if value is None:
            value = element.get("selected_user")
        if value is not None:
            fields[str(block_id)] = str(value)
    return fields


def missing_fields(submission: Submission, lang: str) -> dict[str, str]:
    """``response_action: errors`` for required inputs left blank (whitespace is blank too)."""
    return {name: t("modal.required", lang) for name in REQUIRED.get(submission.action, ())
            if not submission.text(name)}
