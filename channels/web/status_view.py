"""A case's story (:mod:`core.case_story`) as the status page shows it: every sentence from the
catalogs in the page's language, dates in the policy's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from channels.web.site import WebSite
from core.case_story import CaseStory
from core.notification_text import status_text
from core.story_text import priority_name, step_sentence


@dataclass(frozen=True, slots=True)
class ShownStep:
    when: str
    iso: str
    sentence: str
    words: str | None


@dataclass(frozen=True, slots=True)
class CaseView:
    reference: str
    status: str
    status_text: str
    priority: str
    level: str
    received: str
    due_first_response: str | None
    due_resolution: str | None
    question: str | None
    proposed_decision: str | None
    answer_by: str | None
    review_until: str | None
    rating: int | None
    steps: tuple[ShownStep, ...]
    next_steps: frozenset[str]


def case_view(story: CaseStory, site: WebSite, lang: str) -> CaseView:
    zone = site.policy.business_hours.zone

    def when(moment: datetime | None) -> str | None:
        return site.catalog.format_datetime(moment, lang, zone) if moment is not None else None

    steps = tuple(ShownStep(when(step.at) or "", step.at.isoformat(),
                            step_sentence(step, site.catalog, site.policy, lang, story.reference), step.words)
                  for step in reversed(story.steps))  # the latest first: what the person came to see
    return CaseView(
        reference=story.reference, status=story.status,
        status_text=status_text(site.catalog, site.policy, story.status, lang),
        priority=priority_name(site.catalog, story.priority, lang),
        level=site.policy.level_name(story.escalation_level, lang) if story.escalation_level else "",
        received=when(story.received_at) or "", due_first_response=when(story.due_first_response),
        due_resolution=when(story.due_resolution), question=story.question,
        proposed_decision=story.proposed_decision, answer_by=when(story.answer_by),
        review_until=when(story.review_until), rating=story.rating, steps=steps, next_steps=frozenset(story.next_steps),
    )
