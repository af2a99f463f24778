"""Sending the web pages' forms as a browser does, with aiohttp's test client: the CSRF cookie
and the hidden fields read from the page first."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from aiohttp import FormData
from aiohttp.test_utils import TestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.storage import tables

_HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]{1,40})" value="([^"]{0,200})">')


async def hidden_fields(client: TestClient, path: str, **query: str) -> dict[str, str]:
    """The hidden fields of the form on ``path`` (the CSRF token, the form's id, its language)."""
    response = await client.get(path, params=query)
    assert response.status == 200, await response.text()
    return dict(_HIDDEN.findall(await response.text()))


def multipart(fields: dict[str, str], files: Sequence[tuple[str, bytes, str]] = (), file_field: str = "attachments") -> FormData:
    """A multipart/form-data body as a browser sends it; ``files`` as (name, bytes, content type)."""
    data = FormData()
    for name, value in fields.items():
        data.add_field(name, value)
    for filename, content, content_type in files:
        data.add_field(file_field, io.BytesIO(content), filename=filename, content_type=content_type)
    if not files:
        data.add_field(file_field, b"", filename="", content_type="application/octet-stream")
    return data


async def cases(engine: AsyncEngine) -> list[dict[str, Any]]:
    async with engine.connect() as connection:
        rows = (await connection.execute(select(tables.cases))).mappings().all()
    return [dict(row) for row in rows]


async def rows_of(engine: AsyncEngine, table_name: str) -> list[dict[str, Any]]:
    async with engine.connect() as connection:
        rows = (await connection.execute(select(tables.metadata.tables[table_name]))).mappings().all()
    return [dict(row) for row in rows]
