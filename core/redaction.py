"""Personal data a case holds, taken out of a text before a report shows it: the complainant's
name (each word of it), email address and phone, the order number and the case reference. What
the product's language tools find beyond these (:class:`core.ports.Anonymiser`) goes after."""

from __future__ import annotations

import re
from collections.abc import Iterable

# The kinds of personal data a text loses, each shown as "[kind]" (the report names it in the reader's language).
KINDS = ("name", "email", "phone", "order", "reference")
MARK = re.compile(r"\[(" + "|".join(KINDS) + r")\]")
_NAMES = re.compile(r"\[name\](?:[ \t]{1,4}\[name\])+")  # a first name and a surname: one name
_MOST_NAME_WORDS = 6  # "Anna Maria de la Cruz Lopez": a longer "name" is no name
_SHORTEST_NAME = 2  # a one-letter initial says nothing on its own and would blank every "a"


def mark(kind: str) -> str:
    return f"[{kind}]"


def _digits_pattern(phone: str) -> str | None:
    """A phone number however it is written: its last nine digits with any marks between them, and any code before them."""
    digits = re.sub(r"\D", "", phone)[-9:]
    if len(digits) < 7:
        return None
    return r"\+?(?:\d[\s().-]{0,3}){0,5}?" + r"[\s().-]{0,3}".join(digits)  # a country or trunk code before it


def without_known(text: str, *, names: Iterable[str | None] = (), emails: Iterable[str | None] = (),
                  phones: Iterable[str | None] = (), orders: Iterable[str | None] = (),
                  references: Iterable[str | None] = ()) -> str:
    """``text`` with every occurrence (case-insensitive, whole words) of the known values marked."""
    patterns: list[tuple[str, str]] = []
    for email in filter(None, emails):
        patterns.append((re.escape(email), "email"))
    for phone in filter(None, phones):
        found = _digits_pattern(phone)
        if found:
            patterns.append((found, "phone"))
    for kind, values in (("order", orders), ("reference", references)):
        patterns += [(re.escape(value), kind) for value in filter(None, values)]
    for name in filter(None, names):
        words = re.findall(r"[^\W\d_]{1,64}(?:['’-][^\W\d_]{1,64})?", name)[:_MOST_NAME_WORDS]
        patterns += [(re.escape(word), "name") for word in words if len(word) >= _SHORTEST_NAME]
    for pattern, kind in patterns:
        text = re.sub(rf"(?<![\w@.+-]){pattern}(?![\w@-])", mark(kind), text, flags=re.IGNORECASE)
    return _NAMES.sub(mark("name"), text)
