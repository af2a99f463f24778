"""Test code is shared through tests/support/ and fixtures: no module imports another test
module, a conftest, or a helper kept in a test package's folder (the benchmarks neither)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SHARED = "tests.support"
TEST_PACKAGE_FILES = ("conftest.py", "__init__.py")


def imported(path: Path) -> Iterator[str]:
    """The modules ``path`` imports (``from tests import x`` counts as ``tests.x``; a relative
    import as ``.x``)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            yield from (f"{base}.{alias.name}" for alias in node.names) if base in ("tests", ".") else (base,)


def test_tests_and_benchmarks_import_shared_test_code_only_from_tests_support() -> None:
    files = sorted(TESTS.rglob("*.py")) + sorted((REPO / "bench").rglob("*.py"))
    wrong = [f"{path.relative_to(REPO)} imports {module}" for path in files for module in imported(path)
             if module.startswith(".") or (module.split(".")[0] == "tests" and module != SHARED
                                           and not module.startswith(SHARED + "."))]
    assert wrong == []


def test_test_packages_hold_only_tests_and_their_fixtures() -> None:
    helpers = [str(path.relative_to(REPO)) for path in sorted(TESTS.rglob("*.py"))
               if path.relative_to(TESTS).parts[0] != "support"
               and not path.name.startswith("test_") and path.name not in TEST_PACKAGE_FILES]
    assert helpers == [], "shared helpers belong in tests/support/"
