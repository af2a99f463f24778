"""A pattern tried only near the words it cannot match without.

A pattern that starts with alternatives (or a look-behind) is tried at every position of a text:
a few tenths of a millisecond each over a 5,000-character narrative. :class:`Near` finds the
words every match must contain (a substring search in C) and runs the pattern only in windows
around them, with the same matches as ``pattern.finditer(text)``:

* every match contains one of :attr:`Near.words` and, as long as no run of white space is longer
  than :data:`SPACES` and none of word characters longer than :data:`WORDS`, starts at most :attr:`Near.before` characters
  before that word's start and reads (look-aheads included) no further than :attr:`Near.after`
  characters after it. Each window is checked for such a run, and the whole text is scanned when
  one has one, so the bounds always hold where they are relied on;
* a window ends a character beyond the furthest a match may read: the end of a search
  (``endpos``) reads as the end of the text to ``\\b`` and ``(?!\\w)``, so nothing that matches
  only because the window ends there can be found; its start (``pos``) is no such edge, as
  look-behinds see the text before it.

Words are found in the lower-case text, which is only the text as ``re.IGNORECASE`` reads it
when lowering keeps every character one character and none of :data:`_FOLDED` (letters the
engine takes for another letter whose lower case they are not) is there; otherwise the whole text
is scanned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

SPACES = 8  # the longest run of white space the bounds of a Near assume
WORDS = 24  # and of word characters
_LONG_RUN = re.compile(rf"\s{{{SPACES + 1}}}|\w{{{WORDS + 1}}}")
# Characters re.IGNORECASE matches to a Latin or Cyrillic letter they do not lower-case to
# (tests/nlu/test_near.py finds them all).
_FOLDED = re.compile("[\u0130\u0131\u017f\u1c80-\u1c88]")


def lowered(text: str) -> str | None:
    """``text.lower()``, or ``None`` when it would not show where a :class:`Near`'s words are."""
    lower = text.lower()
    return lower if len(lower) == len(text) and not _FOLDED.search(text) else None


def _starts(lower: str, word: str) -> Iterator[int]:
    at = lower.find(word)
    while at >= 0:
        yield at
        at = lower.find(word, at + 1)


@dataclass(frozen=True)
class Near:
    """``pattern`` with the lower-case words every match contains and how far from one a match may
    reach; or, with ``marks``, a pattern (case-blind) whose matches are the runs every match holds
    one character of at least (the digits of a date), the reaches then counted from a run's ends."""

    pattern: re.Pattern[str]
    words: tuple[str, ...]
    before: int
    after: int
    marks: re.Pattern[str] | None = None

    def _spans(self, text: str, lower: str) -> list[tuple[int, int]]:
        if self.marks is not None:
            return [match.span() for match in self.marks.finditer(text)]
        return [(at, at) for at in sorted({at for word in self.words for at in _starts(lower, word)})]

    def finditer(self, text: str, lower: str | None) -> Iterator[re.Match[str]]:
        """``self.pattern.finditer(text)``; ``lower`` is :func:`lowered` of ``text``."""
        if lower is None:
            yield from self.pattern.finditer(text)
            return
        windows: list[tuple[int, int]] = []
        for start, end in self._spans(text, lower):
            low, high = max(0, start - self.before), min(len(text), end + self.after + 1)
            if windows and low <= windows[-1][1]:
                windows[-1] = (windows[-1][0], high)
            else:
                windows.append((low, high))
        if any(_LONG_RUN.search(text, low, high) for low, high in windows):
            yield from self.pattern.finditer(text)
            return
        for low, high in windows:
            yield from self.pattern.finditer(text, low, high)
