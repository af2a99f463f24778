from __future__ import annotations

import itertools

import pytest

from core import reference
from core.errors import InvalidReference


def test_shape_and_case_insensitive_round_trip() -> None:
    code = reference.generate().code
    assert len(code) == len("CD-7K3M-9QXA") and code[2] == "-" and code[7] == "-"
    assert reference.normalise(code.lower()) == code
    assert reference.normalise(code.replace("-", " ")) == code
    assert reference.normalise(code[3:]) == code  # without the prefix


def test_ambiguous_letters_read_as_digits() -> None:
    ref = next(r for r in (reference.generate() for _ in range(1000)) if "1" in r.code[3:] or "0" in r.code[3:])
    typed = ref.code[:3] + ref.code[3:].replace("1", "l").replace("0", "O")
    assert reference.normalise(typed) == ref.code


def test_not_sequential_and_unique_enough() -> None:
    codes = [reference.generate().code for _ in range(20_000)]
    assert len(set(codes)) >= 19_995  # 35 random bits: a birthday collision is possible, not likely
    assert codes != sorted(codes)


@pytest.mark.parametrize("seed", range(40))
def test_single_substitutions_and_neighbour_swaps_are_caught(seed: int) -> None:
    import random

    code = reference.generate().code
    chars = code.replace("-", "")[2:]
    rng = random.Random(seed)
    position = rng.randrange(len(chars))
    for replacement in reference.ALPHABET:
        if replacement == chars[position]:
            continue
        typo = chars[:position] + replacement + chars[position + 1:]
        with pytest.raises(InvalidReference) as refusal:
            reference.parse(typo)
        assert refusal.value.typo
    for i in range(len(chars) - 1):
        if chars[i] != chars[i + 1] and {chars[i], chars[i + 1]} != {"0", "Z"}:  # Luhn mod N's blind spot
            swapped = chars[:i] + chars[i + 1] + chars[i] + chars[i + 2:]
            with pytest.raises(InvalidReference):
                reference.parse(swapped)


def test_wrong_shape_is_not_called_a_typo() -> None:
    for text in ("CD-123", "hello world", "CD-UUUU-UUUU"):
        with pytest.raises(InvalidReference) as refusal:
            reference.parse(text)
        assert not refusal.value.typo


def test_near_misses_find_the_original() -> None:
    code = reference.generate().code
    last = code[-1]
    typo = code[:-1] + next(c for c in reference.ALPHABET if c != last)
    assert code in reference.near_misses(typo)
    assert all(reference.parse(candidate) for candidate in reference.near_misses(typo))
    assert len(list(itertools.islice(reference.near_misses(typo), 50))) < 50
