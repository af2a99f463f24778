"""Complaints grouped by what they say (nlu/issue_groups.py): the same thing in other words is one
group, another thing or another language or category is not, and the same texts give the same groups."""

from __future__ import annotations

import random

from nlu.issue_groups import LemmaIssueGrouper

TEXTS = [
    ("en", "billing", "I was charged twice for my order, please refund the double charge"),
    ("en", "billing", "You charged me twice for the same order. I want the duplicate charge refunded."),
    ("en", "billing", "Double charge on my card for one order, charged twice!"),
    ("en", "billing", "Nobody answers the phone when I ring the helpline"),
    ("en", "delivery", "Charged twice for the delivery of my order"),
    ("ru", "billing", "Деньги списали дважды за один заказ, верните двойное списание"),
    ("ru", "billing", "Списали деньги дважды за заказ! Верните деньги"),
    ("en", "delivery", "Parcel never arrived, tracking says delivered but nothing came"),
    ("en", "delivery", "My parcel was marked delivered but never arrived"),
]
EARLIER = [("en", "billing", "Charged twice for an order"), ("en", "billing", "The parcel never arrived"),
           ("en", "delivery", "parcel never arrived"), ("ru", "billing", "Деньги списали дважды за заказ, верните списание")]


def test_the_same_complaint_in_other_words_is_one_group_with_its_earlier_ones() -> None:
    groups = LemmaIssueGrouper().group(TEXTS, EARLIER, 2)
    assert [(g.members, g.matched) for g in groups] == [((0, 1, 2), (0,)), ((5, 6), (3,)), ((7, 8), (2,))]
    assert {"charged twice", "double charge"} <= set(groups[0].phrases)
    assert any("дважды" in phrase or "списали" in phrase for phrase in groups[1].phrases)
    assert "parcel" in " ".join(groups[2].phrases)


def test_groups_are_the_same_whatever_the_run_and_none_are_smaller_than_asked() -> None:
    many = [TEXTS[random.Random(seed).randrange(len(TEXTS))] for seed in range(200)]
    first = LemmaIssueGrouper().group(many, EARLIER, 3)
    assert first == LemmaIssueGrouper().group(many, EARLIER, 3)
    assert first and all(len(g.members) >= 3 for g in first)
    assert sorted(i for g in first for i in g.members) == sorted(set(i for g in first for i in g.members))  # each in one
    assert LemmaIssueGrouper().group(TEXTS, [], 4) == [] and LemmaIssueGrouper().group([], EARLIER, 2) == []


def test_a_language_without_a_lemmatizer_is_read_with_the_first() -> None:
    groups = LemmaIssueGrouper(("en",)).group([("de", "billing", "charged twice"), ("de", "billing", "Charged twice!")], [], 2)
    assert [g.members for g in groups] == [(0, 1)]
