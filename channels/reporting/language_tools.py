"""The language tools the report asks the core for (:class:`core.ports.IssueGrouper`,
:class:`core.ports.Anonymiser`), made from the NLU package for the policy: the core knows no NLU,
the command line (a composition root) hands them over. Neither needs a trained model: the
grouping reads lemmas with the languages' rule lemmatizers, the anonymiser runs the entity finders."""

from __future__ import annotations

from dataclasses import dataclass

from config.policy import Policy
from core.ports import Anonymiser, IssueGrouper


@dataclass(frozen=True, slots=True)
class LanguageTools:
    grouper: IssueGrouper
    anonymiser: Anonymiser


def language_tools(policy: Policy) -> LanguageTools:
    from nlu.anonymise import PersonalDataAnonymiser
    from nlu.issue_groups import LemmaIssueGrouper

    languages = [policy.languages.default, *(lang for lang in policy.languages.supported if lang != policy.languages.default)]
    return LanguageTools(LemmaIssueGrouper(languages), PersonalDataAnonymiser(
        policy.references.prefix, keep=[*policy.catalog.products, policy.organisation.name]))
