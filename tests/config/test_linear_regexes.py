"""Every regular expression of ``config`` runs in linear time on a megabyte of its worst case
(issue #13); pydantic's ``pattern=`` included."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import ValidationError

from config.errors import ConfigError
from config.policy import BusinessDuration, References
from config.settings import Settings, load_settings
from tests.support.linear import Case, assert_case_linear, case, regex_sites, times


def refused(check: Callable[[str], object]) -> Callable[[str], object]:
    """Run ``check``; a refusal of a wrong value is what these worst cases expect."""
    def run(text: str) -> object:
        try:
            return check(text)
        except (ValueError, ValidationError, ConfigError) as error:
            return error
    return run


CASES: dict[str, Case] = {
    "config/policy.py:_DURATION:1": case(refused(BusinessDuration.parse), times("1", "", "x"), times(" ", "1", "x"),
                                         times("1.", " ", "h")),
    "config/policy.py:References:1": case(refused(lambda text: References(prefix=text)), times("A", "", "1")),
    "config/settings.py:Settings:1": case(refused(lambda text: load_settings(redis_key_prefix=text)), times("a.", "", "!")),
}


def test_every_regular_expression_of_config_has_a_worst_case() -> None:
    assert set(CASES) == regex_sites("config")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("site", sorted(CASES))
def test_regular_expression_is_linear_on_a_megabyte(settings: Settings, site: str) -> None:
    assert_case_linear(CASES[site])  # ``settings``: no COMPLAINTDESK_* variable of the machine is read
