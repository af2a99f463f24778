"""Every regular expression of ``core`` runs in linear time on a megabyte of its worst case (issue #13)."""

from __future__ import annotations

import pytest

from core import reference
from core.errors import InvalidReference
from tests.support.linear import Case, assert_case_linear, case, regex_sites, times


def _parse(text: str) -> object:
    try:
        return reference.parse(text)
    except InvalidReference as error:
        return error


CASES: dict[str, Case] = {
    "core/reference.py:_SEPARATORS:1": case(_parse, times(" -_."), times("7-")),
}


def test_every_regular_expression_of_core_has_a_worst_case() -> None:
    assert set(CASES) == regex_sites("core")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("site", sorted(CASES))
def test_regular_expression_is_linear_on_a_megabyte(site: str) -> None:
    assert_case_linear(CASES[site])
