"""The report's words in the reader's language: headings and labels from the ``report`` area of
the catalogs, names of categories, root causes and redress from the policy, numbers by locale."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.numbers import format_decimal, format_percent

from config.catalog import default_catalog
from config.policy import Policy


class Labels:
    def __init__(self, policy: Policy, lang: str) -> None:
        self.policy = policy
        self.lang = lang

    def __call__(self, key: str, /, **params: object) -> str:
        return default_catalog().text(f"report.{key}", self.lang, **params)

    def value_name(self, dimension: str, key: str) -> str:
        """The name of one value of a breakdown (a status, channel, category, ...) in the reader's language."""
        catalog = default_catalog()
        if dimension == "category":
            return self.policy.category_name(key, self.lang) if key in self.policy.categories else key
        if dimension == "root_cause" and key in self.policy.investigation.root_causes:
            return self.policy.investigation.root_causes[key].name(self.lang, key)
        if dimension == "redress_kind" and key in self.policy.investigation.redress_kinds:
            return self.policy.investigation.redress_kinds[key].name(self.lang, key)
        if dimension == "outcome" and catalog.has(f"referral_outcome.{key}", self.lang):
            outcome = catalog.text(f"referral_outcome.{key}", self.lang)  # a clause in a sentence: capitalised as a label
            return outcome[:1].upper() + outcome[1:]
        if dimension == "product" and not key:
            return self("no_product")
        if dimension == "agent" and not key:
            return self("unnamed_agent")
        if dimension in ("status", "channel", "priority") and catalog.has(f"report.{dimension}.{key}", self.lang):
            return self(f"{dimension}.{key}")
        return key

    def number(self, value: float, digits: int = 1) -> str:
        return format_decimal(round(value, digits), format="#,##0." + "#" * digits, locale=self.lang)

    def share(self, value: float) -> str:
        return format_percent(value, format="#,##0%", locale=self.lang)

    def money(self, amount: Decimal, currency: str) -> str:
        return default_catalog().format_money(amount, currency, self.lang)

    def day(self, value: date | datetime) -> str:
        return default_catalog().format_date(value if isinstance(value, date) and not isinstance(value, datetime)
                                             else value.date(), self.lang)

    def moment(self, value: datetime) -> str:
        return default_catalog().format_datetime(value, self.lang, self.policy.business_hours.zone)
