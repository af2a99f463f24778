"""A value found at a character span, and choosing among overlapping finds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@dataclass(frozen=True, slots=True)
class Found(Generic[T_co]):
    start: int
    end: int
    value: T_co


class Claims:
    """The characters of one text that finds have claimed. Checking or claiming a span costs its
    length, not the number of claims so far: a message of thousands of amounts stays linear."""

    def __init__(self, length: int) -> None:
        self._marks = bytearray(length)

    def free(self, found: Found[object]) -> bool:
        return self._marks.find(1, found.start, found.end) == -1

    def claim(self, found: Found[object]) -> bool:
        """Claim ``found``'s span if none of it is claimed yet; whether it was."""
        if not self.free(found):
            return False
        self._marks[found.start : found.end] = b"\x01" * (found.end - found.start)
        return True


def unique(values: list[T]) -> tuple[T, ...]:
    return tuple(dict.fromkeys(values))
