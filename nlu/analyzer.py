"""The NLU entry point: one :class:`Analyzer` per process, holding a pipeline per language."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from pathlib import Path

from config.policy import Policy
from nlu.analysis_result import Analysis
from nlu.dates import warm_up
from nlu.language_engine import Engine
from nlu.language import clear_language, detect_language, reading
from nlu.train_and_evaluate import ensure_trained

DEFAULT_MAX_CHARS = 5_000  # the default of COMPLAINTDESK_NLU_MAX_CHARS


class Analyzer:
    """Language, intent, category, entities and urgency signals of customer messages.

    The category is the classifier's unless urgency signals select one (the policy's category
    ``signals``: an injury or a fire makes it a health and safety complaint).

    Only the first :attr:`max_chars` characters of a message are analysed: what a complaint is
    about is said at its start, and a message of megabytes must not hold the process for long.
    """

    def __init__(self, policy: Policy, engines: Mapping[str, Engine], *, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self._policy = policy
        self._engines = dict(engines)
        self._zone = policy.business_hours.zone
        self.max_chars = max_chars

    @classmethod
    def load(cls, policy: Policy, model_dir: Path, *, phone_regions: Mapping[str, str] | None = None,
             max_chars: int = DEFAULT_MAX_CHARS) -> Analyzer:
        """Load the trained pipelines from ``model_dir``, training them first if they are missing or stale.

        :param policy: supplies the languages, category keys, reference prefix and product catalog.
        :param model_dir: one folder per language is kept here, with a fingerprint of what it was built from.
        :param phone_regions: region for phone numbers without a country code, per language
            (default ``GB`` for English, ``RU`` for Russian).
        :param max_chars: how much of a message is analysed (``COMPLAINTDESK_NLU_MAX_CHARS``).
        """
        pipelines = ensure_trained(policy, model_dir)
        engines = {}
        for lang, nlp in pipelines.items():
            region = (phone_regions or {}).get(lang)
            engines[lang] = Engine(nlp, lang, policy.references.prefix, policy.catalog.products, region,
                                   signal_categories={k: c.signals for k, c in policy.categories.items() if c.signals})
            warm_up(lang)
        return cls(policy, engines, max_chars=max_chars)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._engines)

    def detect_language(self, text: str) -> str | None:
        """``"en"`` or ``"ru"`` (Russian in Latin letters too), or ``None`` when the text has no letters to tell by."""
        return detect_language(text[: self.max_chars])

    def clear_language(self, text: str) -> str | None:
        """The language of a message clearly written in one (several words, nearly all in one
        script); ``None`` for a short or a mixed one ("ok", "Bosch", "yes, согласен")."""
        return clear_language(text[: self.max_chars])

    def analyze(self, text: str, *, lang: str | None = None, now: datetime.datetime | None = None) -> Analysis:
        """Analyse one message (its first :attr:`max_chars` characters, which become ``Analysis.text``).

        :param lang: the conversation's language, used when the text itself has no letters to tell by
            (a reference number, a phone number, an emoji); else the policy's default language. In a
            Russian conversation a Latin word that spells a Russian one ("pylesos") is read as Russian.
        :param now: when the message was received; relative dates ("yesterday") are resolved against it.
            Defaults to the current time in the policy's business time zone.

        Russian typed in Latin letters ("zakaz ne prishel") is analysed in its Cyrillic form, which
        is then ``Analysis.text`` (names, brands and English words in it stay as written).
        """
        text = text[: self.max_chars]
        read = reading(text, lang)
        chosen = next(
            (c for c in (read.lang, lang, self._policy.languages.default) if c in self._engines), next(iter(self._engines))
        )
        moment = now or datetime.datetime.now(self._zone)
        analysis = self._engines[chosen].analyze(read.text if chosen == read.lang else text, moment)
        signalled = self._policy.signalled_category(analysis.urgency_signals)
        if signalled is None:
            return analysis
        # the policy's category for the signals, with the classifier's confidence (asked for only then)
        return dataclasses.replace(analysis, categorised=lambda: (signalled, analysis.category_confidence))
