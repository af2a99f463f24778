"""Email addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nlu.spans import Found

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])", re.UNICODE)


def find_emails(text: str) -> Iterator[Found[str]]:
    for match in _EMAIL.finditer(text):
        yield Found(match.start(), match.end(), match.group(0).strip(".").lower())
