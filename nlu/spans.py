"""A value found at a character span, and choosing among overlapping finds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Found(Generic[T]):
    start: int
    end: int
    value: T

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def free(found: Found[object], taken: list[tuple[int, int]]) -> bool:
    return not any(found.overlaps(start, end) for start, end in taken)


def unique(values: list[T]) -> tuple[T, ...]:
    return tuple(dict.fromkeys(values))
