"""Whether a message says something: a story must hold words, not keyboard mashing ("asdfgh",
«фывапролд»), laughter ("lol", «ахаха»), fillers ("test", «ыыы»), punctuation or emoji only.

A word counts when it is a content word (no filler, no function word) that reads as a word: in
Cyrillic, one the Russian dictionary knows (pymorphy3, shipped with the NLU); in Latin script
(English, or Russian transliterated), one that has a vowel, no long run of consonants, and is
not mostly a run of neighbouring keys of one keyboard row. No list of nonsense examples is kept."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nlu.ru_lemmas import is_known_word

_WORD = re.compile(r"[^\W\d_]++")
_MAX_WORDS = 60  # no more words are looked at: one content word among them is enough
_LONG_CHARS = 500  # a message this long is something told (a paste, a narrative), whatever its words
_LATIN_VOWELS = frozenset("aeiouy")
_MAX_CONSONANTS = 4  # "strengths" has 5, but nonsense runs longer far more often
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_ROW_OF = {key: (row, position) for row, keys in enumerate(_KEY_ROWS) for position, key in enumerate(keys)}
_MASHED_SHARE = 0.8  # of a word's letter pairs, neighbours on one keyboard row
# Fillers: laughter, hesitation, chat noise, testing. Laughter is also caught by its shape below.
FILLERS = frozenset({
    "lol", "lmao", "lmfao", "rofl", "haha", "hehe", "hihi", "ha", "he", "hm", "hmm", "mm", "uh", "um", "er", "erm",
    "eh", "ah", "oh", "ooh", "wow", "omg", "test", "testing", "tests", "blah", "yo", "xd", "ok", "okay", "k", "kk", "idk",
    "asdf", "qwerty", "abc", "xyz", "foo", "bar", "la", "na", "meh", "huh", "hey", "sup",
    "лол", "ахах", "хаха", "хех", "хи", "ха", "ммм", "мм", "хм", "эм", "эээ", "ээ", "ааа", "ой", "ай", "ок", "окей",
    "тест", "тестирование", "проверка", "бла", "ыы", "ага", "угу", "кек", "ору", "xa", "xaxa", "ах", "аха", "хе",
    "хи", "ja", "ke",
})
# Words that say nothing by themselves: pronouns, articles, auxiliaries, prepositions, particles.
FUNCTION_WORDS = frozenset({
    "i", "me", "my", "you", "u", "your", "ur", "we", "us", "our", "they", "them", "it", "its", "this", "that", "these",
    "those", "a", "an", "the", "is", "are", "am", "was", "were", "be", "been", "do", "does", "did", "have", "has",
    "had", "to", "of", "in", "on", "at", "for", "with", "and", "or", "but", "so", "not", "no", "yes", "all", "just",
    "what", "who", "why", "how", "s", "t", "m", "re", "ll", "d", "ve", "there", "here", "again", "really", "very",
    "я", "меня", "мне", "мой", "моя", "ты", "тебя", "тебе", "вы", "вас", "вам", "ваш", "мы", "нас", "нам", "они",
    "их", "он", "она", "оно", "это", "этот", "эта", "то", "тот", "и", "а", "но", "или", "не", "нет", "да", "в", "на",
    "с", "со", "к", "по", "за", "из", "у", "о", "же", "ли", "бы", "вот", "все", "всё", "так", "как", "что", "кто",
    "там", "тут", "еще", "ещё", "уже", "вообще", "просто", "очень", "ну", "мою", "моя", "моё", "мое", "моей", "моего",
    "моему", "моим", "моих", "мои", "вашей", "вашего", "ваша", "ваше", "наш", "наша", "нашей", "какой", "какая",
    "какое", "какие", "каков", "по", "для", "от", "до", "об", "про", "при", "где", "когда", "which", "where", "when",
    "please", "pls", "plz", "of", "about", "any", "some", "is", "пожалуйста", "плз",
})


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning: known or word-like, neither filler nor function word."""
    return [word for word in _words(text) if _meaningful(word)]


def has_substance(text: str) -> bool:
    """True when ``text`` says something a complaint could be made of (at least one content word)."""
    return len(text) > _LONG_CHARS or any(_meaningful(word) for word in _words(text))


def _words(text: str) -> Iterator[str]:
    return (found.group(0).lower().replace("ё", "е") for _, found in zip(range(_MAX_WORDS), _WORD.finditer(text)))


def _meaningful(word: str) -> bool:
    if len(word) < 2 or word in FILLERS or word in FUNCTION_WORDS or _laughter(word):
        return False
    if squeezed(word) in FILLERS:  # "loool", "ыыыы", "okkk"
        return False
    if any("\u0400" <= char <= "\u04ff" for char in word):
        return is_known_word(word)
    return _word_like(word)


def squeezed(word: str) -> str:
    """Runs of one letter made one: "loool" -> "lol"."""
    return "".join(char for i, char in enumerate(word) if i == 0 or char != word[i - 1])


def _laughter(word: str) -> bool:
    """One letter or two repeated: "aaaa", «ыыыы», and, when they begin like a filler, laughter
    ("lolol", "hahaha", «ахахах», "jajaja"); "mama" is a word."""
    if len(word) < 3:
        return False
    for period in (1, 2):
        if all(char == word[i % period] for i, char in enumerate(word)):
            return period == 1 or word[:2] in FILLERS or word[:3] in FILLERS
    return False


def _word_like(word: str) -> bool:
    if not _LATIN_VOWELS & set(word) or _mashed(word):
        return False
    run = longest = 0
    for char in word:
        run = 0 if char in _LATIN_VOWELS else run + 1
        longest = max(longest, run)
    return longest <= _MAX_CONSONANTS


def _mashed(word: str) -> bool:
    """Most of the word's letter pairs are neighbouring keys of one row: "asdfgh", "qwerty"."""
    if len(word) < 4:
        return False
    pairs = list(zip(word, word[1:]))
    neighbours = 0
    for first, second in pairs:
        a, b = _ROW_OF.get(first), _ROW_OF.get(second)
        if a and b and a[0] == b[0] and abs(a[1] - b[1]) == 1:
            neighbours += 1
    return neighbours / len(pairs) >= _MASHED_SHARE
