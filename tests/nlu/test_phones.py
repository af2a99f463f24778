"""Phone numbers: the digits a window must have before phonenumbers is asked about it."""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneMetadata

from nlu.phones import FEWEST_INTERNATIONAL, fewest_digits, find_phones, shortest_national


def test_no_country_has_a_number_shorter_with_its_code_than_the_fewest_digits_assumed() -> None:
    shortest = min(len(str(metadata.country_code)) + shortest_national(metadata)
                   for metadata in map(PhoneMetadata.metadata_for_region, phonenumbers.SUPPORTED_REGIONS)
                   if metadata is not None)
    assert shortest == FEWEST_INTERNATIONAL


def test_the_fewest_digits_of_a_region_allow_its_shortest_numbers() -> None:
    assert fewest_digits("GB") == 6 and fewest_digits("RU") == 6
    assert fewest_digits("DE") == 4  # a German number may have four digits
    assert fewest_digits("ZZ") == 1  # an unknown region: every window is asked about


def test_short_numbers_beside_phone_numbers_do_not_hide_them() -> None:
    text = "Order 12345, £649.99 on 5.11.2024; call 07912 345601 or +49 30 901820, ref 2024"
    assert [found.value for found in find_phones(text, "GB")] == ["+447912345601", "+4930901820"]
