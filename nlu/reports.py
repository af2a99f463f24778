"""What training and evaluation report back."""

from __future__ import annotations

from dataclasses import dataclass

from nlu.metrics import ClassificationScores, Score

INTENT_ACCURACY_BAR = 0.90
CATEGORY_MACRO_F1_BAR = 0.80
ENTITY_F1_BAR = 0.95
ENTITY_SENTENCES_MIN = 200


@dataclass(frozen=True)
class LanguageTraining:
    lang: str
    intent_examples: int
    category_examples: int
    seconds: float


@dataclass(frozen=True)
class TrainReport:
    languages: tuple[LanguageTraining, ...]
    seconds: float


@dataclass(frozen=True)
class LanguageEvaluation:
    lang: str
    intent: ClassificationScores
    category: ClassificationScores
    entities: dict[str, Score]  # per entity kind, plus "all"
    entity_sentences: int

    @property
    def failures(self) -> list[str]:
        problems = []
        if self.intent.accuracy < INTENT_ACCURACY_BAR:
            problems.append(f"{self.lang}: intent accuracy {self.intent.accuracy:.3f} < {INTENT_ACCURACY_BAR}")
        if self.category.macro_f1 < CATEGORY_MACRO_F1_BAR:
            problems.append(f"{self.lang}: category macro-F1 {self.category.macro_f1:.3f} < {CATEGORY_MACRO_F1_BAR}")
        if self.entities["all"].f1 < ENTITY_F1_BAR:
            problems.append(f"{self.lang}: entity F1 {self.entities['all'].f1:.3f} < {ENTITY_F1_BAR}")
        if self.entity_sentences < ENTITY_SENTENCES_MIN:
            problems.append(f"{self.lang}: only {self.entity_sentences} labelled entity sentences (< {ENTITY_SENTENCES_MIN})")
        return problems


@dataclass(frozen=True)
class EvaluationReport:
    languages: tuple[LanguageEvaluation, ...]

    @property
    def failures(self) -> list[str]:
        return [problem for language in self.languages for problem in language.failures]

    @property
    def passed(self) -> bool:
        return not self.failures
