"""The report's recurring issues (ISO 10002 8.2): the period's complaints grouped by what they say,
each group beside the previous period's complaints that read the same. The grouping itself is the
language tools' (:class:`core.ports.IssueGrouper`); here the texts are read and the groups counted.

Bounded: the latest :data:`SAMPLE` complaints of each period are read (all of them in most
deployments' month), so the report's time does not grow with the database. A complaint whose
personal data was erased has no words left: it counts among those read, in no group."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from core.ports import IssueGrouper, UnitOfWork
from core.report_figures import IssueSample, RecurringIssue

SAMPLE = 2000  # complaints read per period
LEAST = 2  # a recurring issue: said in at least this many complaints
MOST_ISSUES = 20


async def recurring_issues(uow: UnitOfWork, grouper: IssueGrouper, since: datetime | None, until: datetime | None,
                           previous_since: datetime | None) -> tuple[tuple[RecurringIssue, ...], IssueSample]:
    received, latest = await uow.complaint_texts(since, until, SAMPLE)
    previous_received, previous_latest = (await uow.complaint_texts(previous_since, since, SAMPLE)
                                          if previous_since is not None and since is not None else (0, []))
    rows, previous_rows = [row for row in latest if not row.erased], [row for row in previous_latest if not row.erased]
    groups = grouper.group([(row.language, row.category, row.text) for row in rows],
                           [(row.language, row.category, row.text) for row in previous_rows], LEAST)
    issues = []
    for group in list(groups)[:MOST_ISSUES]:
        members = [rows[index] for index in sorted(group.members)]
        products = Counter(row.product for row in members)
        issues.append(RecurringIssue(
            tuple(group.phrases), members[0].language, members[0].category, tuple(row.reference for row in members),
            len(group.matched), dict(sorted(products.items(), key=lambda item: (-item[1], item[0])))))
    return tuple(issues), IssueSample(len(latest), received, len(previous_latest), previous_received)
