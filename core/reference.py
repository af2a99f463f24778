"""Reference numbers: ``CD-7K3M-9QX1``.

Seven random Crockford base32 characters and one Luhn mod 32 check character. Non-sequential
(35 bits of randomness from ``secrets``), case-insensitive, unambiguous when read aloud (no I, L,
O, U; those typed by mistake are read as 1, 1, 0). The check character catches every
single-character typo and every swap of two neighbours except 0 with Z (Luhn mod N's one blind
spot).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from core.errors import InvalidReference

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {char: index for index, char in enumerate(ALPHABET)}
_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})
BODY_LENGTH = 7
_SEPARATORS = re.compile(r"[\s\-_.]+")


def _check_char(body: str) -> str:
    """Luhn mod N over the base32 alphabet (catches single errors and adjacent transpositions)."""
    factor, total = 2, 0
    for char in reversed(body):
        addend = factor * _VALUE[char]
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return ALPHABET[(32 - total % 32) % 32]


@dataclass(frozen=True, slots=True)
class Reference:
    prefix: str
    body: str

    @property
    def code(self) -> str:
        full = self.body + _check_char(self.body)
        return f"{self.prefix}-{full[:4]}-{full[4:]}"

    def __str__(self) -> str:
        return self.code


def generate(prefix: str = "CD") -> Reference:
    return Reference(prefix, "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH)))


def _characters(text: str, prefix: str) -> str:
    cleaned = _SEPARATORS.sub("", text.strip().upper())
    if cleaned.startswith(prefix) and len(cleaned) == len(prefix) + BODY_LENGTH + 1:
        cleaned = cleaned[len(prefix):]
    return cleaned.translate(_ALIASES)


def parse(text: str, prefix: str = "CD") -> Reference:
    """Read a reference however it was typed; raise InvalidReference (``typo=True`` when only the
    check character disagrees) otherwise."""
    chars = _characters(text, prefix)
    if len(chars) != BODY_LENGTH + 1:
        raise InvalidReference(text, f"a reference has {BODY_LENGTH + 1} characters after {prefix}-, like {prefix}-7K3M-9QX1")
    bad = sorted({c for c in chars if c not in _VALUE})
    if bad:
        raise InvalidReference(text, f"it contains characters that references never use: {', '.join(bad)}")
    body, check = chars[:BODY_LENGTH], chars[BODY_LENGTH]
    if _check_char(body) != check:
        raise InvalidReference(text, "a character seems mistyped (the check character does not match)", typo=True)
    return Reference(prefix, body)


def normalise(text: str, prefix: str = "CD") -> str:
    return parse(text, prefix).code


def near_misses(text: str, prefix: str = "CD") -> list[str]:
    """Valid references one typo away from ``text`` (one character changed, or two neighbours
    swapped): candidates for "did you mean ...?"."""
    chars = _characters(text, prefix)
    if len(chars) != BODY_LENGTH + 1 or any(c not in _VALUE for c in chars):
        return []
    candidates: set[str] = set()
    for i in range(len(chars)):
        for replacement in ALPHABET:
            if replacement != chars[i]:
                candidates.add(chars[:i] + replacement + chars[i + 1:])
    for i in range(len(chars) - 1):
        candidates.add(chars[:i] + chars[i + 1] + chars[i] + chars[i + 2:])
    valid = []
    for candidate in sorted(candidates):
        body = candidate[:BODY_LENGTH]
        if _check_char(body) == candidate[BODY_LENGTH]:
            valid.append(Reference(prefix, body).code)
    return valid
