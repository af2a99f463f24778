"""Every regular expression of ``core`` runs in linear time on a megabyte of its worst case (issue #13)."""

from __future__ import annotations

import pytest

from core import redaction, reference
from core.errors import InvalidReference
from tests.support.linear import Case, assert_case_linear, case, regex_sites, times


def _parse(text: str) -> object:
    try:
        return reference.parse(text)
    except InvalidReference as error:
        return error


CASES: dict[str, Case] = {
    "core/reference.py:_SEPARATORS:1": case(_parse, times(" -_."), times("7-")),
    "core/redaction.py:MARK:1": case(lambda text: redaction.MARK.sub("", text), times("[name"), times("[")),
    "core/redaction.py:_NAMES:1": case(lambda text: redaction._NAMES.sub("", text), times("[name] "), times("[name]    ")),
    "core/redaction.py:_digits_pattern:1": case(redaction._digits_pattern, times("1"), times("+( ")),
    "core/redaction.py:without_known:1": case(lambda text: redaction.without_known("x", names=[text]), times("a'"), times("ab ")),
    # every known value tried at every place: a phone's optional code before its digits, a name's letters
    "core/redaction.py:without_known:2": case(
        lambda text: redaction.without_known(text, names=["Ann"], emails=["a.b@example.com"], phones=["+442079460958"],
                                             orders=["A-5521"], references=["CD-7K3M-9QXA"]),
        times("0 "), times("1-"), times("4420794609 "), times("ann"), times("a.b@example.co"), times("A-552")),
}


def test_every_regular_expression_of_core_has_a_worst_case() -> None:
    assert set(CASES) == regex_sites("core")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("site", sorted(CASES))
def test_regular_expression_is_linear_on_a_megabyte(site: str) -> None:
    assert_case_linear(CASES[site])
