"""The private (or undocumented) APIs of other libraries that the product leans on, one test each:
an upgrade that takes away what the product uses fails here, by name, before it fails somewhere
deep in a conversation. docs/architecture.md ("Private API touch points") lists them, with the
versions they were checked against and the upper bounds pinned in pyproject.toml."""

from __future__ import annotations

import asyncio
import gc
import inspect
import io
import json
import re
import sqlite3
from email.generator import BytesGenerator
from email.mime.text import MIMEText
from email.policy import Compat32
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import text

from config.settings import Settings
from core.storage.engine import create_engine
from core.storage.inline_sqlite import InlineConnection, InlineCursor


# -- SQLAlchemy's aiosqlite dialect drives core.storage.inline_sqlite as if it were aiosqlite ------

# What the dialect's adapter reads on aiosqlite's objects but never reaches on the product's paths.
NOT_REACHED = {
    "_tx": "aiosqlite's request queue, used only by the isolation_level setter; the product never sets one",
    "nextset": "only for several result sets, which SQLite never returns",
    "setinputsizes": "never called by the SQLite dialect",
    "__aiter__": "server-side cursors (stream results), which the product does not use",
}


def _adapter_sources() -> tuple[str, str]:
    """The source of SQLAlchemy's adapter classes around the driver's connection and cursor."""
    from sqlalchemy.dialects.sqlite import aiosqlite as dialect

    def source(*classes: type) -> str:
        return "\n".join(inspect.getsource(klass) for cls in classes for klass in cls.__mro__
                         if klass.__module__.startswith("sqlalchemy."))

    return (source(dialect.AsyncAdapt_aiosqlite_connection),
            source(dialect.AsyncAdapt_aiosqlite_cursor, dialect.AsyncAdapt_aiosqlite_ss_cursor))


def test_the_sqlalchemy_adapter_reads_only_what_the_inline_connection_has(tmp_path: Path) -> None:
    """SQLAlchemy's aiosqlite adapter reads aiosqlite's private ``_conn`` and ``_connection`` (and
    calls ``stop``, ``cursor``, ...) on the driver's connection; the inline connection offers the
    same names. A SQLAlchemy release whose adapter reads a new one fails here."""
    connection_source, cursor_source = _adapter_sources()
    on_connection = set(re.findall(r"self\._connection\.(\w+)", connection_source + cursor_source))
    on_connection |= set(re.findall(r"\bconnection\.(cursor)\(", cursor_source))
    on_cursor = set(re.findall(r"self\._cursor\.(\w+)", cursor_source)) | set(re.findall(r"\bcursor\.(__\w+__)", cursor_source))
    assert {"_conn", "_connection", "cursor", "close"} <= on_connection  # the scan still finds what it looks for
    assert {"execute", "fetchall", "description"} <= on_cursor

    raw = sqlite3.connect(tmp_path / "probe.sqlite3", isolation_level=None)
    try:
        connection, cursor = InlineConnection(raw), InlineCursor(raw.cursor())
        assert connection._conn is raw and connection._connection is raw  # noqa: SLF001
        missing = sorted(name for name in on_connection - NOT_REACHED.keys() if not hasattr(connection, name))
        missing += sorted(f"cursor.{name}" for name in on_cursor - NOT_REACHED.keys() if not hasattr(cursor, name))
        assert missing == [], f"SQLAlchemy's aiosqlite adapter now reads {missing} on the driver's objects"
    finally:
        raw.close()


def test_closed_inline_connection_fails_as_the_adapter_expects_of_aiosqlite() -> None:
    """The adapter turns aiosqlite's ``ValueError("Connection closed")`` into an OperationalError
    by its message; the inline connection raises the same one."""
    from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection

    assert '"connection closed"' in inspect.getsource(AsyncAdapt_aiosqlite_connection._handle_exception_no_connection)
    connection = InlineConnection(sqlite3.connect(":memory:"))
    connection.stop()
    with pytest.raises(ValueError, match="^Connection closed$"):
        connection.cursor()


async def test_the_engine_hands_the_inline_connection_to_its_events(settings: Settings) -> None:
    """``driver_connection`` (what the ``begin`` event calls ``begin_immediate`` on) is the object
    the ``async_creator`` made: the dialect's ``get_driver_connection`` returns its ``_connection``."""
    engine = create_engine(settings.effective_database_url)
    try:
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            assert isinstance(raw.driver_connection, InlineConnection)
    finally:
        await engine.dispose()


async def test_await_only_runs_a_coroutine_inside_a_sync_engine_event(settings: Settings) -> None:
    """The engine's sync ``begin`` event awaits ``begin_immediate()`` with ``sqlalchemy.util.await_only``
    (undocumented; an alias of ``await_`` since 2.1, announced for removal): while another
    connection holds the write lock, the event loop keeps running until it is let go."""
    from sqlalchemy.util import await_only

    assert callable(await_only)
    engine = create_engine(settings.effective_database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE probe (x INTEGER)"))
        holder = sqlite3.connect(settings.data_dir / "complaintdesk.sqlite3", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        asyncio.get_running_loop().call_later(0.05, holder.execute, "ROLLBACK")  # runs only if the loop does
        try:
            async with engine.begin() as connection:
                await connection.execute(text("INSERT INTO probe VALUES (1)"))
                driver = (await connection.get_raw_connection()).driver_connection
            assert driver.busy_waits > 0
        finally:
            holder.close()
    finally:
        await engine.dispose()


# -- the standard library's email package: Compat32._fold --------------------------------------------


def test_compat32_writes_every_header_through_fold() -> None:
    """channels/email/outbound/compose.py's wire policy overrides ``Compat32._fold(name, value, sanitize)``
    to keep Message-IDs unfolded; the generator must still write each header through it."""
    assert list(inspect.signature(Compat32._fold).parameters) == ["self", "name", "value", "sanitize"]
    folded: list[str] = []

    class Recording(Compat32):
        def _fold(self, name: str, value: Any, sanitize: bool) -> str:
            folded.append(name)
            return super()._fold(name, value, sanitize)  # type: ignore[misc]  # private in typeshed

    message = MIMEText("body", "plain", "utf-8")
    message["Subject"] = "a subject"
    message["Message-ID"] = "<a.b@example.org>"
    out = io.BytesIO()
    BytesGenerator(out, policy=Recording(linesep="\r\n")).flatten(message)
    assert {"Subject", "Message-ID", "Content-Type"} <= set(folded)
    assert b"\r\nMessage-ID: <a.b@example.org>\r\n" in out.getvalue()


# -- aiogram: the Bot API session --------------------------------------------------------------------


def _bot_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"telegram_token": SecretStr("123456:probe-token")})


async def test_the_aiogram_session_hands_out_its_aiohttp_session(settings: Settings) -> None:
    """Long polling (channels/telegram/polling.py) posts getUpdates through
    ``bot.session.create_session()``: aiogram's own aiohttp session, made once and reused."""
    import aiohttp

    from channels.telegram.api import build_bot

    bot = build_bot(_bot_settings(settings))
    first = await bot.session.create_session()
    try:
        assert isinstance(first, aiohttp.ClientSession)
        assert await bot.session.create_session() is first
    finally:
        await bot.session.close()
    assert first.closed


async def test_the_answer_models_aiogram_builds_are_the_ones_kept_alive(settings: Settings) -> None:
    """``BotApiSession`` keeps each ``Response[...]`` model in a class dict so that pydantic's weak
    cache of parametrised models hands the same one to aiogram's ``check_response`` every time."""
    from aiogram.client.session.base import BaseSession
    from aiogram.methods import GetMe
    from aiogram.methods.base import Response
    from aiogram.types import User

    from channels.telegram.api import BotApiSession, build_bot

    assert "Response[method.__returning__]" in inspect.getsource(BaseSession.check_response)
    bot = build_bot(_bot_settings(settings))
    try:
        session = bot.session
        assert isinstance(session, BotApiSession)
        content = json.dumps({"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "Probe"}})
        answer = session.check_response(bot, GetMe(), 200, content)
        assert answer.result.first_name == "Probe"
        kept = BotApiSession._answer_models[User]  # noqa: SLF001
        gc.collect()
        assert Response[User] is kept, "pydantic built the answer model again: keeping it no longer helps"
    finally:
        await bot.session.close()


# -- mail-parser-reply: languages registered in its module-level table --------------------------------


def test_russian_is_registered_in_mail_parser_reply_s_language_table() -> None:
    """channels/email/inbound/quoting.py adds Russian to ``mailparser_reply.constants.MAIL_LANGUAGES``, which
    the parser reads when it is made; the entry must have the keys the built-in ones have."""
    from mailparser_reply import EmailReplyParser
    from mailparser_reply.constants import MAIL_LANGUAGES, QUOTED_MATCH_INCLUDE

    from channels.email.inbound.quoting import _RUSSIAN

    assert isinstance(QUOTED_MATCH_INCLUDE, str)
    assert MAIL_LANGUAGES["ru"] is _RUSSIAN
    assert set(MAIL_LANGUAGES["en"]) == set(_RUSSIAN)
    reply = EmailReplyParser(languages=["ru"]).read("Спасибо.\n\nС уважением,\nИван\n").replies[0]
    assert reply.body.strip() == "Спасибо."


# -- spaCy and thinc internals behind nlu/bow.py's text classifier -------------------------------------


def test_the_spacy_and_thinc_helpers_of_the_bag_of_words_model_are_there() -> None:
    """nlu/bow.py builds spaCy's bag-of-words classifier from the helpers spaCy's own ``TextCatBOW``
    uses, which are not part of spaCy's documented API."""
    from spacy.ml.extract_ngrams import extract_ngrams
    from spacy.ml.models.textcat import resize_and_set_ref
    from thinc.layers.resizable import resize_linear_weighted

    assert {"ngram_size", "attr"} <= set(inspect.signature(extract_ngrams).parameters)
    assert list(inspect.signature(resize_and_set_ref).parameters) == ["model", "new_nO", "resizable_layer"]
    assert "fill_defaults" in inspect.signature(resize_linear_weighted).parameters

    from nlu.bow import build_lemma_char_bow

    model = build_lemma_char_bow(exclusive_classes=True, ngram_size=1, no_output_layer=False, nO=2)
    resized = model.attrs["resize_output"](model, 3)
    assert resized.get_dim("nO") == 3
