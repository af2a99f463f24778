"""Products and services from the policy's catalog, matched on lemmas ("мобильном приложении")."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from nlu.lemmatize import lemmatized
from nlu.spans import Found


class ProductFinder:
    def __init__(self, nlp: Language, products: list[str]) -> None:
        self._matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._names: dict[int, str] = {}
        for index, name in enumerate(products):
            key = nlp.vocab.strings.add(f"product:{index}")
            self._names[key] = name
            self._matcher.add(f"product:{index}", [lemmatized(nlp, name)])

    def find(self, doc: Doc) -> Iterator[Found[str]]:
        spans = [doc[start:end] for _, start, end in self._matcher(doc)]
        labels = {(start, end): key for key, start, end in self._matcher(doc)}
        for span in sorted(filter_spans(spans), key=lambda s: s.start):
            yield Found(span.start_char, span.end_char, self._names[labels[(span.start, span.end)]])
