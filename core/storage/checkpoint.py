"""WAL checkpoints off the event loop.

SQLite copies its write-ahead log back into the database file every 1,000 pages by default, in
whichever connection commits at that moment, and syncs the file to disk while doing so. The
embedded database runs its statements on the event loop (``core.storage.inline_sqlite``), so that
sync would stall every channel. The product's connections therefore turn automatic checkpoints off
and this thread runs a PASSIVE checkpoint (one that never waits for readers or writers) every
second on a connection of its own; SQLite releases the GIL while it writes and syncs.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)
CHECKPOINT_INTERVAL_SECONDS = 1.0


class WalCheckpointer:
    def __init__(self, path: Path, interval: float = CHECKPOINT_INTERVAL_SECONDS) -> None:
        self.path = path
        self.interval = interval
        self.runs = 0
        self.last: tuple[int, int, int] | None = None  # (busy, frames in the log, frames checkpointed)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        try:
            while not self._stop.wait(self.interval):
                if not self.path.exists():
                    continue  # not created (migrated) yet
                try:
                    connection = connection or sqlite3.connect(self.path, timeout=1.0)
                    busy, frames, done = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                except sqlite3.Error as error:
                    log.warning("WAL checkpoint of %s failed: %s", self.path, error)
                    continue
                self.last, self.runs = (busy, frames, done), self.runs + 1
        finally:
            if connection is not None:
                connection.close()
