"""The report's recurring issues and its anonymised survey comments, with the NLU's language tools
as the command line wires them, on SQLite and PostgreSQL: groups and counts checked against the
database, no personal data left in any format, Russian labels."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timezone
from typing import Any

import pytest
from sqlalchemy import select

from channels.reporting import Format, render
from channels.reporting.document import build_document
from channels.reporting.labels import Labels
from channels.reporting.language_tools import language_tools
from core.report_figures import ReportFigures
from core.runtime import Core
from core.storage import tables
from tests.support.issue_cases import GROUPS, PERSONAL, insert_issue_history
from tests.support.report_cases import SINCE, UNTIL

NOW = datetime(2026, 11, 24, 10, tzinfo=timezone.utc)


@pytest.fixture
async def history(core: Core) -> Core:
    await insert_issue_history(core.engine)
    return core


async def _report(core: Core) -> ReportFigures:
    tools = language_tools(core.policy)
    return await core.queries.report(SINCE, UNTIL, grouper=tools.grouper, anonymiser=tools.anonymiser)


async def _cases(core: Core) -> dict[str, Any]:
    c = tables.cases.c
    async with core.engine.connect() as connection:
        rows = await connection.execute(select(c.reference, c.received_at, c.product, c.category, c.language, c.erased_at))
        return {row.reference: row for row in rows}


def _comments_table(text: str, form: Format) -> str:
    """The comments table of a rendered report, without the column of each comment's own case."""
    if form is Format.JSON:
        rows = _rows(json.loads(text), "comments")
        return json.dumps([{k: v for k, v in row.items() if k != "reference"} for row in rows], ensure_ascii=False)
    if form is Format.CSV:
        return "\n".join(line for line in text.splitlines() if line.startswith("comments,comments,"))
    if form is Format.HTML:
        return text.split('<table data-table="comments">')[1].split("</table>")[0]
    return "\n".join(line for line in text.splitlines() if line.startswith("| CMP-"))


def _rows(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    return next(t for s in data["sections"] for t in s["tables"] if t["key"] == table)["rows"]


async def test_complaints_that_say_the_same_thing_are_one_issue_with_its_trend(history: Core) -> None:
    report = await _report(history)
    assert [(set(issue.references), issue.previous) for issue in report.recurring_issues] == GROUPS
    cases = await _cases(history)
    for issue in report.recurring_issues:
        rows = [cases[reference] for reference in issue.references]
        assert all(SINCE <= row.received_at < UNTIL and row.erased_at is None for row in rows)
        assert {row.category for row in rows} == {issue.category} and {row.language for row in rows} == {issue.lang}
        assert issue.products == dict(Counter(row.product or "" for row in rows))
    charged = report.recurring_issues[0]
    assert "charged twice" in charged.phrases and charged.products == {"Card": 2, "": 1}
    assert any("дважды" in phrase for phrase in report.recurring_issues[1].phrases)  # in the complaints' language
    sample = report.issue_sample
    in_period = sum(SINCE <= row.received_at < UNTIL for row in cases.values())
    assert sample is not None and sample.complete and (sample.read, sample.received) == (in_period, 11)  # one erased
    assert (sample.previous_read, sample.change(3, 2)) == (4, 0.5)  # every complaint read: the plain change


async def test_every_format_gives_the_issues_and_the_products(history: Core) -> None:
    report = await _report(history)
    labels = Labels(history.policy, "en")
    document = build_document(report, labels, NOW)
    data = json.loads(render(document, labels, Format.JSON))
    issues = _rows(data, "issues")
    assert [(row["current"], row["previous"]) for row in issues] == [(3, 2), (2, 0), (2, 1), (2, 0)]
    assert issues[0]["category"] == "Billing and payments" and issues[0]["products"] == "Card (2), (no product) (1)"
    assert issues[0]["change"] == 0.5
    assert set(issues[0]["cases"].split(", ")) == GROUPS[0][0]
    by_product = {row["key"]: row for row in _rows(data, "issues_product")}
    cases = await _cases(history)
    card = [row for row in cases.values() if row.product == "Card"]
    assert by_product["Card"]["current"] == sum(SINCE <= row.received_at < UNTIL for row in card) == 3  # one erased
    assert (by_product["Card"]["previous"], by_product["Card"]["recurring"]) == (2, 2)
    assert by_product["Courier"]["main_issue"] == issues[2]["issue"]
    markdown = render(document, labels, Format.MD)
    assert "## Recurring issues" in markdown and f"| {issues[0]['issue']} | Billing and payments | 3 | 2 |" in markdown
    page = render(document, labels, Format.HTML)
    assert '<table data-table="issues">' in page and '<h3 id="issues-issues">' in page
    assert page.split('<h3 id="issues-issues">')[1].split("<table")[0].count("<svg") == 1  # its chart
    csv_text = render(document, labels, Format.CSV)
    assert "issues,issues,issue-1," in csv_text and "issues,issues_product,Card," in csv_text
    iso = {row["key"]: row for row in _rows(data, "iso")}
    assert "recurring issues" in iso["8.2"]["evidence"] and "personal data removed" in iso["8.3"]["evidence"]


async def test_survey_comments_lose_their_personal_data_in_every_format(history: Core) -> None:
    report = await _report(history)
    comments = {comment.reference: comment for comment in report.survey_comments}
    english = comments["CMP-00000011"]
    assert english.comment == ("Thanks to [name], but [name] should not have to ring [phone] twice! Write to [email] "
                               "about order #[order] ([reference], also [reference]).")
    assert (english.rating, english.category, english.agent) == (2, "billing", "U2")
    assert comments["CMP-00000019"].comment == "Спасибо [name], всё решили быстро. Мой телефон [phone], почта [email]"
    assert comments["CMP-00000017"].comment == "Quick and polite"
    for lang in ("en", "ru"):
        labels = Labels(history.policy, lang)
        document = build_document(report, labels, NOW)
        for form in Format:
            shown = _comments_table(render(document, labels, form), form)
            assert "CMP-00000019" in shown and "[" in shown
            for value in PERSONAL:
                assert value not in shown, (lang, form, value)
    labels = Labels(history.policy, "ru")
    data = json.loads(render(build_document(report, labels, NOW), labels, Format.JSON))
    row = next(row for row in _rows(data, "comments") if row["key"] == "CMP-00000011")
    assert (row["rating"], row["category"], row["agent"]) == (2, "Счета и платежи", "U2")
    assert row["comment"].startswith("Thanks to [имя], but [имя] should not have to ring [телефон] twice! Write to [эл. почта]")


async def test_the_russian_report_names_the_new_sections_in_russian(history: Core) -> None:
    labels = Labels(history.policy, "ru")
    page = render(build_document(await _report(history), labels, NOW), labels, Format.HTML)
    for label in ("Повторяющиеся проблемы", "Жалобы об одном и том же", "О чём жалобы", "Повторяющиеся проблемы по продуктам",
                  "Крупнейшая повторяющаяся проблема", "Комментарии без персональных данных", "Сотрудник", "Категория",
                  "повторяющиеся проблемы (жалобы, сгруппированные по содержанию"):
        assert label in page, label


async def test_a_sampled_period_says_so_and_scales_the_change(history: Core, monkeypatch: pytest.MonkeyPatch) -> None:
    from core import recurring_issues

    monkeypatch.setattr(recurring_issues, "SAMPLE", 6)  # the latest six complaints of each period
    report = await _report(history)
    sample = report.issue_sample
    assert sample is not None and (sample.read, sample.received, sample.previous_read, sample.previous_received) == (6, 11, 4, 4)
    assert not sample.complete and all(set(issue.references) <= {f"CMP-{i:08d}" for i in range(15, 21)}
                                       for issue in report.recurring_issues)
    for lang, words in (("en", "Grouped among the latest 6 of 11 complaints received"),
                        ("ru", "Сгруппированы последние 6 из 11 поступивших жалоб")):
        labels = Labels(history.policy, lang)
        assert words in render(build_document(report, labels, NOW), labels, Format.MD)
    russian = Labels(history.policy, "ru")
    assert "из 21 поступившей жалобы" in russian("issues_sampled", n=21, read="6", total="21")
    assert "из 1000 поступивших жалоб" in russian("issues_sampled", n=1000, read="6", total="1000")


async def test_without_language_tools_the_issues_are_left_out_and_known_data_still_goes(history: Core) -> None:
    report = await history.queries.report(SINCE, UNTIL)
    assert report.issue_sample is None and report.recurring_issues == ()
    comment = next(c.comment for c in report.survey_comments if c.reference == "CMP-00000011")
    assert "Priya" not in comment and "priya.raman@example.com" not in comment and "A-5521" not in comment
    labels = Labels(history.policy, "en")
    assert "Recurring issues" not in render(build_document(report, labels, NOW), labels, Format.MD)
