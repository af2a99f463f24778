"""Storage failures as the layers above the storage see them, without naming the driver.

A command that fails with one of these did not commit; what each calls for differs:
``CONFLICTS`` (a unique key written before: someone else did it first), ``STALE`` (the record
changed since it was read: read it again), and a transient failure (the database away or busy
for a moment: the same work may succeed later)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from core.storage.engine import lost_connection, transient_storage_error

CONFLICTS: tuple[type[Exception], ...] = (IntegrityError,)
STALE: tuple[type[Exception], ...] = (StaleDataError,)


def connection_lost(error: BaseException) -> bool:
    """The connection went away mid-command: nothing was committed; a fresh one may succeed."""
    return lost_connection(error)


def transient(error: BaseException) -> bool:
    """The database was away or busy (lost connection, lock timeout, refused connection)."""
    return transient_storage_error(error)
