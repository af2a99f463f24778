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


def _plain(text: str, limit: int = 75) -> dict:
    return {"type": "plain_text", "text": clip(text, limit), "emoji": False}


def _option(label: str, value: str) -> dict:
    return {"text": _plain(label), "value": value}


def _text_input(block: str, label: str, *, multiline: bool = True) -> dict:
    return {"type": "input", "block_id": block, "label": _plain(label, 2000), "element": {
        "type": "plain_text_input", "action_id": "value", "multiline": multiline, "max_length": TEXT_LIMIT}}


def _select(block: str, label: str, options: list[dict], initial: str | None) -> dict:
    element: dict = {"type": "static_select", "action_id": "value", "options": options}
    chosen = next((o for o in options if o["value"] == initial), None)
    if chosen is not None:
        element["initial_option"] = chosen
    return {"type": "input", "block_id": block, "label": _plain(label, 2000), "element": element}


def _inputs(action: CaseAction, details: CaseDetails, policy: Policy, lang: str) -> list[dict]:
    if action is CaseAction.ASSIGN:
        return [{"type": "input", "block_id": "assignee", "label": _plain(t("modal.assignee", lang), 2000),
                 "element": {"type": "users_select", "action_id": "value"}}]
    if action in TEXT_BLOCK:
        block = TEXT_BLOCK[action]
        return [_text_input(block, t(f"modal.{block}", lang))]
    if action is CaseAction.REASSESS:
        scores = [_option(t(f"modal.score_{n}", lang), str(n)) for n in (1, 2, 3)]
        return [
            _select("category", t("modal.category", lang),
                    [_option(policy.category_name(key, lang), key) for key in policy.categories], details.category),
            _select("severity", t("modal.severity", lang), scores, str(details.severity)),
            _select("urgency", t("modal.urgency", lang), scores, str(details.urgency)),
            _select("priority", t("modal.priority", lang),
                    [_option(t("modal.priority_auto", lang), AUTO_PRIORITY)]
                    + [_option(t(f"priority.{p}", lang), p) for p in policy.priorities_by_rank()], AUTO_PRIORITY),
            _text_input("reason", t("modal.reason", lang), multiline=False),
        ]
    if action is CaseAction.ESCALATE:
        levels = [lvl for lvl in policy.escalation.levels if lvl.level > details.escalation_level]
        options = [_option(f"{lvl.level}. {policy.level_name(lvl.level, lang)}", str(lvl.level)) for lvl in levels]
        blocks = [_select("level", t("modal.level", lang), options, options[0]["value"])] if options else []
        return blocks + [_text_input("reason", t("modal.reason", lang))]
    if action is CaseAction.RECORD_OUTCOME:
        outcomes = [_option(default_catalog().text(f"referral_outcome.{key}", lang), key) for key in REFERRAL_OUTCOMES]
        return [_select("outcome", t("modal.outcome", lang), outcomes, None),
                {**_text_input("note", t("modal.note", lang)), "optional": True}]
    return [_text_input("reason", t("modal.reason", lang))]


def action_modal(action: CaseAction, handle: CardHandle, details: CaseDetails, policy: Policy, lang: str) -> dict:
    """The modal a card button opens (``views.open``)."""
    intro = t(f"modal.{action.value}.intro", lang, reference=details.reference,
              status=t(f"status.{details.status}", lang))
    return {
        "type": "modal", "callback_id": action.callback_id, "private_metadata": handle.metadata(),
        "title": _plain(t(f"modal.{action.value}.title", lang), 24),
        "submit": _plain(t("modal.submit", lang), 24), "close": _plain(t("modal.cancel", lang), 24),
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "verbatim": True, "text": intro}},
                   *_inputs(action, details, policy, lang)],
    }


def notice_modal(title: str, text: str, metadata: str = "") -> dict:
    """A modal that only says something (work in progress, done, refused): ``views.update``.
    ``text`` is our own mrkdwn with any outside words already escaped."""
    return {"type": "modal", "callback_id": "modal_notice", "private_metadata": metadata,
            "title": _plain(title, 24), "close": _plain("OK", 24),
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
    return Submission(action, handle, fields, str(view.get("id") or ""))


def missing_fields(submission: Submission, lang: str) -> dict[str, str]:
    """``response_action: errors`` for required inputs left blank (whitespace is blank too)."""
    return {name: t("modal.required", lang) for name in REQUIRED.get(submission.action, ())
            if not submission.text(name)}
