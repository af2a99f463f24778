"""The report as one document every format renders (Markdown, HTML, CSV, JSON), so they all give
the same figures: sections of tables whose cells hold raw values (counts, hours, shares) and whose
columns say how to show them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Literal

from channels.reporting.labels import Labels
from core.redaction import MARK
from core.report_figures import DIMENSIONS, MEASURES, Rated, RecurringIssue, ReportFigures

Kind = Literal["text", "count", "hours", "share", "rating", "change", "money"]
Cell = str | int | float | Decimal | None
EVENTS = ("escalated", "escalated_by_time", "reopened", "decision_accepted", "decision_rejected")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    kind: Kind = "count"


@dataclass(frozen=True, slots=True)
class Table:
    """``chart``: how the HTML report draws it ("bars" of the numeric columns, "line" over the
    rows, or none)."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: list[list[Cell]]
    keys: list[str] = field(default_factory=list)  # each row's machine key (a status, a priority, ...)
    chart: Literal["bars", "line", ""] = ""
    row_kinds: list[Kind] = field(default_factory=list)  # a row whose figures are not its columns' kind (headline)
    note: str = ""  # how to read the figures, under the title

    def kind(self, row: int, column: Column) -> Kind:
        """How the cell at ``row``, ``column`` is shown."""
        if column.kind in ("count", "change") and row < len(self.row_kinds) and column.key == "current":
            return self.row_kinds[row]
        return column.kind


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    tables: list[Table]


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    period: str
    generated: str
    lang: str
    since: datetime | None
    until: datetime | None
    sections: list[Section]

    def table(self, key: str) -> Table | None:
        """The first table named ``key`` (``headline``, ``category``, ``timings``, ...)."""
        return next((table for section in self.sections for table in section.tables if table.key == key), None)


def _change(current: int, previous: int) -> float | None:
    return None if not previous else (current - previous) / previous


def build_document(report: ReportFigures, labels: Labels, now: datetime, comparing: bool = True) -> Document:
    """The report's sections in order; ``comparing`` adds the previous period's columns."""
    t = labels
    name = Column("name", t("column.name"), "text")
    count = Column("count", t("column.count"))
    sections = [
        Section("overview", t("section.overview"), [_headline(report, labels, comparing)]),
        Section("volumes", t("section.volumes"), [
            *(_volume(report, labels, dimension, comparing) for dimension in DIMENSIONS),
            Table("month", t("table.month"), (Column("month", t("column.month"), "text"), count),
                  [[month, n] for month, n in report.by_month.items()], list(report.by_month), "line")]),
        *([Section("issues", t("section.issues"), [_issues(report, labels, comparing), _issues_by_product(report, labels, comparing)])]
          if report.issue_sample is not None else []),
        Section("times", t("section.times"), [_timings(report, labels), _on_time(report, labels)]),
        Section("backlog", t("section.backlog"), [
            Table("backlog_age", t("table.backlog_age"), (Column("age", t("column.age"), "text"), count),
                  [[band, n] for band, n in report.backlog.by_age.items()], list(report.backlog.by_age), "bars"),
            _counts("backlog_priority", t("table.backlog_priority"), report.backlog.by_priority, labels, "priority")]),
        Section("outcomes", t("section.outcomes"), [_outcomes(report, labels),
                _counts("external_outcomes", t("table.external_outcomes"), report.external_outcomes, labels, "outcome")]),
        Section("satisfaction", t("section.satisfaction"), [
            Table("ratings", t("table.ratings"), (Column("rating", t("column.rating"), "text"), Column("count", t("column.ratings"))),
                  [[str(r), report.ratings.get(r, 0)] for r in range(1, 6)], [str(r) for r in range(1, 6)], "bars"),
            _rated("satisfaction_category", t("table.satisfaction_category"), report.satisfaction_by_category, labels, "category"),
            _rated("satisfaction_agent", t("table.satisfaction_agent"), report.satisfaction_by_agent, labels, "agent"),
            _rated("satisfaction_month", t("table.satisfaction_month"), report.satisfaction_by_month, labels, "month", "line")]),
        Section("analysis", t("section.analysis"), [
            _root_causes(report, labels),
            _counts("redress_kinds", t("table.redress_kinds"), report.by_redress_kind, labels, "redress_kind"),
            Table("redress_totals", t("table.redress_totals"),
                  (Column("currency", t("column.currency"), "text"), Column("total", t("column.total"), "money")),
                  [[currency, total] for currency, total in sorted(report.redress_totals.items())],
                  sorted(report.redress_totals))]),
        Section("comments", t("section.comments"), [
            Table("comments", t("table.comments"), (
                Column("reference", t("column.reference"), "text"), Column("rating", t("column.rating")),
                Column("category", t("column.category"), "text"), Column("agent", t("column.agent"), "text"),
                Column("comment", t("column.comment"), "text")),
                [[c.reference, c.rating, labels.value_name("category", c.category), labels.value_name("agent", c.agent),
                  _redacted(c.comment, labels)] for c in report.survey_comments],
                [c.reference for c in report.survey_comments])]),
        Section("iso", t("section.iso"), [_iso(labels)]),
    ]
    if report.since is not None and report.until is not None and report.previous_since is not None:
        last = report.until - timedelta(microseconds=1)  # the period's last day (its end is the next midnight)
        period = t("period", since=labels.day(report.since), until=labels.day(last),
                   previous_since=labels.day(report.previous_since), previous_until=labels.day(report.since - timedelta(days=1)))
    else:
        period = t("period_all", until=labels.day(report.until or now))
    return Document(t("title", organisation=labels.policy.organisation.name), period,
                    t("generated", at=labels.moment(now), zone=labels.policy.business_hours.timezone),
                    labels.lang, report.since, report.until, sections)


def _compared(labels: Labels, first: Column, comparing: bool) -> tuple[Column, ...]:
    columns = [first, Column("current", labels("column.current"))]
    if comparing:
        columns += [Column("previous", labels("column.previous")), Column("change", labels("column.change"), "change")]
    return tuple(columns)


def _headline(report: ReportFigures, labels: Labels, comparing: bool) -> Table:
    resolution, first = report.timing("resolution"), report.timing("first_response")
    rows: list[list[Cell]] = [[labels("headline.received"), report.received]]
    if comparing:
        rows[0] += [report.previous_received, _change(report.received, report.previous_received)]
    pad: list[Cell] = [None, None] if comparing else []
    more: list[tuple[str, Cell]] = [
        ("open", report.backlog.open_cases), ("overdue", report.backlog.overdue),
        ("first_response_on_time", first.on_time if first else None),
        ("resolved_on_time", resolution.on_time if resolution else None),
        ("satisfaction", round(report.satisfaction_average, 2) if report.satisfaction_average is not None else None),
        ("satisfaction_count", report.satisfaction_count)]
    rows += [[labels(f"headline.{key}"), value, *pad] for key, value in more]
    columns = _compared(labels, Column("name", labels("column.name"), "text"), comparing)
    kinds: list[Kind] = ["count", "count", "count", "share", "share", "rating", "count"]
    return Table("headline", labels("table.headline"), columns, rows, ["received", *(key for key, _ in more)],
                 row_kinds=kinds)


def _volume(report: ReportFigures, labels: Labels, dimension: str, comparing: bool) -> Table:
    volume = report.volumes[dimension]
    keys = sorted(set(volume.current) | (set(volume.previous) if comparing else set()),
                  key=lambda k: (-volume.current.get(k, 0), -volume.previous.get(k, 0), k))
    rows: list[list[Cell]] = []
    for key in keys:
        current, previous = volume.current.get(key, 0), volume.previous.get(key, 0)
        rows.append([labels.value_name(dimension, key), current, *([previous, _change(current, previous)] if comparing else [])])
    return Table(dimension, labels(f"table.{dimension}"), _compared(labels, Column("name", labels("column.name"), "text"), comparing),
                 rows, keys, "bars")


def _timings(report: ReportFigures, labels: Labels) -> Table:
    columns = (Column("measure", labels("column.measure"), "text"), Column("priority", labels("column.priority"), "text"),
               Column("count", labels("column.count")), Column("median", labels("column.median"), "hours"),
               Column("p90", labels("column.p90"), "hours"), Column("target", labels("column.target"), "hours"),
               Column("on_time", labels("column.on_time"), "share"))
    rows: list[list[Cell]] = []
    keys = []
    for timing in report.timings:
        if not timing.count and timing.priority:
            continue
        priority = labels.value_name("priority", timing.priority) if timing.priority else labels("all")
        rows.append([labels(f"measure.{timing.measure}"), priority, timing.count, timing.median, timing.p90,
                     timing.target, timing.on_time])
        keys.append(f"{timing.measure}:{timing.priority or 'all'}")
    return Table("timings", labels("table.timings"), columns, rows, keys)


def _on_time(report: ReportFigures, labels: Labels) -> Table:
    priorities = labels.policy.priorities_by_rank()
    columns = (Column("priority", labels("column.priority"), "text"),
               *(Column(measure, labels(f"measure.{measure}"), "share") for measure in MEASURES))
    rows: list[list[Cell]] = []
    for priority in priorities:
        found = [report.timing(measure, priority) for measure in MEASURES]
        rows.append([labels.value_name("priority", priority), *(t.on_time if t else None for t in found)])
    return Table("on_time", labels("table.on_time"), columns, rows, priorities, "bars")


def _outcomes(report: ReportFigures, labels: Labels) -> Table:
    values: list[tuple[str, int]] = [(kind, report.events.get(kind, 0)) for kind in EVENTS]
    values += [("withdrawn", report.withdrawn), ("handling_complaints", report.handling_complaints),
               ("external_offered", report.external_offered), ("external_referred", report.external_referred)]
    return Table("outcomes", labels("table.outcomes"), (Column("name", labels("column.name"), "text"), Column("count", labels("column.count"))),
                 [[labels(f"event.{key}"), n] for key, n in values], [key for key, _ in values])


def _counts(key: str, title: str, counts: dict[str, int], labels: Labels, dimension: str,
            chart: Literal["bars", ""] = "") -> Table:
    ordered = sorted(counts, key=lambda k: (-counts[k], k))
    return Table(key, title, (Column("name", labels("column.name"), "text"), Column("count", labels("column.count"))),
                 [[labels.value_name(dimension, k), counts[k]] for k in ordered], ordered, chart if counts else "")


def _root_causes(report: ReportFigures, labels: Labels) -> Table:
    causes = report.by_root_cause
    ordered = sorted(causes, key=lambda k: (-causes[k], k))
    return Table("root_causes", labels("table.root_causes"),
                 (Column("name", labels("column.name"), "text"), Column("count", labels("column.count")),
                  Column("corrective", labels("column.corrective"))),
                 [[labels.value_name("root_cause", k), causes[k], report.corrective_actions.get(k, 0)] for k in ordered],
                 ordered, "bars" if causes else "")


def _rated(key: str, title: str, rated: dict[str, Rated], labels: Labels, dimension: str,
           chart: Literal["line", ""] = "") -> Table:
    ordered = sorted(rated) if dimension == "month" else sorted(rated, key=lambda k: (-rated[k].count, k))
    return Table(key, title, (Column("name", labels("column.name"), "text"), Column("average", labels("column.average"), "rating"),
                              Column("count", labels("column.ratings"))),
                 [[labels.value_name(dimension, k), round(rated[k].average, 2), rated[k].count] for k in ordered],
                 ordered, chart if len(rated) > 1 else "")


MOST_REFERENCES = 10  # of an issue's cases, the latest few are named


def _redacted(comment: str, labels: Labels) -> str:
    """A survey comment with each mark of personal data taken out named in the reader's language."""
    return MARK.sub(lambda found: labels(f"redacted.{found.group(1)}"), comment)


def _issue_name(issue: RecurringIssue) -> str:
    return " · ".join(issue.phrases) or issue.references[0]


def _issues(report: ReportFigures, labels: Labels, comparing: bool) -> Table:
    """The recurring issues, largest first: what they say, their category, cases beside the previous
    period's, their products and their latest cases."""
    sample = report.issue_sample
    assert sample is not None
    columns = [Column("issue", labels("column.issue"), "text"), Column("category", labels("column.category"), "text"),
               *_compared(labels, Column("", ""), comparing)[1:],
               Column("products", labels("column.products"), "text"), Column("cases", labels("column.cases"), "text")]
    rows: list[list[Cell]] = []
    for issue in report.recurring_issues:
        products = ", ".join(f"{labels.value_name('product', product)} ({n})" for product, n in issue.products.items())
        latest = ", ".join(issue.references[:MOST_REFERENCES]) + (" …" if issue.count > MOST_REFERENCES else "")
        trend: list[Cell] = [issue.previous, sample.change(issue.count, issue.previous)] if comparing else []
        rows.append([_issue_name(issue), labels.value_name("category", issue.category), issue.count, *trend, products, latest])
    note = "" if sample.complete else labels("issues_sampled", n=sample.received, read=labels.number(sample.read, 0),
                                             total=labels.number(sample.received, 0))
    return Table("issues", labels("table.issues"), tuple(columns), rows,
                 [f"issue-{index}" for index in range(1, len(rows) + 1)], "bars" if rows else "", note=note)


def _issues_by_product(report: ReportFigures, labels: Labels, comparing: bool) -> Table:
    """Complaints per product beside the previous period, with how many of them are in a recurring
    issue and the largest such issue."""
    volume = report.volumes["product"]
    recurring: dict[str, int] = {}
    largest: dict[str, RecurringIssue] = {}
    for issue in report.recurring_issues:
        for product, n in issue.products.items():
            recurring[product] = recurring.get(product, 0) + n
            if product not in largest or n > largest[product].products[product]:
                largest[product] = issue
    keys = sorted(set(volume.current) | set(recurring),
                  key=lambda k: (-recurring.get(k, 0), -volume.current.get(k, 0), -volume.previous.get(k, 0), k))
    rows: list[list[Cell]] = []
    for key in keys:
        current, previous = volume.current.get(key, 0), volume.previous.get(key, 0)
        rows.append([labels.value_name("product", key), current, *([previous, _change(current, previous)] if comparing else []),
                     recurring.get(key, 0), _issue_name(largest[key]) if key in largest else None])
    columns = (*_compared(labels, Column("name", labels("column.name"), "text"), comparing),
               Column("recurring", labels("column.recurring")), Column("main_issue", labels("column.main_issue"), "text"))
    return Table("issues_product", labels("table.issues_product"), columns, rows, keys)


def _iso(labels: Labels) -> Table:
    clauses = ("8_2", "8_3", "8_4", "8_5", "8_6")
    return Table("iso", labels("table.iso"), (Column("clause", labels("column.clause"), "text"),
                                              Column("requirement", labels("column.requirement"), "text"),
                                              Column("evidence", labels("column.evidence"), "text")),
                 [[labels(f"iso.c{c}"), labels(f"iso.c{c}_asks"), labels(f"iso.c{c}_evidence")] for c in clauses],
                 [c.replace("_", ".") for c in clauses])
