"""Decoding body bytes whatever charset was declared (or wrongly declared, or not at all)."""

from __future__ import annotations

import codecs

_CYRILLIC_FALLBACKS = ("windows-1251", "koi8-r", "iso-8859-5")
_FREQUENT = frozenset("оеаинтсрвлкмдпуяы ")


def _known(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip('"').lower()).name
    except LookupError:
        return None


def _russian_score(text: str) -> int:
    """Frequent lower-case Russian letters count for, capitals inside words against."""
    score = 0
    for previous, char in zip(" " + text, text):
        if char in _FREQUENT:
            score += 1
        elif "А" <= char <= "Я" and previous.isalpha():
            score -= 2
    return score


def _guess_single_byte(data: bytes) -> str:
    """The Cyrillic code pages decode any bytes; the one that reads most like Russian prose wins
    (they place lower and upper case differently, so a wrong guess reads as capitals in words)."""
    high = sum(1 for byte in data if byte >= 0xC0)
    latin = sum(1 for byte in data if 0x41 <= byte <= 0x7A)
    if high < latin:  # mostly ASCII letters with a few accents: Western European text
        return data.decode("windows-1252", errors="replace")
    decoded = [data.decode(name) for name in _CYRILLIC_FALLBACKS]
    return max(decoded, key=_russian_score)


def decode_bytes(data: bytes, declared: str | None) -> str:
    """``data`` as text: the declared charset when it fits, else UTF-8, else a Cyrillic or Latin
    single-byte guess. Never raises."""
    charset = _known(declared)
    if charset and charset not in ("ascii", "us-ascii"):
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if charset in (None, "ascii", "us-ascii", "utf-8"):
        return _guess_single_byte(data)
    return data.decode(charset, errors="replace")
