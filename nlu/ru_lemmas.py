"""A cached pymorphy3 lemmatizer for Russian.

spaCy's own ``pymorphy3`` mode parses every token again (pymorphy3's dictionaries are pure-Python
DAWGs, about half a millisecond a word) and, without a tagger, keeps an ambiguous word as typed,
capital letters included. This one takes the most probable parse's normal form, writes ``ё`` as
``е`` (people type both) and remembers each word form, so a message of known words costs a few
dictionary look-ups.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from nlu.lemmatize import set_lemmas

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer

_CACHE_SIZE = 200_000


@lru_cache(maxsize=1)
def _morph() -> MorphAnalyzer:
    from pymorphy3 import MorphAnalyzer

    return MorphAnalyzer(lang="ru")


@lru_cache(maxsize=_CACHE_SIZE)
def lemma_of(word: str) -> str:
    lower = word.lower().replace("ё", "е")
    if not any("\u0400" <= char <= "\u04ff" for char in lower):
        return lower
    parses = _morph().parse(lower)
    return parses[0].normal_form.replace("ё", "е") if parses else lower


@Language.component("complaintdesk_ru_lemmatizer")
def ru_lemmatizer(doc: Doc) -> Doc:
    return set_lemmas(doc, lemma_of)


@lru_cache(maxsize=4096)
def is_person_name(word: str) -> bool:
    """Whether a Russian word reads as a first name, a surname or a patronymic («Зоя», «Кирилл»)."""
    lower = word.lower()
    if not any("\u0400" <= char <= "\u04ff" for char in lower):
        return False
    return any({"Name", "Surn", "Patr"} & set(parse.tag.grammemes) for parse in _morph().parse(lower))


@lru_cache(maxsize=4096)
def is_place_name(word: str) -> bool:
    """Whether a Russian word reads as the name of a place («Казань», «Химках», «Воронеж»)."""
    lower = word.lower()
    if not any("\u0400" <= char <= "\u04ff" for char in lower):
        return False
    return any("Geox" in parse.tag.grammemes for parse in _morph().parse(lower))


@lru_cache(maxsize=_CACHE_SIZE)
def part_of_speech(word: str) -> str:
    """The most probable part of speech of a Russian word (pymorphy3's tag: NOUN, ADJF, VERB, ...), "" if none."""
    parses = _morph().parse(word.lower())
    return str(parses[0].tag.POS or "") if parses else ""


@lru_cache(maxsize=_CACHE_SIZE)
def may_be_genitive(word: str) -> bool:
    """Whether a Russian word can be read in the genitive («кофемашины», «посудомоечной»)."""
    return any(parse.tag.case == "gent" for parse in _morph().parse(word.lower()))


@lru_cache(maxsize=_CACHE_SIZE)
def is_known_word(word: str) -> bool:
    """Whether the Russian dictionary knows ``word`` (any form): «жалобу» yes, «фывапролд» no."""
    return bool(_morph().word_is_known(word.lower().replace("ё", "е")))
