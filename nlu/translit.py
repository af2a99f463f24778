"""Russian typed in Latin letters ("zakaz ne prishel, hochu vernut dengi"): told from English, and
written back in Cyrillic so that the Russian pipeline reads it.

People transliterate informally and inconsistently ("zh"/"j", "kh"/"h", "sch"/"shch", "ya"/"ja",
"4" for «ч», the soft sign left out), so a word is read as a few Cyrillic candidates, in order of
how usual each spelling is, and the first one the Russian dictionary (pymorphy3) knows is taken.

Telling it from English is cheap for ordinary text: a message is looked at only when it has a word
of the common translit lexicon, and stays English when common English words outnumber it.
English words, brand names, capitalised names and anything with digits, ``@`` or ``/`` are kept as
written; a place is written back in Cyrillic.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING

from nlu.translit_lexicon import BRANDS, ENGLISH_WORDS, RUSSIAN_WORDS

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer

# Latin words, with an apostrophe for the soft sign and "4" for «ч» inside them ("ho4u", "4to").
_WORD = re.compile(r"(?<![\w@'’])(?:[A-Za-z]|4(?=[a-z]))(?:[A-Za-z'’]|4){0,39}(?![\w@])")
_MAX_WORD = 40
_LATIN_WORD = re.compile(r"[A-Za-z](?:[A-Za-z]|['’](?=[A-Za-z])){0,39}")
_NOT_WORDS = re.compile(r"(?<!\S)\S*[@/\d]\S*")  # addresses, links, numbers: tried from a token's start only
# A whole whitespace run with an address or a link in it is kept as it is.
_KEPT_RUN = re.compile(r"(?<!\S)\S{0,300}?(?:@|/|www\.)\S{0,300}")
_MIN_RUSSIAN_SHARE = 0.6
_MAX_CHECKED = 80  # words looked up in the dictionary to decide: a long English text is told early
_MAX_CANDIDATES = 24
_NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})

# Latin letter groups and what they stand for, the usual reading first; the longest group is read first.
_VOWELS = "aeiouy"
_GROUPS: dict[str, tuple[str, ...]] = {
    "shch": ("щ",), "sch": ("щ", "сч"), "tsya": ("тся", "ться"), "tsa": ("ца", "тся", "ться"),
    "zh": ("ж", "зх"), "kh": ("х", "кх"), "ch": ("ч",), "sh": ("ш", "сх"), "ts": ("ц", "тс", "тьс"),
    "ya": ("я", "ья", "ыя"), "ja": ("я", "ья"), "yu": ("ю", "ью"), "ju": ("ю", "ью"), "yo": ("ё", "йо", "ьо"),
    "jo": ("ё", "йо"), "ye": ("е", "ье", "ые"), "je": ("е", "ье"), "iy": ("ий", "ый"), "yy": ("ый", "ий"),
    "ii": ("ии", "ий"), "ei": ("ей", "еи"), "ai": ("ай", "аи"), "oi": ("ой", "ои"), "ui": ("уй", "уи"),
    "a": ("а",), "b": ("б",), "c": ("ц", "к"), "d": ("д",), "e": ("е", "э"), "f": ("ф",), "g": ("г",), "h": ("х",),
    "i": ("и", "ы", "й"), "j": ("й", "ж"), "k": ("к",), "l": ("л",), "m": ("м",), "n": ("н",), "o": ("о",),
    "p": ("п",), "q": ("к",), "r": ("р",), "s": ("с",), "t": ("т",), "u": ("у", "ю"), "v": ("в",), "w": ("в", "ш"),
    "x": ("кс", "х"), "y": ("ы", "й"), "z": ("з",), "'": ("ь", "ъ"), "’": ("ь", "ъ"), "4": ("ч",),
}
_LONGEST = max(len(group) for group in _GROUPS)
_SOFTENED = frozenset("лнтдсзрмвпбкчшж")  # consonants after which a left-out soft sign is tried


def _morph() -> MorphAnalyzer:
    from nlu.ru_lemmas import _morph as shared

    return shared()


def _segments(word: str) -> list[tuple[str, ...]]:
    """The word as letter groups, each with its readings (longest group first, by position)."""
    out: list[tuple[str, ...]] = []
    index = 0
    while index < len(word):
        for size in range(min(_LONGEST, len(word) - index), 0, -1):
            group = word[index : index + size]
            options = _GROUPS.get(group)
            if options is None:
                continue
            previous = word[index - 1] if index else ""
            if group == "y" and (previous in _VOWELS or index == 0):
                options = ("й", "ы")  # "moy", "dobryy": after a vowel "y" is «й»
            elif group == "e" and index == 0:
                options = ("э", "е") if word.startswith(("et", "ek", "el", "ex")) else ("е", "э")
            elif group in ("ya", "yu", "yo", "ye") and (index == 0 or previous in _VOWELS):
                options = options[:1]
            out.append(options)
            index += size
            break
        else:
            out.append((word[index],))
            index += 1
    return out


def _with_soft_signs(segments: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """A soft sign may have been left out after a consonant before a consonant or at the end ("dengi")."""
    out: list[tuple[str, ...]] = []
    for position, options in enumerate(segments):
        out.append(options)
        following = segments[position + 1][0] if position + 1 < len(segments) else ""
        if options[0] in _SOFTENED and (not following or following[0] not in "аеёиоуыэюяьъй"):
            out.append(("", "ь"))
    return out


def _candidates(word: str) -> list[str]:
    """Cyrillic readings of a lower-case Latin word, the most usual first; at most two unusual choices."""
    segments = _with_soft_signs(_segments(word))
    default = [options[0] for options in segments]
    found = ["".join(default)]
    ambiguous = [i for i, options in enumerate(segments) if len(options) > 1]
    for changes in (1, 2):
        for places in combinations(ambiguous, changes):
            choices: list[list[str]] = [[]]
            for place in places:
                choices = [chosen + [alt] for chosen in choices for alt in segments[place][1:]]
            for chosen in choices:
                spelled = list(default)
                for place, alt in zip(places, chosen):
                    spelled[place] = alt
                found.append("".join(spelled))
                if len(found) >= _MAX_CANDIDATES:
                    return found
    return found


@lru_cache(maxsize=50_000)
def russian_word(word: str) -> str | None:
    """The Russian word a Latin word spells, when the dictionary knows one of its readings."""
    lower = word.lower()
    if lower in RUSSIAN_WORDS:
        return RUSSIAN_WORDS[lower]
    morph = _morph()
    return next((candidate for candidate in _candidates(lower) if morph.word_is_known(candidate)), None)


def _is_name(cyrillic: str) -> bool:
    return any(tag in parse.tag for parse in _morph().parse(cyrillic)[:2] for tag in _NAME_TAGS)


def _is_place(cyrillic: str) -> bool:
    """A town or a street as a sentence names it: "v Himkah", "na Nevskom", "v Voronezhe" are
    written back in Cyrillic so that places are read; a person's name stays as spelled."""
    best = _morph().parse(cyrillic)[0].tag
    return "Geox" in best or (best.case == "loct" and "Name" not in best and "Patr" not in best)


@lru_cache(maxsize=50_000)
def _converted(word: str) -> str:
    lower = word.lower()
    if lower in RUSSIAN_WORDS:
        cyrillic = RUSSIAN_WORDS[lower]
    else:
        if lower in ENGLISH_WORDS or lower in BRANDS or any(c.isupper() for c in word[1:]):
            return word  # "ok", "Bosch", "iPhone", "USB"
        known = russian_word(lower)
        if word[0].isupper() and (known is None or _is_name(known) and not _is_place(known)):
            return word  # a name or a brand as the person spelled it
        cyrillic = known or "".join(options[0] for options in _segments(lower))
    if word.isupper() and len(word) > 1:
        return cyrillic.upper()
    return cyrillic[0].upper() + cyrillic[1:] if word[0].isupper() else cyrillic


def _word(match: re.Match[str]) -> str:
    word = match.group()
    if len(word) >= _MAX_WORD:
        return word  # part of a long run of letters: no word
    quoted = match.start() > 0 and match.string[match.start() - 1] in "'’"
    if quoted and word[-1] in "'’":  # 'zakaz': the apostrophes are quotes, not soft signs
        return _converted(word[:-1]) + word[-1]
    return _converted(word)


def to_cyrillic(text: str) -> str:
    """The text with its Latin-script Russian words in Cyrillic; everything else as written."""
    out: list[str] = []
    start = 0
    for kept in _KEPT_RUN.finditer(text):
        out.append(_WORD.sub(_word, text[start : kept.start()]))
        out.append(kept.group())
        start = kept.end()
    out.append(_WORD.sub(_word, text[start:]))
    return "".join(out)


def looks_transliterated(text: str, *, expected: bool = False) -> bool:
    """Whether a text in Latin letters is Russian: its words are common translit words or spell
    Russian words, and common English words do not outnumber them.

    Without a common translit word, every other lower-case word must spell a Russian one, and two
    at least: the dictionary knows "set", "accept" and many names. One is enough when Russian is
    ``expected`` (the conversation is in Russian): "pylesos" answering «О каком товаре речь?».
    """
    russian = english = 0
    unknown: list[str] = []
    for match in _LATIN_WORD.finditer(_NOT_WORDS.sub(" ", text)):
        word = match.group().lower().replace("’", "'")
        if word in RUSSIAN_WORDS:
            russian += 1
        elif word in ENGLISH_WORDS:
            english += 1
        elif len(word) >= 3 and word not in BRANDS and len(unknown) < _MAX_CHECKED:
            if match.group()[0].isupper():
                continue  # a name or a brand says nothing about the language
            else:
                unknown.append(word)
    if (russian == 0 and english > 0) or english >= 2 * russian + 2:
        return False  # the dictionary is not consulted for ordinary English
    spelled = sum(russian_word(word) is not None for word in unknown)
    if russian == 0:
        return spelled >= (1 if expected else 2) and spelled == len(unknown)
    russian += spelled
    english += len(unknown) - spelled
    return russian / (russian + english) >= _MIN_RUSSIAN_SHARE
