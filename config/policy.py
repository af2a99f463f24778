"""The organisation's policy file (``config/policy.toml``): categories, priorities, time targets,
business hours, escalation levels and the published commitments (ISO 10001)."""

from __future__ import annotations

from collections.abc import Iterable
import re
import tomllib
from datetime import date, time
from pathlib import Path
from typing import Annotated, Literal, TypeGuard
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holiday_calendars
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator

from config.errors import ConfigError

LanguageCode = Literal["en", "ru"]
LANGUAGE_CODES: tuple[LanguageCode, ...] = ("en", "ru")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([hd])\s*$")


_PER_LANGUAGE = 'give a text per language, e.g. { en = "...", ru = "..." }, or one plain string'


def _every_language(value: object) -> object:
    """A plain string (older policy files) is the form of every language."""
    if isinstance(value, str):
        return {code: value for code in LANGUAGE_CODES}
    if not isinstance(value, dict):
        raise ValueError(_PER_LANGUAGE)
    return value


def _filled(value: dict[LanguageCode, str]) -> dict[LanguageCode, str]:
    if not value or not all(text.strip() for text in value.values()):
        raise ValueError(_PER_LANGUAGE)
    return value


# A name or text the complainant reads: one form per language ({ en = "...", ru = "..." }, as
# category names), or one plain string for every language.
PerLanguage = Annotated[dict[LanguageCode, str], BeforeValidator(_every_language), AfterValidator(_filled)]


def in_language(forms: dict[LanguageCode, str], lang: str, default: str = "en") -> str:
    """The form of ``forms`` in ``lang``, else in ``default``, else in English, else any."""
    for code in (lang, default, "en"):
        if is_language_code(code) and forms.get(code):
            return forms[code]
    return next(iter(forms.values()), "")


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
    external_resolution_body: PerLanguage  # ISO 10003: the external dispute-resolution body


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
    # A part of the country with its own public holidays ("ENG" for England: Easter Monday and the
    # August bank holiday, which the United Kingdom as a whole does not close for).
    holidays_subdivision: str = ""
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
        if self.holidays_subdivision and not self.holidays_country:
            raise ValueError("business_hours.holidays_subdivision needs business_hours.holidays_country")
        if self.holidays_country:
            try:
                country = holiday_calendars.country_holidays(self.holidays_country)
            except NotImplementedError:
                raise ValueError(f"business_hours.holidays_country {self.holidays_country!r} is not a country the "
                                 "holidays package knows; use an ISO 3166 code such as 'GB'") from None
            if self.holidays_subdivision and self.holidays_subdivision not in country.subdivisions:
                raise ValueError(f"business_hours.holidays_subdivision {self.holidays_subdivision!r} is not a part of "
                                 f"{self.holidays_country}; known: {', '.join(country.subdivisions) or 'none'}")
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


NOT_ASKABLE = ("incident_date", "product", "order_number", "desired_outcome", "on_behalf_of")


class Intake(_Strict):
    required: list[
        Literal["description", "incident_date", "product", "order_number", "desired_outcome", "name", "contact", "on_behalf_of"]
    ]
    optional: list[str] = []
    max_reprompts: int = Field(2, ge=0, le=10)
    # A required detail the bot does not ask for in complaints of these categories (no product in a
    # cashier's rudeness); still shown in the summary, where the person may add it.
    not_asked: dict[str, list[str]] = {}

    @field_validator("not_asked")
    @classmethod
    def _askable(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(value) - set(NOT_ASKABLE))
        if unknown:
            raise ValueError(f"slots {unknown} cannot be left unasked; choose among {list(NOT_ASKABLE)}")
        return value

    def asks(self, slot: str, category: str | None) -> bool:
        return category is None or category not in self.not_asked.get(slot, ())


class EscalationLevel(_Strict):
    level: int = Field(ge=1)
    name: PerLanguage
    # Who works the case at this level: a Slack user group id ("S0123ABCD") and/or agent ids
    # ("U0123ABCD"); the alerts of a case escalated by time are addressed to them.
    slack_group: str = ""
    agents: list[str] = []
    # The level's own time targets, from the moment the case reaches it (the priority's when absent).
    first_response: BusinessDuration | None = None
    resolution: BusinessDuration | None = None

    @field_validator("first_response", "resolution", mode="before")
    @classmethod
    def _duration(cls, value: object) -> object:
        return BusinessDuration.parse(value) if isinstance(value, str) else value

    @field_validator("slack_group")
    @classmethod
    def _group_id(cls, value: str) -> str:
        if value and not (value.startswith("S") and value.isascii() and value.isalnum() and value.isupper()
                          and len(value) <= 24):
            raise ValueError(f"a Slack user group id looks like 'S0123ABCD' (not the group's name); not {value!r}")
        return value

    @field_validator("agents")
    @classmethod
    def _agent_ids(cls, value: list[str]) -> list[str]:
        wrong = [agent for agent in value if not agent or any(c.isspace() for c in agent) or len(agent) > 64]
        if wrong:
            raise ValueError(f"agent ids are single words of at most 64 characters, e.g. 'U0123ABCD'; not {wrong}")
        return value


class Escalation(_Strict):
    levels: list[EscalationLevel]

    @field_validator("levels")
    @classmethod
    def _distinct(cls, value: list[EscalationLevel]) -> list[EscalationLevel]:
        numbers = [level.level for level in value]
        if not numbers or len(set(numbers)) != len(numbers):
            raise ValueError("escalation levels need distinct numbers and at least one level")
        return value

    @property
    def top(self) -> int:
        return max(level.level for level in self.levels)

    def at(self, level: int) -> EscalationLevel | None:
        """The policy's escalation level numbered ``level`` (None for 0, the first line)."""
        return next((item for item in self.levels if item.level == level), None)


class Timers(_Strict):
    """What the timers round does with time targets (ISO 10002 4.15, 7.6, 8.4)."""

    due_soon_hours: float = Field(4.0, ge=0)  # business hours before a target counts as due soon (0: no warning)
    escalate_missed: bool = True  # a missed target moves the case to the next escalation level
    pause_while_awaiting_complainant: bool = True  # the clock stops while the case waits for the complainant
    awaiting_complainant_close_days: int = Field(10, ge=0)  # business days of silence before closing (0: never)


class Dispute(_Strict):
    """The dispute path (ISO 10002 7.8, 7.9; ISO 10003): how the external dispute-resolution body
    (``organisation.external_resolution_body``) is reached and how long a complainant has to go to
    it; it is offered when a decision is rejected at the last escalation level."""

    external_contact: PerLanguage | None = None  # how to reach the body: a web address, a phone, a postal address
    external_time_limit_months: int = Field(6, ge=1, le=120)  # from our final decision
    # How long a complainant has to accept the offer of the external body before the case closes
    # (they may still go to the body themselves within the time limit).
    offer_business_days: int = Field(10, ge=1)


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


class Web(_Strict):
    """The web pages' limits (``channels.web``): how often one address or one person may submit a
    form or ask for a link, how long a one-time link stays valid and the page it opens stays open."""

    form_per_hour: int = Field(10, ge=1, le=10_000)  # complaint forms one client address (and one email) may send
    link_requests_per_hour: int = Field(5, ge=1, le=10_000)  # one-time links one address, email or reference may ask for
    link_ttl_minutes: int = Field(60, ge=5, le=7 * 24 * 60)  # how long a one-time link stays valid
    session_minutes: int = Field(60, ge=5, le=24 * 60)  # how long the page a link opened stays open (then a new link)
    max_attachments: int = Field(5, ge=0, le=20)  # files one complaint form may carry (each within [attachments])


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
    timers: Timers = Timers()
    dispute: Dispute = Dispute()
    reopening: Reopening = Reopening()
    investigation: InvestigationLists = InvestigationLists()
    attachments: Attachments
    email: Email = Email()
    web: Web = Web()
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
        for slot, categories in self.intake.not_asked.items():
            unknown = [c for c in categories if c not in self.categories]
            if unknown:
                raise ValueError(f"intake.not_asked.{slot} names unknown categories {unknown}; known: {sorted(self.categories)}")
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

    def level_name(self, level: int, lang: str) -> str:
        """The name of escalation ``level`` in ``lang`` (its number when the policy has no such level)."""
        found = next((item for item in self.escalation.levels if item.level == level), None)
        return in_language(found.name, lang, self.languages.default) if found else str(level)

    def external_body(self, lang: str) -> str:
        """The external dispute-resolution body's name in ``lang``."""
        return in_language(self.organisation.external_resolution_body, lang, self.languages.default)

    def external_contact(self, lang: str) -> str:
        """How to reach the external body, in ``lang`` ("" when the policy does not say)."""
        contact = self.dispute.external_contact
        return in_language(contact, lang, self.languages.default) if contact else ""

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
