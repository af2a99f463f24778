"""The sentences of a case's story (:mod:`core.case_story`) in the reader's language, from the
catalogs; names the policy gives (levels, the external body) in that language too."""

from __future__ import annotations

from config.catalog import MessageCatalog
from config.policy import Policy
from core.case_story import StoryStep


def priority_name(catalog: MessageCatalog, priority: str, lang: str) -> str:
    key = f"story.priority.{priority}"
    return catalog.text(key, lang) if catalog.has(key, lang) else priority


def step_sentence(step: StoryStep, catalog: MessageCatalog, policy: Policy, lang: str, reference: str) -> str:
    """What ``step`` says, as one sentence; its ``words`` (if any) are shown after it, as written."""
    facts, kind = step.facts, step.kind
    body = policy.external_body(lang)
    level = policy.level_name(facts["level"], lang) if isinstance(facts.get("level"), int) else ""
    if kind == "decision_rejected":
        key = "decision_rejected_final" if facts.get("final") else \
            "decision_rejected_reason" if step.words else "decision_rejected"
    elif kind == "closed" and facts.get("by") == "system":
        key = "closed_by_timer"
    else:
        key = kind
    outcome = str(facts.get("outcome") or "")
    if catalog.has(f"referral_outcome.{outcome}", lang):
        outcome = catalog.text(f"referral_outcome.{outcome}", lang)
    return catalog.text(f"story.step.{key}", lang, reference=reference, body=body, level=level, outcome=outcome,
                        priority=priority_name(catalog, str(facts.get("priority") or ""), lang),
                        rating=facts.get("rating") or "")
