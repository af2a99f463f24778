"""Which language a message is in: Cyrillic against Latin letters, and Russian typed in Latin
letters (:mod:`nlu.translit`) told from English."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlu.translit import looks_transliterated, to_cyrillic

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# A whole token, tried from its first character only: started anywhere inside a long token, the
# scan for a digit would run to the token's end from every position (quadratic).
_SKIP = re.compile(r"(?<!\S)\S*[@/\d]\S*")
_NEITHER = re.compile("[^\u0000-\u007f\u0400-\u04ff]")  # a letter neither Latin nor Cyrillic
_RU_SHARE = 0.4
# A message says its language clearly when it has this many words and this share of its letters
# in one script: "ok", "Bosch" or "yes, согласен" do not.
_CLEAR_WORDS = 5
_CLEAR_SHARE = 0.85


@dataclass(frozen=True)
class Script:
    """The letters of a message: how many Cyrillic, how many Latin, in how many words."""

    cyrillic: int
    latin: int
    words: int

    @property
    def letters(self) -> int:
        return self.cyrillic + self.latin


def _script(text: str) -> Script:
    words = _WORD.findall(_SKIP.sub(" ", text))
    letters = "".join(words)
    latin = len(letters.encode("ascii", "ignore"))  # the ASCII letters
    return Script(len(letters) - latin - len(_NEITHER.findall(letters)), latin, len(words))


def detect_language(text: str) -> str | None:
    """``"ru"`` or ``"en"`` by the share of Cyrillic letters, Latin-script Russian being ``"ru"``;
    ``None`` when the text has no letters.

    Tokens with digits, ``@`` or ``/`` (references, emails, links) do not count.
    """
    script = _script(text)
    if script.letters == 0:
        return None
    if script.cyrillic / script.letters >= _RU_SHARE:
        return "ru"
    return "ru" if looks_transliterated(text) else "en"


def clear_language(text: str) -> str | None:
    """The language of a message that is clearly in one; ``None`` for a short or a mixed one.

    Cyrillic alone is Russian at any length («привет»); Latin letters may be a name, a brand or an
    "ok" in any conversation, and say English (or Latin-script Russian) only in several words.
    """
    script = _script(text)
    if script.letters == 0:
        return None
    if script.cyrillic / script.letters >= _CLEAR_SHARE:
        return "ru"
    if script.words >= _CLEAR_WORDS and script.latin / script.letters >= _CLEAR_SHARE:
        return "ru" if looks_transliterated(text) else "en"
    return None


@dataclass(frozen=True)
class Reading:
    """How a message is read: in which language, and the text the pipeline is given."""

    lang: str | None
    text: str
    transliterated: bool = False


def reading(text: str, expected: str | None = None) -> Reading:
    """The message's language and, for Russian in Latin letters, its Cyrillic form.

    :param expected: the conversation's language: in a Russian one, a single Latin word that spells
        a Russian one ("pylesos") is read as Russian.
    """
    script = _script(text)
    if script.letters == 0:
        return Reading(None, text)
    if script.cyrillic / script.letters >= _RU_SHARE:
        return Reading("ru", text)
    if looks_transliterated(text, expected=expected == "ru"):
        return Reading("ru", to_cyrillic(text), transliterated=True)
    return Reading("en", text)
