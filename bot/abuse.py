"""Insults and swearing at the bot or the company, in English and Russian, also spelled to get past
a filter ("f***", "sh1t", "f.u.c.k", "idi0t", «х*й», «cука» with a Latin c, «бляяя»). A message
that is only abuse gets a calm answer; abuse inside a real complaint is the person's anger, and the
complaint goes on (with the ``strong_anger`` signal when it swears).

Words are compared after undoing the usual disguises: digits and symbols that stand for letters,
dots or dashes between letters, Latin letters that look like Cyrillic ones in a Cyrillic word, and
letters repeated for emphasis. A word with letters masked by "*" or "#" is taken for swearing."""

from __future__ import annotations

from functools import lru_cache

from bot import substance

STRONG_ANGER = "strong_anger"
_MOST_WORDS = 60
_CACHED = 50_000  # words seen: people repeat the same few thousand
_TEXTS_CACHED = 64
_HEAD_CHARS = 2000  # only the beginning of a message is looked at
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "@": "a", "$": "s", "5": "s", "7": "t", "!": "i",
                       "v": "u"})
# In a Cyrillic word, Latin letters and digits that look like (or sound like) Cyrillic ones.
_LOOKALIKE = str.maketrans({"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к",
                            "m": "м", "t": "т", "b": "в", "h": "н", "u": "и", "z": "з", "3": "з", "0": "о", "6": "б",
                            "@": "а", "ё": "е", "i": "и", "n": "п", "r": "г"})
_JOINERS = ".-_·•"
_MASKS = "*#"
# Swearing: the beginnings of words (after the disguises are undone, letters squeezed: "fuuuck" -> "fuck").
_SWEAR_STEMS = (
    "fuck", "fuk", "fck", "fcuk", "phuck", "motherfuck", "shit", "bullshit", "cunt", "bitch", "bastard",
    "asshole", "arsehole", "dickhead", "wanker", "twat", "stfu", "wtf", "bollocks",
    "хуй", "хуе", "хуя", "хуи", "нахуй", "нахер", "пизд", "пизж", "ебан", "ебат", "ебал", "ебуч", "еблан", "заеб",
    "уеб", "выеб", "доеб", "наеб", "отъеб", "бля", "сука", "суки", "суку", "сучк", "сучар", "мудак", "мудач", "мудил",
    "гандон", "гондон", "пидор", "пидар", "говн", "дерьм", "жопа", "жопу", "залуп", "херня",
)
_SWEARS = tuple(substance.squeezed(stem) for stem in _SWEAR_STEMS)
# Insults: mild on their own ("useless", «тупой» may describe a blunt knife), abuse when nothing else is said.
_INSULTS = frozenset({
    "idiot", "idiots", "idiotic", "moron", "morons", "stupid", "dumb", "useless", "pathetic", "clown", "clowns",
    "loser", "losers", "scum", "crap", "crappy", "rubbish", "garbage", "trash", "incompetent", "imbecile", "cretin",
    "retard", "retarded", "suck", "sucks", "jerk", "jerks", "damn", "hell", "dick", "dicks", "bloody", "thieves",
    "crooks", "liars", "shut", "off", "screw",
    "идиот", "идиоты", "идиотка", "дебил", "дебилы", "дебильный", "тупой", "тупая", "тупые", "тупица", "урод", "уроды",
    "козел", "козлы", "сволочь", "сволочи", "тварь", "твари", "кретин", "кретины", "придурок", "придурки", "дурак",
    "дураки", "дура", "отстой", "чмо", "лох", "лохи", "бесполезный", "бесполезные", "жулики", "воры", "мошенники",
    "клоуны", "позор", "пошел", "пошли", "иди", "идите", "нах", "заткнись", "отвали", "отвалите",
})
_INSULTING = frozenset(substance.squeezed(word) for word in _INSULTS)
_ADDRESS = frozenset({"bot", "robot", "machine", "chatbot", "company", "people", "guys", "go", "up", "such", "are",
                      "is", "total", "complete", "absolute", "bunch", "lot", "piece", "load", "absolutely",
                      "utterly", "bloody", "off", "ты", "вы", "все", "всё", "какой", "какие", "такой", "такие",
                      "полный", "полные", "просто", "бот", "робот", "компания", "контора", "же", "ну", "к",
                      "черту", "чёрту", "на", "в", "по"})


@lru_cache(maxsize=_CACHED)
def _undisguised(word: str) -> str:
    word = "".join(char for char in word.lower() if char not in _JOINERS)
    cyrillic = sum("\u0400" <= char <= "\u04ff" for char in word)
    word = word.translate(_LOOKALIKE) if cyrillic and cyrillic * 2 >= len(word) else word.translate(_LEET)
    return substance.squeezed(word)


@lru_cache(maxsize=_CACHED)
def _swears(word: str) -> bool:
    plain = word.strip(_MASKS)
    if any(mask in word for mask in _MASKS) and plain and len(word) >= 3:
        return True  # "f***", "sh*t", «х*й»: people mask only what they would not say
    return _undisguised(word).startswith(_SWEARS)


def _tokens(text: str) -> tuple[str, ...]:
    return _head_tokens(text[:_HEAD_CHARS])


@lru_cache(maxsize=_TEXTS_CACHED)
def _head_tokens(head: str) -> tuple[str, ...]:
    """The words of a message's head, disguises kept; :func:`only_abuse` and :func:`swearing`
    read the same message in one turn, so the last few heads are kept."""
    spaced = False
    cleaned = "".join(char if char.isalnum() or char in _MASKS or char in _JOINERS or char in "@$!" else " "
                      for char in head)
    tokens: list[str] = []
    for token in cleaned.split()[:_MOST_WORDS * 4]:
        token = token.strip(_JOINERS + "!") or token
        if len(token) == 1 and token.isalpha() and tokens and tokens[-1].isalpha() and spaced:
            tokens[-1] += token  # letters spaced out: "f u c k"
        else:
            tokens.append(token)
        spaced = len(token) == 1
    return tuple(tokens[:_MOST_WORDS])


def swearing(text: str) -> bool:
    """Whether ``text`` swears (in any disguise)."""
    return any(_swears(token) for token in _tokens(text))


def only_abuse(text: str) -> bool:
    """Insults or swearing and nothing a complaint could be made of: "you are all useless idiots",
    "f*** off", «тупой бот», «иди на х*й»."""
    tokens = _tokens(text)
    abusive = [t for t in tokens if _swears(t) or _undisguised(t) in _INSULTING]
    if not abusive:
        return False
    rest = " ".join(t for t in tokens if t not in abusive and _undisguised(t) not in _ADDRESS)
    return not substance.has_substance(rest)
