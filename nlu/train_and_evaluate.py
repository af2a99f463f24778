"""Training the pipelines and measuring them against the quality bar."""

from __future__ import annotations

import datetime
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from spacy.language import Language

from config.policy import Policy
from nlu import dataset
from nlu.language_engine import Engine
from nlu.fingerprint import fingerprint
from nlu.metrics import Score, classification, matching
from nlu.pipeline import CATEGORY, INTENT
from nlu.reports import LanguageEvaluation, LanguageTraining, TrainReport, EvaluationReport
from nlu.store import load, save, stored_fingerprint
from nlu.train_language import train_pipeline

HELD_OUT_DIR = "held-out"
ENTITY_KINDS = ("references", "order_numbers", "emails", "phones", "money", "dates", "products")


def _train_language(policy: Policy, lang: str, folder: Path, seed: int, held_out_only: bool) -> LanguageTraining:
    started = time.perf_counter()
    labels = policy.classified_categories
    intents, categories = dataset.intents(lang), dataset.categories(lang, labels)
    if held_out_only:
        intents, categories = dataset.split(intents)[0], dataset.split(categories)[0]
    nlp = train_pipeline(lang, intents, categories, labels, seed)
    save(nlp, folder, fingerprint(lang, labels, held_out_only))
    return LanguageTraining(lang, len(intents), len(categories), time.perf_counter() - started)


def _ensure(policy: Policy, model_dir: Path, held_out_only: bool) -> dict[str, Language]:
    pipelines: dict[str, Language] = {}
    for lang in policy.languages.supported:
        folder = model_dir / lang
        if stored_fingerprint(folder) != fingerprint(lang, policy.classified_categories, held_out_only):
            _train_language(policy, lang, folder, 0, held_out_only)
        pipelines[lang] = load(folder)
    return pipelines


def ensure_trained(policy: Policy, model_dir: Path) -> dict[str, Language]:
    """The production pipelines (trained on all examples), trained first when missing or stale."""
    return _ensure(policy, model_dir, held_out_only=False)


def train(policy: Policy, model_dir: Path, *, seed: int = 0) -> TrainReport:
    """Train every supported language on all shipped examples and store the pipelines in ``model_dir``.

    Deterministic: the same data, policy and seed give the same model.
    """
    started = time.perf_counter()
    trained = tuple(_train_language(policy, lang, model_dir / lang, seed, False) for lang in policy.languages.supported)
    return TrainReport(trained, time.perf_counter() - started)


# Entities by kind, as the labelled files write them: JSON values (money as amount and currency).
EntityRecord = Mapping[str, Sequence[Any]]


def _entity_items(entities: EntityRecord) -> Counter[tuple[str, object]]:
    items: Counter[tuple[str, object]] = Counter()
    for kind in ENTITY_KINDS:
        for value in entities.get(kind) or []:
            if kind == "money":
                value = (Decimal(str(value["amount"])), value["currency"])
            items[(kind, str(value) if kind == "dates" else value)] += 1
    return items


def _found_items(engine: Engine, text: str, now: datetime.datetime) -> Counter[tuple[str, object]]:
    entities = engine.analyze(text, now).entities
    found: dict[str, Sequence[Any]] = {kind: list(getattr(entities, kind)) for kind in ENTITY_KINDS}
    found["money"] = [{"amount": m.amount, "currency": m.currency} for m in entities.money]
    found["dates"] = [d.isoformat() for d in entities.dates]
    return _entity_items(found)


def _entity_scores(engine: Engine, lang: str) -> tuple[dict[str, Score], int]:
    rows = dataset.read_jsonl(dataset.entity_file(lang))
    totals = {kind: [0, 0, 0] for kind in (*ENTITY_KINDS, "all")}
    for row in rows:
        now = datetime.datetime.fromisoformat(str(row["now"]))
        gold = _entity_items(cast(EntityRecord, row["entities"]))  # a labelled file's JSON object
        found = _found_items(engine, str(row["text"]), now)
        for kind in ENTITY_KINDS:
            counts = matching(Counter({k: v for k, v in gold.items() if k[0] == kind}), Counter({k: v for k, v in found.items() if k[0] == kind}))
            for index, count in enumerate(counts):
                totals[kind][index] += count
                totals["all"][index] += count
    return {kind: Score.of(*counts) for kind, counts in totals.items()}, len(rows)


def evaluate(policy: Policy, model_dir: Path) -> EvaluationReport:
    """Score intent and category on the held-out fifth of the examples and entities on the labelled files.

    The classifiers scored are trained without the held-out examples (kept in ``model_dir/held-out``).
    """
    pipelines = _ensure(policy, model_dir / HELD_OUT_DIR, held_out_only=True)
    labels = policy.classified_categories
    results = []
    for lang, nlp in pipelines.items():
        engine = Engine(nlp, lang, policy.references.prefix, policy.catalog.products, None,
                        signal_categories={k: c.signals for k, c in policy.categories.items() if c.signals})
        intents = dataset.split(dataset.intents(lang))[1]
        categories = dataset.split(dataset.categories(lang, labels))[1]
        intent_scores = classification(list(dataset.INTENTS), [e.label for e in intents], engine.classify([e.text for e in intents], INTENT))
        category_scores = classification(labels, [e.label for e in categories], engine.classify([e.text for e in categories], CATEGORY))
        entity_scores, sentences = _entity_scores(engine, lang)
        results.append(LanguageEvaluation(lang, intent_scores, category_scores, entity_scores, sentences))
    return EvaluationReport(tuple(results))
