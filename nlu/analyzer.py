"""The NLU entry point: one :class:`Analyzer` per process, holding a pipeline per language."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path

from config.policy import Policy
from nlu.analysis import Analysis
from nlu.dates import warm_up
from nlu.engine import Engine
from nlu.language import detect_language
from nlu.training import ensure_trained


class Analyzer:
    """Language, intent, category, entities and urgency signals of customer messages."""

    def __init__(self, policy: Policy, engines: Mapping[str, Engine]) -> None:
        self._policy = policy
        self._engines = dict(engines)
        self._zone = policy.business_hours.zone

    @classmethod
    def load(cls, policy: Policy, model_dir: Path, *, phone_regions: Mapping[str, str] | None = None) -> Analyzer:
        """Load the trained pipelines from ``model_dir``, training them first if they are missing or stale.

        :param policy: supplies the languages, category keys, reference prefix and product catalog.
        :param model_dir: one folder per language is kept here, with a fingerprint of what it was built from.
        :param phone_regions: region for phone numbers without a country code, per language
            (default ``GB`` for English, ``RU`` for Russian).
        """
        pipelines = ensure_trained(policy, model_dir)
        engines = {}
        for lang, nlp in pipelines.items():
            region = (phone_regions or {}).get(lang)
            engines[lang] = Engine(nlp, lang, policy.references.prefix, policy.catalog.products, region)
            warm_up(lang)
        return cls(policy, engines)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._engines)

    def detect_language(self, text: str) -> str | None:
        """``"en"`` or ``"ru"``, or ``None`` when the text has no letters to tell by."""
        return detect_language(text)

    def analyze(self, text: str, *, lang: str | None = None, now: datetime.datetime | None = None) -> Analysis:
        """Analyse one message.

        :param lang: the conversation's language, used when the text itself has no letters to tell by
            (a reference number, a phone number, an emoji); else the policy's default language.
        :param now: when the message was received; relative dates ("yesterday") are resolved against it.
            Defaults to the current time in the policy's business time zone.
        """
        detected = detect_language(text)
        chosen = next(
            (c for c in (detected, lang, self._policy.languages.default) if c in self._engines), next(iter(self._engines))
        )
        moment = now or datetime.datetime.now(self._zone)
        return self._engines[chosen].analyze(text, moment)
