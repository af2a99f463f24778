"""Natural-language understanding: language, intent, category, entities and urgency signals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nlu.analysis_result import Analysis, Entities, Money

if TYPE_CHECKING:
    from nlu.analyzer import Analyzer

__all__ = ["Analysis", "Analyzer", "Entities", "Money"]


def __getattr__(name: str) -> Any:
    if name == "Analyzer":  # spaCy is imported only when the analyzer is wanted
        from nlu.analyzer import Analyzer

        return Analyzer
    raise AttributeError(name)
