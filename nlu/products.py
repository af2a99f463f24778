"""Products and services as people name them: the policy's catalog (given back by its catalog name)
and a lexicon of goods and services people complain about (``nlu/data/products_<lang>.txt``),
both matched on lemmas ("мобильном приложении", "стиральную машину"). A lexicon match is given
back as the person wrote it, with the brand or model and the few words that say which kind
("Bosch washing machine", "electric kettle", «стиральную машину Bosch»); a word one or two
letters away from a lexicon word («телевизр») is taken for it when nothing else was found.

People mix languages: a Russian message reads the English lexicon's products written in Latin
letters («купил laptop Lenovo»), an English one the Russian lexicon's in Cyrillic ("my новый
холодильник"), each word lemmatized as its own language does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

import numpy
from rapidfuzz import fuzz, process
from spacy.attrs import IS_ALPHA, IS_ASCII
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from nlu.bow import SOURCE_TEXT
from nlu.en_lemmas import lemma_of as english_lemma
from nlu.lemmatize import lemmatized
from nlu.product_phrases import product_phrase
from nlu.ru_lemmas import lemma_of as russian_lemma
from nlu.ru_lemmas import may_be_genitive, part_of_speech
from nlu.spans import Found

_CATALOG, _LEXICON = "catalog", "lexicon"
_TYPO_SCORE = 88  # rapidfuzz ratio: one letter missing or wrong in a word of seven or more
_TYPO_LENGTH = 6
_TYPO_TOKENS = 200  # a product is named early: a long narrative is not searched for near misses to its end
# Words before a lexicon match that say which kind it is.
_KINDS = frozenset({
    "electric", "electrical", "gas", "smart", "new", "brand-new", "wireless", "portable", "cordless", "stainless",
    "steel", "leather", "double", "single", "king", "queen", "corner", "kids", "baby", "gaming", "robot", "induction",
    "combi", "condensing", "integrated", "built-in", "freestanding", "fitted", "mobile", "digital", "second-hand",
    "электрический", "электрическая", "электрическое", "газовый", "газовая", "новый", "новая", "новое", "новую",
    "умный", "беспроводной", "беспроводные", "кожаный", "детский", "детская", "игровой", "встроенный",
})
# Nouns that make a product named before them a kind of thing ("sofa bed", "printer ink").
_HEADS = frozenset({"bed", "set", "ink", "voucher", "installation", "repair", "repairs", "service", "cover", "pass",
                    "plan", "subscription", "package", "kit", "unit", "box", "cartridge", "card", "account",
                    "insurance", "membership", "ticket", "fitting", "charger", "cable", "case", "battery"})
# Nouns in the genitive after a product that do not say what it is of («ремонт вчера утром»).
_NOT_OF = frozenset({"утро", "вечер", "день", "неделя", "месяц", "год", "раз", "время", "час", "минута", "число"})
_RU_PRONOUNS = frozenset({"мой", "твой", "ваш", "наш", "свой", "этот", "тот", "весь", "такой", "который", "какой",
                          "его", "её", "их", "каждый", "любой", "другой", "сам", "самый"})
# Nouns ending in -ing that do not say which kind a product is.
_NOT_KINDS = frozenset({"ceiling", "wedding", "clothing", "bedding", "flooring", "parking", "ring", "king", "thing",
                        "spring", "string", "wing", "nothing", "something", "anything", "everything", "during",
                        "morning", "evening", "building", "according", "including", "regarding", "following", "being"})
_NOT_BRANDS = frozenset({"i", "my", "the", "a", "an", "our", "your", "this", "that", "it", "we", "they", "he",
                         "she", "hi", "hello", "dear", "мой", "моя", "мою", "мои", "я"})
# A lexicon word that is no product where it stands: the room something happened in ("in my kitchen",
# «на кухне»), «за счёт компании» (at its expense), «выставили счёт» (an invoice sent).
_ROOMS = frozenset({"kitchen", "bathroom", "кухня", "ванная"})
_IN = frozenset({"in", "into", "at", "в", "во", "на"})
_NOT_AFTER = {"счёт": frozenset({"за", "выставить", "выставлять"}), "счет": frozenset({"за", "выставить", "выставлять"}),
              "course": frozenset({"of"})}  # "of course"
# A lexicon word whose forms the dictionary mostly reads as another word's: a product only in the
# forms that are its own («душ», «душем»: «души», «душу», «душой» are the soul's).
_ONLY_AS = {"душа": frozenset({"душ", "душем"})}
_OTHER = {"ru": "en", "en": "ru"}
# the letters of the other script (:func:`_in_other_script`), for a Russian message (True) and an English one
_OTHER_SCRIPT = {True: re.compile(r"[A-Za-z]"), False: re.compile(r"[\u0400-\u04ff]")}
_LONG_WORD = re.compile(rf"[^\W\d_]{{{_TYPO_LENGTH}}}")  # letters and a few more (a letter is a word character)


@cache
def _lexicon(lang: str) -> tuple[str, ...]:
    source = resources.files("nlu") / "data" / f"products_{lang}.txt"
    if not source.is_file():
        return ()
    lines = (line.strip() for line in source.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def lexicon_words(lang: str) -> frozenset[str]:
    """Every word of the lexicon's products ("washing", "machine", "kettle"): words that name things."""
    return frozenset(word for product in _lexicon(lang) for word in product.lower().split())


class ProductFinder:
    def __init__(self, nlp: Language, products: list[str]) -> None:
        self._matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._names: dict[int, tuple[str, str]] = {}
        catalog_lemmas = set()
        for index, name in enumerate(products):
            pattern = lemmatized(nlp, name)
            catalog_lemmas.add(" ".join(t.lemma_ for t in pattern))
            self._add(nlp, f"product:{index}", pattern, (_CATALOG, name))
        words: dict[str, str] = {}
        for index, name in enumerate(_lexicon(nlp.lang)):
            pattern = lemmatized(nlp, name)
            if " ".join(t.lemma_ for t in pattern) in catalog_lemmas:
                continue  # the catalog's own name wins
            self._add(nlp, f"lexicon:{index}", pattern, (_LEXICON, name))
            if len(pattern) == 1 and len(name) >= _TYPO_LENGTH:
                words[name.lower()] = name
        self._words = words
        # a near miss keeps a word's first two letters and its length, a letter either way: the
        # lexicon words it may be, by both (a long lexicon would otherwise be scored for every word)
        self._near: dict[tuple[str, int], list[str]] = {}
        for word in words:
            for length in (len(word) - 1, len(word), len(word) + 1):
                self._near.setdefault((word[:2], length), []).append(word)
        # the other language's lexicon, for its words in its own script («купил laptop», "my новый холодильник")
        self._foreign: dict[tuple[str, ...], str] = {}
        self._foreign_longest: dict[str, int] = {}
        lang = nlp.lang or ""
        other = _OTHER.get(lang)
        for name in _lexicon(other) if other else ():
            lemmas = tuple(_foreign_lemma(lang, token) for token in nlp.make_doc(name))
            if lemmas and lemmas not in self._foreign:
                self._foreign[lemmas] = name
                self._foreign_longest[lemmas[0]] = max(len(lemmas), self._foreign_longest.get(lemmas[0], 0))

    def _add(self, nlp: Language, key_name: str, pattern: Doc, meaning: tuple[str, str]) -> None:
        key = nlp.vocab.strings.add(key_name)
        self._names[key] = meaning
        self._matcher.add(key_name, [pattern])

    def find(self, doc: Doc) -> Iterator[Found[str]]:
        matches = self._matcher(doc)
        labels = {(start, end): self._names[key] for key, start, end in matches}
        foreign = self._foreign_matches(doc)
        labels.update(foreign)
        spans = filter_spans([doc[start:end] for _, start, end in matches] + [doc[start:end] for start, end in foreign])
        first = min((span.start for span in spans), default=len(doc))
        near_first = list(self._near_misses(doc, first)) if first > 0 else []
        if near_first:  # «Телевизр Samsung ... ремонт»: the thing named first, with a typo
            yield from near_first
            return
        if not spans:
            # no match: the near misses were just looked for over the same words (``first`` is the
            # doc's length, and both scans stop at _TYPO_TOKENS)
            phrase = product_phrase(doc)
            if phrase is not None:
                yield Found(phrase.start_char, phrase.end_char, phrase.text)
            return
        covered = 0  # a match inside the words an earlier one took ("ремонт кофемашины") is not another product
        found: dict[str, Found[str]] = {}  # by the lexicon's name: a later mention may say which one
        for span in sorted(spans, key=lambda s: s.start):
            if _a_verb(doc, span) or span.start < covered or _not_a_product_here(doc, span):
                continue
            kind, name = labels[(span.start, span.end)]
            if kind == _CATALOG:
                covered = span.end
                found.setdefault(name, Found(span.start_char, span.end_char, name))
                continue
            whole = _with_kind_and_brand(doc, span)
            covered = whole.end
            # one Russian word as declined in its sentence is named as the lexicon names it
            # («интернета», «чайником»: «интернет», «чайник»), and so is one word of the other language
            said = name if len(whole) == 1 and (doc.lang_ == "ru" or (span.start, span.end) in foreign) else whole.text
            earlier = found.get(name)
            # «закрытие счёта ... закрыли мой текущий счёт»: the fuller mention names it, where it was first named
            if earlier is None or len(said.split()) > len(earlier.value.split()):
                found[name] = Found(whole.start_char, whole.end_char, said)
        yield from found.values()

    def _foreign_matches(self, doc: Doc) -> dict[tuple[int, int], tuple[str, str]]:
        """The other language's products in its own script, the longest at each place."""
        found: dict[tuple[int, int], tuple[str, str]] = {}
        lang, after = doc.lang_, 0
        # a word in the other script needs a letter of it (most short messages have none)
        if not self._foreign or not _OTHER_SCRIPT[lang == "ru"].search(doc.user_data.get(SOURCE_TEXT) or doc.text):
            return found
        # the words in the other script, told by the lexeme flags at once (a Python loop over a long
        # narrative's tokens costs more than the matcher)
        flags = doc.to_array([IS_ASCII, IS_ALPHA])
        for at in numpy.flatnonzero((flags[:, 0] == (lang == "ru")) & (flags[:, 1] == 1)).tolist():
            token = doc[at]
            if at < after or not _in_other_script(lang, token):
                continue
            longest = self._foreign_longest.get(_foreign_lemma(lang, token), 0)
            for size in range(min(longest, len(doc) - at), 0, -1):
                name = self._foreign.get(tuple(_foreign_lemma(lang, t) for t in doc[at:at + size]))
                if name is not None:
                    found[(at, at + size)] = (_LEXICON, name)
                    after = at + size
                    break
        return found

    def _near_misses(self, doc: Doc, before: int = _TYPO_TOKENS) -> Iterator[Found[str]]:
        # a word long enough to be a near miss is a run of as many letters (short messages have none)
        if not self._near or not _LONG_WORD.search(doc.user_data.get(SOURCE_TEXT) or doc.text):
            return
        for token in doc[:min(before, _TYPO_TOKENS)]:
            if len(token) < _TYPO_LENGTH or not token.is_alpha:
                continue
            said = token.lower_
            # a typo keeps the word's start and length ("телевизр"); a letter more in front makes
            # another word ("phone" is not an "iphone")
            choices = self._near.get((said[:2], len(said)))
            if not choices:
                continue  # no lexicon word starts so and is as long: nothing to be near
            best = process.extractOne(said, choices, scorer=fuzz.ratio, score_cutoff=_TYPO_SCORE)
            # no typo but the verb of the thing: "won't charge" is no "charger", "stopped print" no "printer"
            if best is not None and not (doc.lang_ == "en" and best[0] == f"{said}r"):
                whole = _with_kind_and_brand(doc, doc[token.i:token.i + 1])
                words = [self._words[best[0]] if t.i == token.i else t.text for t in whole]
                yield Found(whole.start_char, whole.end_char, " ".join(words))
                return


def _in_other_script(lang: str, token: Token) -> bool:
    """A Latin word in a Russian message, a Cyrillic one in an English message."""
    if lang == "ru":
        return token.is_ascii and token.is_alpha
    return not token.is_ascii and token.is_alpha and "\u0400" <= token.text[0] <= "\u04ff"


def _foreign_lemma(lang: str, token: Token) -> str:
    """A word's lemma as the other language reads it (the pipeline's own lemmatizer reads its own script only)."""
    if not _in_other_script(lang, token):
        return token.lower_
    return english_lemma(token.text) if lang == "ru" else russian_lemma(token.text)


def _is_brand(doc: Doc, i: int) -> bool:
    """A brand or model: a capitalised Latin word or a code ("Bosch", "WAN28", "iPhone"); a word
    capitalised only because a sentence starts with it does not count."""
    text = doc[i].text
    if text.isupper() and _shouted(doc):
        return False  # a message in capitals: "YOUR ENGINEER CAME TO REPAIR" names no brand
    if doc[i].lower_ in _NOT_BRANDS or not text.isascii() or not any(c.isalpha() for c in text):
        return False
    if any(c.isdigit() for c in text) or (len(text) > 1 and text[1:] != text[1:].lower()):
        return True
    initial = i == 0 or doc[i - 1].is_space or doc[i - 1].text in (".", "!", "?", ":", ";")
    return text[0].isupper() and not initial


def _a_verb(doc: Doc, span: Span) -> bool:
    """A one-word match used as a verb: "came to repair my boiler", "to cancel"."""
    return doc.lang_ == "en" and len(span) == 1 and span.start > 0 and doc[span.start - 1].lower_ == "to"


def _not_a_product_here(doc: Doc, span: Span) -> bool:
    """A one-word match that names no product where it stands: a verb form ("ceiling repaired",
    "holes drilled"), a room something happened in, «за счёт», «выставили счёт»."""
    if len(span) != 1:
        return False
    token = span[0]
    own = None if token.is_ascii else _ONLY_AS.get(token.lemma_ if doc.lang_ == "ru" else russian_lemma(token.text))
    if own is not None and token.lower_ not in own:
        return True
    if doc.lang_ == "en" and token.lower_.endswith("ed") and not token.lemma_.endswith("ed"):
        return True
    before = doc[max(0, span.start - 2):span.start]
    if token.lemma_ in _ROOMS and any(t.lower_ in _IN for t in before):
        return True
    return any(t.lemma_ in _NOT_AFTER.get(token.lemma_, ()) or t.lower_ in _NOT_AFTER.get(token.lemma_, ()) for t in before)


def _shouted(doc: Doc) -> bool:
    letters = [c for c in doc[:80].text if c.isalpha()]
    return len(letters) > 20 and sum(c.isupper() for c in letters) > 0.7 * len(letters)


def _modifies(doc: Doc, i: int) -> bool:
    """A word before a product that says which kind: a listed kind, a brand, a Russian adjective or
    participle («текущего счёта», «игровое кресло»), an English -ing word ("running shoes")."""
    token = doc[i]
    if token.lower_ in _KINDS or _is_brand(doc, i):
        return True
    if not token.is_alpha or token.lower_ in _NOT_BRANDS:
        return False
    if doc.lang_ == "ru":
        return token.lemma_ not in _RU_PRONOUNS and token.lower_ not in _RU_PRONOUNS \
            and part_of_speech(token.text) in ("ADJF", "PRTF")
    return len(token) > 5 and token.lower_.endswith("ing") and token.lower_ not in _NOT_KINDS


def _genitive_after(doc: Doc, end: int) -> int:
    """The end of the noun phrase in the genitive that follows (adjectives, then a noun), if one does."""
    at = end
    while at < len(doc) and at - end < 2 and doc[at].is_alpha and not doc[at].text.isascii() \
            and part_of_speech(doc[at].text) in ("ADJF", "PRTF") and may_be_genitive(doc[at].text) \
            and doc[at].lemma_ not in _RU_PRONOUNS and doc[at].lower_ not in _RU_PRONOUNS:
        at += 1
    if at < len(doc) and doc[at].is_alpha and not doc[at].text.isascii() and part_of_speech(doc[at].text) == "NOUN" \
            and may_be_genitive(doc[at].text) and doc[at].lemma_ not in _NOT_OF:
        return at + 1
    return end


def _with_kind_and_brand(doc: Doc, span: Span) -> Span:
    start, end = span.start, span.end
    while start > 0 and span.start - start < 2 and _modifies(doc, start - 1):
        start -= 1
    # a compound written with a hyphen: «диван-кровать», "internet-bank"
    if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ \
            and doc[end + 1].is_alpha:
        end += 2
    # what a Russian service is of: «ремонт кофемашины», «установка посудомоечной машины»
    if doc.lang_ == "ru":
        end = _genitive_after(doc, end)
    # an English head noun after the match: "sofa bed", "printer ink", "flight voucher", "garden furniture set"
    if doc.lang_ == "en" and end < len(doc) and doc[end].lower_ in _HEADS:
        end += 1
    while end < len(doc) and end - span.end < 2 and _is_brand(doc, end):
        end += 1
    return doc[start:end]
