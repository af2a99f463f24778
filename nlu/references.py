"""Case reference numbers such as ``CD-7K3M-9QXA``, however loosely they are typed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nlu.spans import Found

_CHARS = "0-9A-HJ-NP-TV-Z"  # Crockford base32 plus I, L, O which decode to 1, 1, 0
_TYPO = str.maketrans({"I": "1", "L": "1", "O": "0"})


class ReferenceFinder:
    """Finds references with the policy's prefix and returns them as ``PREFIX-XXXX-XXXX``."""

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix.upper()
        self._pattern = re.compile(
            rf"(?<![0-9A-Za-z]){re.escape(prefix)}[\s-]?([{_CHARS}]{{4}})[\s-]?([{_CHARS}]{{4}})(?![0-9A-Za-z])",
            re.IGNORECASE,
        )

    def find(self, text: str) -> Iterator[Found[str]]:
        for match in self._pattern.finditer(text):
            body = (match.group(1) + match.group(2)).upper()
            if "-" not in match.group(0) and not any(char.isdigit() for char in body):
                continue  # "cd" followed by eight letters is far more often a word than a reference
            yield Found(match.start(), match.end(), f"{self._prefix}-{body[:4].translate(_TYPO)}-{body[4:].translate(_TYPO)}")
