from __future__ import annotations

from nlu.analyzer import Analyzer
from nlu.cfpb import read_narratives
from nlu.corpus_report import corpus_report
from tests.support.corpora import Corpora
from tests.support.nlu import NOW

CFPB = "complaints-en/cfpb.jsonl"


def test_every_cfpb_narrative_is_analysed_sanely(analyzer: Analyzer, policy, corpora: Corpora) -> None:  # type: ignore[no-untyped-def]
    narratives = read_narratives(corpora / CFPB)
    assert len(narratives) >= 300
    for narrative in narratives:
        analysis = analyzer.analyze(narrative.text, now=NOW)
        assert analysis.lang == "en"
        assert analysis.category in policy.categories
        assert 0.0 <= analysis.intent_confidence <= 1.0 and 0.0 <= analysis.category_confidence <= 1.0
        assert all(date <= NOW.date() for date in analysis.entities.dates)
        assert all(money.amount >= 0 and len(money.currency) == 3 for money in analysis.entities.money)
        assert all(ref.startswith("CD-") for ref in analysis.entities.references)


def test_corpus_report(analyzer: Analyzer, corpora: Corpora) -> None:
    report = corpus_report(analyzer, corpora / CFPB)
    assert report.narratives == sum(report.categories.values())
    assert "category by CFPB product" in report.render()
