"""What NLU finds in the CFPB complaint narratives: categories against CFPB's labels, entities, urgency."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from nlu.analyzer import Analyzer
from nlu.cfpb import read_narratives
from nlu.dataset import category_file, read_jsonl

_NOW = datetime.datetime(2020, 12, 31, 12, 0)


@dataclass
class CorpusReport:
    narratives: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    intents: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    category_by_product: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    mapped_agreement: tuple[int, int] = (0, 0)  # (agreeing, mapped) on narratives not used for training
    entity_counts: Counter[str] = field(default_factory=Counter)
    urgency_counts: Counter[str] = field(default_factory=Counter)

    def render(self) -> str:
        lines = [f"CFPB narratives analysed: {self.narratives}", f"languages detected: {dict(self.languages)}",
                 f"intents: {dict(self.intents.most_common())}", f"categories: {dict(self.categories.most_common())}"]
        agreeing, mapped = self.mapped_agreement
        if mapped:
            lines.append(f"category agrees with the mapped CFPB issue on {agreeing}/{mapped} unseen narratives ({agreeing / mapped:.0%})")
        lines.append("category by CFPB product:")
        for product, counts in sorted(self.category_by_product.items()):
            lines.append(f"  {product}: {dict(counts.most_common())}")
        lines.append(f"entities (total found): {dict(self.entity_counts)}")
        lines.append(f"urgency signals (narratives with each): {dict(self.urgency_counts.most_common())}")
        return "\n".join(lines)


def corpus_report(analyzer: Analyzer, corpus: Path) -> CorpusReport:
    """Run every narrative of ``corpus`` (a CFPB jsonl file) through ``analyzer``."""
    trained_on = {str(row["text"]) for row in read_jsonl(category_file("en"))}
    report = CorpusReport()
    agreeing = mapped = 0
    for narrative in read_narratives(corpus):
        analysis = analyzer.analyze(narrative.text, now=_NOW)
        report.narratives += 1
        report.languages[analysis.lang] += 1
        report.intents[analysis.intent] += 1
        report.categories[analysis.category] += 1
        report.category_by_product[narrative.product][analysis.category] += 1
        if narrative.category and narrative.text not in trained_on:
            mapped += 1
            agreeing += analysis.category == narrative.category
        for kind in ("references", "order_numbers", "emails", "phones", "money", "dates", "products"):
            report.entity_counts[kind] += len(getattr(analysis.entities, kind))
        report.urgency_counts.update(analysis.urgency_signals)
    report.mapped_agreement = (agreeing, mapped)
    return report
