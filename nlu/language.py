"""Which language a message is in: Cyrillic against Latin letters."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# A whole token, tried from its first character only: started anywhere inside a long token, the
# scan for a digit would run to the token's end from every position (quadratic).
_SKIP = re.compile(r"(?<!\S)\S*[@/\d]\S*")
_RU_SHARE = 0.4


def detect_language(text: str) -> str | None:
    """``"ru"`` or ``"en"`` by the share of Cyrillic letters; ``None`` when the text has no letters.

    Tokens with digits, ``@`` or ``/`` (references, emails, links) do not count.
    """
    cyrillic = latin = 0
    for word in _WORD.findall(_SKIP.sub(" ", text)):
        for char in word:
            if "\u0400" <= char <= "\u04ff":
                cyrillic += 1
            elif char.isascii():
                latin += 1
    if cyrillic + latin == 0:
        return None
    return "ru" if cyrillic / (cyrillic + latin) >= _RU_SHARE else "en"
