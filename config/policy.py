"""The organisation's policy file (``config/policy.toml``): categories, priorities, time targets,
business hours, escalation levels and the published commitments (ISO 10001)."""

from __future__ import annotations

from collections.abc import Iterable
import re
import tomllib
from datetime import date, time
from pathlib import Path
from typing import Literal, TypeGuard
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from config.errors import ConfigError

LanguageCode = Literal["en", "ru"]
LANGUAGE_CODES: tuple[LanguageCode, ...] = ("en", "ru")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([hd])\s*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BusinessDuration(_Strict):
    """A time target in business hours or business days."""

    amount: float
    unit: Literal["h", "d"]

    @classmethod
    def parse(cls, text: str) -> BusinessDuration:
        match = _DURATION.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a duration; write e.g. '4h' (business hours) or '5d' (business days)")
        return cls(amount=float(match.group(1)), unit=match.group(2))


class Organisation(_Strict):
    name: str
    responsible: str
    contact_email: str
    external_resolution_body: str


class Languages(_Strict):
    default: LanguageCode = "en"
    supported: list[LanguageCode] = ["en", "ru"]


class References(_Strict):
    prefix: str = Field("CD", pattern=r"^[A-Z]{1,4}$")


class BusinessHours(_Strict):
    timezone: str
    working_days: list[Weekday]
    start: time
    end: time
    holidays_country: str = ""
    holidays: list[date] = []

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; use an IANA name such as 'Europe/London'") from None
        return value

    @model_validator(mode="after")
    def _ordered(self) -> BusinessHours:
        if self.start >= self.end:
            raise ValueError("business_hours.start must be before business_hours.end")
        if not self.working_days:
            raise ValueError("business_hours.working_days must name at least one day")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class PriorityTargets(_Strict):
    rank: int = Field(ge=1)
    acknowledge: BusinessDuration
    first_response: BusinessDuration
    resolution: BusinessDuration

    @field_validator("acknowledge", "first_response", "resolution", mode="before")
    @classmethod
    def _duration(cls, value: object) -> object:
        return BusinessDuration.parse(value) if isinstance(value, str) else value


class Category(_Strict):
    names: dict[LanguageCode, str]
    severity: int = Field(ge=1, le=3)
    complexity: int = Field(ge=1, le=3)
    impact: int = Field(ge=1, le=3)
    # Urgency signals that put a complaint in this category whatever else it is about (an injury
    # from a kettle is a health and safety complaint, not one about product quality).
    signals: list[str] = []
    # False: the process sets it, NLU never chooses it (a complaint about the handling itself)
    classified: bool = True


class Assessment(_Strict):
    signals: dict[str, int] = {}


class Catalog(_Strict):
    products: list[str] = []


class Intake(_Strict):
    required: list[
        Literal["description", "incident_date", "product", "order_number", "desired_outcome", "name", "contact", "on_behalf_of"]
    ]
    optional: list[str] = []
    max_reprompts: int = Field(2, ge=0, le=10)


class EscalationLevel(_Strict):
    level: int = Field(ge=1)
    name: str


class Escalation(_Strict):
    levels: list[EscalationLevel]

    @property
    def top(self) -> int:
        return max(level.level for level in self.levels)


class Closing(_Strict):
    auto_close_business_days: int = Field(10, ge=1)
    survey: bool = True


class Reopening(_Strict):
    """The complainant's steps after closing (ISO 10002 7.9, 8.3): a closed case reopened within
    the window, and a complaint about the handling itself in its own category."""

    window_days: int = Field(30, ge=0)  # calendar days after closing; 0: only an agent reopens
    handling_category: str | None = None  # a key of [categories]; unset: "other"


class Named(_Strict):
    """An entry of a policy list with its name in each language."""

    names: dict[LanguageCode, str]

    def name(self, lang: str, key: str) -> str:
        return (self.names.get(lang) if is_language_code(lang) else None) or self.names.get("en") or key


class InvestigationLists(_Strict):
    """The lists an investigation record chooses from (ISO 10002 7.7, 8.4)."""

    root_causes: dict[str, Named] = {}
    redress_kinds: dict[str, Named] = {}


class Attachments(_Strict):
    max_bytes: int = Field(ge=1)
    allowed_types: list[str]


class Email(_Strict):
    auto_replies_per_address_per_hour: int = Field(5, ge=0)


class Retention(_Strict):
    closed_case_days: int = Field(ge=1)


class Policy(_Strict):
    organisation: Organisation
    languages: Languages = Languages()
    references: References = References()
    business_hours: BusinessHours
    priorities: dict[str, PriorityTargets]
    categories: dict[str, Category]
    assessment: Assessment = Assessment()
    catalog: Catalog = Catalog()
    intake: Intake
    escalation: Escalation
    closing: Closing = Closing()
    reopening: Reopening = Reopening()
    investigation: InvestigationLists = InvestigationLists()
    attachments: Attachments
    email: Email = Email()
    retention: Retention
    commitments: dict[LanguageCode, list[str]]

    @model_validator(mode="after")
    def _consistent(self) -> Policy:
        if "other" not in self.categories:
            raise ValueError("categories must include 'other' (where unclassified complaints go)")
        ranks = sorted(p.rank for p in self.priorities.values())
        if len(set(ranks)) != len(ranks):
            raise ValueError("priorities must have distinct ranks")
        for lang in self.languages.supported:
            if lang not in self.commitments:
                raise ValueError(f"commitments.{lang} is missing for supported language {lang!r}")
        for key, category in self.categories.items():
            unknown = [s for s in category.signals if s not in self.assessment.signals]
            if unknown:
                raise ValueError(f"categories.{key}.signals names unknown signals {unknown}; known: {sorted(self.assessment.signals)}")
        handling = self.reopening.handling_category
        if handling is not None and handling not in self.categories:
            raise ValueError(f"reopening.handling_category {handling!r} is not a category; known: {sorted(self.categories)}")
        return self

    @property
    def handling_category(self) -> str:
        """The category of a complaint about how another complaint was handled."""
        return self.reopening.handling_category or "other"

    @property
    def classified_categories(self) -> list[str]:
        """The categories NLU chooses from (the policy's order)."""
        return [key for key, category in self.categories.items() if category.classified]

    def priorities_by_rank(self) -> list[str]:
        """Priority names, most urgent first."""
        return sorted(self.priorities, key=lambda name: self.priorities[name].rank)

    def signalled_category(self, signals: Iterable[str]) -> str | None:
        """The category that urgency ``signals`` select (the first in the file declaring one of them), if any."""
        found = frozenset(signals)
        return next((key for key, category in self.categories.items() if found.intersection(category.signals)), None)

    def category_for(self, category: str | None, signals: Iterable[str]) -> str | None:
        """``category`` unless the urgency ``signals`` select another one (see :attr:`Category.signals`)."""
        return self.signalled_category(signals) or category

    def category_name(self, key: str, lang: str) -> str:
        category = self.categories.get(key) or self.categories["other"]
        named = category.names.get(lang) if is_language_code(lang) else None
        return named or category.names.get("en") or key


def is_language_code(code: str) -> TypeGuard[LanguageCode]:
    return code in LANGUAGE_CODES


def _describe(error: ValidationError, path: Path) -> str:
    parts = []
    for item in error.errors():
        key = ".".join(str(p) for p in item["loc"]) or "(top level)"
        message = item["msg"]
        if item["type"] == "literal_error":
            message = f"must be one of {item.get('ctx', {}).get('expected', '')}"
        parts.append(f"{key}: {message} (given {item.get('input')!r})" if item["type"] != "missing" else f"{key}: required")
    return f"policy file {path}: " + "; ".join(parts)


def load_policy(path: Path) -> Policy:
    """Read and validate a policy file; any problem raises ConfigError naming the key."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"policy file {path} does not exist (COMPLAINTDESK_POLICY_FILE)") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"policy file {path} is not valid TOML: {error}") from None
    try:
        return Policy.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(_describe(error, path)) from None
