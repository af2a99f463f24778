"""The shared corpora (real Telegram updates, Slack payloads, mail, CFPB narratives), which live
beside the repository in ``../shared/corpora``, not in it.

A standalone clone has none: locally their tests are skipped with a loud reason, under CI
(``CI=true``) they fail, as for the PostgreSQL and Redis servers (``tests.support.servers``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tests.support.loud import unavailable

REPO = Path(__file__).resolve().parents[2]
DEFAULT_LOCATION = REPO.parent / "shared" / "corpora"


def location() -> Path:
    """Where the corpora are: ``COMPLAINTDESK_TEST_CORPORA``, or ``shared/corpora`` beside the clone."""
    configured = os.environ.get("COMPLAINTDESK_TEST_CORPORA")
    return Path(configured) if configured else DEFAULT_LOCATION


@dataclass(frozen=True)
class Corpora:
    """The corpora's folder; ``corpora / "slack-events"`` is a corpus that is there, or the test
    stops as :func:`tests.support.loud.unavailable` says."""

    root: Path

    def __truediv__(self, name: str) -> Path:
        path = self.root / name
        if not path.exists():
            unavailable(f"the shared corpus {name!r} is missing at {path}")
        return path


def require_corpora() -> Corpora:
    root = location()
    if not root.is_dir():
        unavailable(f"the shared corpora are missing at {root}: clone the repository with shared/ beside it, "
                    "or set COMPLAINTDESK_TEST_CORPORA to their folder")
    return Corpora(root)
