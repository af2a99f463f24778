"""``/complaints stats``: the management report's headline for the last 30 days in Block Kit
(only for the asker, like every answer to a slash command), and its chart of complaints by
category beside the previous period as a PNG uploaded to the asker's DM with the app (an
ephemeral message cannot carry a file, and the triage channel may hold people who are not
agents). The figures never wait on the chart: if drawing or uploading it fails, they go out all
the same, saying so, and the failure is logged."""

from __future__ import annotations

import asyncio
import logging

from channels.reporting.charts import chart_png
from channels.reporting.document import Document, build_document
from channels.reporting.headline import Figure, headline_figures
from channels.reporting.labels import Labels
from channels.reporting.period import period_of
from channels.slack.deps import SlackDeps
from channels.slack.escape import clip, escape_control
from channels.slack.failures import failure_code
from channels.slack.texts import t

log = logging.getLogger(__name__)
STATS_DAYS = 30
CHART_TABLE = "category"
CHART_FILENAME = "complaints-by-category.png"
FIELDS_PER_SECTION = 10  # Block Kit's limit


class Stats:
    def __init__(self, deps: SlackDeps) -> None:
        self.deps = deps

    async def answer(self, user: str, lang: str) -> tuple[str, list[dict]]:
        """The text and blocks to tell ``user``, after sending them the chart."""
        core = self.deps.core
        now = core.clock.now()
        since, until = period_of(core.policy.business_hours.zone, now, STATS_DAYS)
        labels = Labels(core.policy, lang)
        document = build_document(await core.queries.report(since, until), labels, now)
        figures = headline_figures(document, labels)
        note = await self._send_chart(document, user, lang)
        return fallback_text(document, figures, note), stats_blocks(document, figures, note)

    async def _send_chart(self, document: Document, user: str, lang: str) -> str:
        table = document.table(CHART_TABLE)
        client = self.deps.client
        try:
            png = await asyncio.to_thread(chart_png, table, table.title, document.period) if table else None
            if png is None:
                return t("slash.stats_no_chart", lang)
            opened = await client.conversations_open(users=user)
            await client.files_upload_v2(channel=str(opened["channel"]["id"]), file=png, filename=CHART_FILENAME,
                                         title=table.title if table else CHART_FILENAME,
                                         alt_txt=t("slash.stats_chart_alt", lang),
                                         initial_comment=t("slash.stats_chart_comment", lang, period=document.period))
        except Exception as error:  # the figures go out without the chart
            log.warning("slack: the stats chart could not be sent (%s); the figures go without it", failure_code(error))
            return t("slash.stats_chart_failed", lang)
        return t("slash.stats_chart_sent", lang)


def stats_blocks(document: Document, figures: list[Figure], note: str) -> list[dict]:
    """A header, the period, the figures as fields (label, value, detail) and the chart's note."""
    headline = document.table("headline")
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": clip(headline.title if headline else document.title, 150)}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(escape_control(document.period), 3000)}]},
    ]
    fields = [{"type": "mrkdwn", "text": clip(_field(figure), 2000)} for figure in figures]
    for start in range(0, len(fields), FIELDS_PER_SECTION):
        blocks.append({"type": "section", "fields": fields[start:start + FIELDS_PER_SECTION]})
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": clip(escape_control(note), 3000)}]})
    return blocks


def _field(figure: Figure) -> str:
    text = f"*{escape_control(figure.label)}*\n{escape_control(figure.value)}"
    return text + (f"\n_{escape_control(figure.detail)}_" if figure.detail else "")


def fallback_text(document: Document, figures: list[Figure], note: str) -> str:
    """The same figures as plain lines (notifications, clients without blocks)."""
    headline = document.table("headline")
    lines = [f"*{escape_control(headline.title if headline else document.title)}*", escape_control(document.period)]
    for figure in figures:
        line = f"{figure.label}: {figure.value}" + (f" ({figure.detail})" if figure.detail else "")
        lines.append(escape_control(line))
    lines.append(escape_control(note))
    return clip("\n".join(lines), 3900)
