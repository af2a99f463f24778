"""Looking for a person's details everywhere the product keeps data: every text, JSON and binary
column of every table, and every file under the data directory (mail decoded, as a reader sees it)."""

from __future__ import annotations

import email
import email.policy
import json
import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import JSON, LargeBinary, String, select
from sqlalchemy.types import TypeDecorator

from core.runtime import Core
from core.storage.tables import metadata

# The database's own files are searched through SQL above, row by row; a raw search of them would
# also see free pages that SQLite has not reused yet (a matter of VACUUM, not of erasure).
DATABASE_FILES = ("complaintdesk.sqlite3", "complaintdesk.sqlite3-wal", "complaintdesk.sqlite3-shm")
MAILDIR_PARTS = frozenset({"cur", "new", "tmp"})


def _as_text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


async def found_in_database(core: Core, needles: tuple[str, ...]) -> list[str]:
    """``table.column: needle`` for every place a needle (case-insensitive) is still stored."""
    wanted = [needle.lower() for needle in needles]
    found = []
    async with core.uow(read_only=True) as uow:
        for table in metadata.sorted_tables:
            for column in table.columns:
                stored = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
                if not isinstance(stored, (String, JSON, LargeBinary)):
                    continue
                for value in (await uow.session.execute(select(column).where(column.is_not(None)))).scalars():
                    text = _as_text(value).lower()
                    found += [f"{table.name}.{column.name}: {needle}" for needle in wanted if needle in text]
    return sorted(set(found))


def _readings(path: Path) -> list[str]:
    """The file as bytes read as text; a mail also decoded (headers, and every part's content)."""
    raw = path.read_bytes()
    readings = [raw.decode("utf-8", errors="replace")]
    if path.parent.name in MAILDIR_PARTS:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        readings += [f"{key}: {value}" for key, value in message.items()]
        for part in message.walk():
            if not part.is_multipart():
                content = part.get_content()
                readings.append(_as_text(content))
    return readings


def found_in_files(root: Path, needles: tuple[str, ...]) -> list[str]:
    """``relative path: needle`` for every file under ``root`` (symbolic links not followed)
    that still holds a needle (case-insensitive)."""
    wanted = [needle.lower() for needle in needles]
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.name in DATABASE_FILES:
            continue
        text = "\n".join(_readings(path)).lower()
        found += [f"{path.relative_to(root)}: {needle}" for needle in wanted if needle in text]
    return found


def found_in_sqlite_file(database: Path, needles: tuple[str, ...]) -> list[str]:
    """The needles (case-insensitive) still in the bytes of the SQLite file, free pages and all,
    once the write-ahead log is checkpointed into it and emptied."""
    with closing(sqlite3.connect(database)) as connection:
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    assert busy == 0, "the checkpoint could not run: a transaction is open"
    raw = b"".join(path.read_bytes() for path in (database, database.with_name(database.name + "-wal"))
                   if path.exists()).lower()
    return [needle for needle in needles if needle.lower().encode() in raw]
