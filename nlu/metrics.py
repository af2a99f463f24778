"""Precision, recall, F1 and confusion matrices."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    support: int

    @classmethod
    def of(cls, true_positives: int, false_positives: int, false_negatives: int) -> Score:
        precision = true_positives / (true_positives + false_positives) if true_positives + false_positives else 0.0
        recall = true_positives / (true_positives + false_negatives) if true_positives + false_negatives else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1, true_positives + false_negatives)


@dataclass(frozen=True)
class ClassificationScores:
    labels: tuple[str, ...]
    accuracy: float
    per_label: dict[str, Score]
    confusion: dict[str, dict[str, int]]  # gold label -> predicted label -> count

    @property
    def macro_f1(self) -> float:
        supported = [score.f1 for score in self.per_label.values() if score.support]
        return sum(supported) / len(supported) if supported else 0.0


def classification(labels: list[str], gold: list[str], predicted: list[str]) -> ClassificationScores:
    confusion = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    per_label = {}
    for label in labels:
        tp = confusion[label][label]
        fp = sum(confusion[g][label] for g in labels if g != label)
        fn = sum(confusion[label][p] for p in labels if p != label)
        per_label[label] = Score.of(tp, fp, fn)
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    return ClassificationScores(tuple(labels), correct / len(gold) if gold else 0.0, per_label, confusion)


def matching(gold: Counter[object], predicted: Counter[object]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of two multisets."""
    true_positives = sum((gold & predicted).values())
    return true_positives, sum(predicted.values()) - true_positives, sum(gold.values()) - true_positives
