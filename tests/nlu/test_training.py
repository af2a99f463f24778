from __future__ import annotations

from pathlib import Path

from config.policy import Policy
from nlu.analyzer import Analyzer
from nlu.reports import ENTITY_SENTENCES_MIN, EvaluationReport
from nlu.train_and_evaluate import train
from tests.support.nlu import NOW

SAMPLES = ["my parcel never arrived", "hello", "what's the status?", "с меня дважды списали деньги", "спасибо", "отмена"]


def _predictions(analyzer: Analyzer) -> list[tuple[str, float, str, float]]:
    results = [analyzer.analyze(text, now=NOW) for text in SAMPLES]
    return [(a.intent, a.intent_confidence, a.category, a.category_confidence) for a in results]


def test_training_is_deterministic(policy: Policy, tmp_path: Path, analyzer: Analyzer) -> None:
    report = train(policy, tmp_path, seed=0)
    assert {lang.lang for lang in report.languages} == set(policy.languages.supported)
    assert _predictions(Analyzer.load(policy, tmp_path)) == _predictions(analyzer)


def test_load_reuses_a_model_that_is_current(policy: Policy, model_dir: Path, analyzer: Analyzer) -> None:
    before = {p: p.stat().st_mtime_ns for p in model_dir.rglob("*") if p.is_file()}
    Analyzer.load(policy, model_dir)
    assert {p: p.stat().st_mtime_ns for p in model_dir.rglob("*") if p.is_file() and p in before} == before


def test_quality_bar(evaluation: EvaluationReport) -> None:
    assert {lang.lang for lang in evaluation.languages} == {"en", "ru"}
    for lang in evaluation.languages:
        assert lang.entity_sentences >= ENTITY_SENTENCES_MIN
    assert evaluation.failures == []
