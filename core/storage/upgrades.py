"""``db upgrade``'s report: whether it created the schema, migrated it, or found it current.

The revision before and after is read with Alembic's public environment API over the same
configuration (and so the same ``migrations/env.py``) that ``upgrade`` runs."""

from __future__ import annotations

from dataclasses import dataclass

from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from core.storage.schema import alembic_config, upgrade


@dataclass(frozen=True, slots=True)
class Migrated:
    before: tuple[str, ...]  # the revisions the database was at; none for a new database
    after: tuple[str, ...]

    def summary(self) -> str:
        now = ", ".join(self.after)
        if not self.before:
            return f"new database: schema created (revision {now})"
        if self.before == self.after:
            return f"database is up to date (revision {now})"
        return f"database migrated from revision {', '.join(self.before)} to {now}"


def current_revisions(url: str) -> tuple[str, ...]:
    """The revisions the database at ``url`` is at (none when it has no schema yet)."""
    config = alembic_config(url)
    script = ScriptDirectory.from_config(config)
    found: list[str] = []

    def read(heads: tuple[str, ...], context: MigrationContext) -> list[object]:
        found.extend(heads)
        return []  # no migration steps: only look

    with EnvironmentContext(config, script, fn=read, dont_mutate=True):
        script.run_env()
    return tuple(sorted(found))


def migrate(url: str) -> Migrated:
    """Migrate the database at ``url`` to the newest schema (call from outside an event loop)."""
    before = current_revisions(url)
    upgrade(url)
    return Migrated(before, current_revisions(url))
