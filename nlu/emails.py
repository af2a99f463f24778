"""Email addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nlu.spans import Found

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])", re.UNICODE)
MAX_LENGTH = 254  # RFC 5321: no mailbox has a longer address (and a case's email column holds 320)


def find_emails(text: str) -> Iterator[Found[str]]:
    for match in _EMAIL.finditer(text):
        if match.end() - match.start() <= MAX_LENGTH:
            yield Found(match.start(), match.end(), match.group(0).strip(".").lower())
