"""``/complaints stats``: the report's headline for the last 30 days, told to the asking agent in
Block Kit with figures checked against the database, and its chart uploaded as a PNG to their DM
through Slack's upload flow (URL, POST, complete) on the fake Web API; in English and Russian. A
non-agent is refused; a failed upload still gives the figures, and is logged."""

from __future__ import annotations

import logging
import struct
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.case_filter import CaseFilter
from core.storage import tables
from tests.support.catalog import say
from tests.support.slack.payloads import slash_command
from tests.support.slack.product import AGENT, OUTSIDER, Product
from tests.support.slack.web_api import ApiCall

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def fields(call: ApiCall) -> dict[str, list[str]]:
    """The answer's figures: each field's label -> its value and detail lines."""
    found: dict[str, list[str]] = {}
    for block in call["blocks"]:
        for field in block.get("fields", []) if block["type"] == "section" else []:
            label, *rest = field["text"].split("\n")
            found[label.strip("*")] = [line.strip("_") for line in rest]
    return found


def note(call: ApiCall) -> str:
    return str(call["blocks"][-1]["elements"][0]["text"])


async def received_in_the_last_30_days(product: Product) -> int:
    c = tables.cases.c
    since = product.clock.now() - timedelta(days=31)
    async with product.core.engine.connect() as connection:
        return int((await connection.execute(select(func.count()).where(c.received_at >= since))).scalar_one())


async def ask_for_stats(product: Product, user: str = AGENT) -> ApiCall:
    await product.poster.command(slash_command(user=user, command="/complaints", text="stats"))
    [answer] = await product.api.wait_for("chat.postEphemeral", user=user, timeout=30)
    return answer


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_an_agent_gets_the_headline_figures_and_the_chart_in_their_dm(product: Product, lang: str) -> None:
    if lang == "ru":
        product.api.locales[AGENT] = "ru-RU"
    await product.new_case()
    await product.new_case(address="5550003", text="Доставка опоздала на две недели, посылка повреждена.")

    answer = await ask_for_stats(product)

    figures = fields(answer)
    open_cases = await product.core.queries.list_cases(CaseFilter(open_only=True, limit=1000))
    received = await received_in_the_last_30_days(product)
    assert received == 2
    assert figures[say("report.headline.received", lang)][0] == str(received)
    assert figures[say("report.headline.open", lang)][0] == str(len(open_cases))
    assert figures[say("report.headline.overdue", lang)][0] == str(len(await product.core.queries.overdue()))
    assert figures[say("report.chat.escalations", lang)][0] == "0"
    assert say("report.chat.first_response", lang) in figures and say("report.chat.resolution", lang) in figures
    assert answer["blocks"][0]["text"]["text"] == say("report.table.headline", lang)
    assert note(answer) == say("slack.slash.stats_chart_sent", lang)
    assert say("report.headline.received", lang) in answer["text"]  # the fallback text has the same figures

    [completed] = await product.api.wait_for("files.completeUploadExternal")
    [upload] = product.api.uploads.values()
    assert [c.method for c in product.api.calls if c.method in ("conversations.open", "files.getUploadURLExternal",
                                                               "upload", "files.completeUploadExternal")] == [
        "conversations.open", "files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
    assert upload.completed and upload.channel == "D" + AGENT[1:], "the chart goes to the asker's DM"
    assert upload.data is not None and upload.data.startswith(PNG_MAGIC)
    assert 5_000 < len(upload.data) < 500_000
    width, height = struct.unpack(">II", upload.data[16:24])  # the IHDR chunk
    assert width >= 600 and height >= 150
    assert upload.filename.endswith(".png") and upload.alt_txt == say("slack.slash.stats_chart_alt", lang)
    assert say("report.period", lang, since="", until="", previous_since="", previous_until="")[:6] in upload.initial_comment
    assert completed.answer["files"][0]["mimetype"] == "image/png"


async def test_someone_who_is_not_an_agent_gets_neither_figures_nor_chart(product: Product) -> None:
    await product.new_case()
    answer = await ask_for_stats(product, OUTSIDER)
    assert answer["text"] == say("slack.refusal.not_agent", "en")
    assert "blocks" not in answer.params or not answer["blocks"]
    assert not product.api.uploads and not product.api.of("conversations.open")


@pytest.mark.parametrize("failure", ["upload_url_answers_500", "slack_refuses_the_upload"])
async def test_a_failed_upload_still_gives_the_figures_and_is_logged(
        product: Product, failure: str, caplog: pytest.LogCaptureFixture) -> None:
    if failure == "upload_url_answers_500":
        product.api.upload_status = 500
    else:
        product.api.failures["files.getUploadURLExternal"] = "not_allowed_token_type"
    await product.new_case()
    with caplog.at_level(logging.WARNING, logger="channels.slack.stats"):
        answer = await ask_for_stats(product)
    figures = fields(answer)
    assert figures[say("report.headline.received", "en")][0] == str(await received_in_the_last_30_days(product)) == "1"
    assert note(answer) == say("slack.slash.stats_chart_failed", "en")
    assert not product.api.of("files.completeUploadExternal")
    assert not any(upload.completed for upload in product.api.uploads.values())
    assert any("stats chart could not be sent" in r.getMessage() for r in caplog.records)
