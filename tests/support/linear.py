"""Proof that text handling is linear, and that no regular expression of a package goes unproven.

:func:`assert_linear` runs a piece of text handling on its worst case at growing sizes, each four
times the last, up to about a megabyte. Linear work takes about four times as long at each step,
quadratic work sixteen times: a step that costs more than :data:`RATIO` times the step before fails
at once (so a regression fails in a second or so instead of hanging), and the largest input must
finish within :data:`LIMIT` seconds (a hang guard, not a speed target).

:func:`regex_sites` lists every place a package's source hands a pattern to ``re`` (or a pydantic
``Field(pattern=...)``), so that each test module can require a worst case for each of them.
"""

from __future__ import annotations

import ast
import gc
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SIZES = tuple(4**power for power in range(3, 11))  # 64 characters (an exponential shape fails fast) to a megabyte
RATIO = 10.0  # four times the input may take at most ten times as long (quadratic: sixteen)
SLACK = 0.01  # seconds allowed above the ratio: timer noise and a scheduler's hiccup on tiny inputs
LIMIT = 5.0  # seconds for the largest input
REPEATS = 3  # the fastest of a few runs: another process on the machine does not count against us
ONE_RUN = 0.05  # seconds: a run this long is measured once
_RE_FUNCTIONS = frozenset({"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"})


@dataclass(frozen=True)
class Case:
    """One regular expression's proof: ``run`` does with a text what the project does with the
    expression; each of ``worst`` makes the input of about ``n`` characters that costs it most (the
    shape that was quadratic, or the one with the most backtracking)."""

    run: Callable[[str], object]
    worst: tuple[Callable[[int], str], ...]


def case(run: Callable[[str], object], *worst: Callable[[int], str]) -> Case:
    return Case(run, worst)


def times(unit: str, prefix: str = "", suffix: str = "") -> Callable[[int], str]:
    """A worst case: ``prefix``, ``unit`` repeated to about ``n`` characters, ``suffix``."""
    return lambda n: prefix + unit * max(1, n // len(unit)) + suffix


def seconds(run: Callable[[str], object], text: str) -> float:
    """The fastest of a few runs (one when it is slow enough to measure), with the collector paused."""
    best = math.inf
    gc.disable()
    try:
        for _ in range(REPEATS):
            start = time.perf_counter()
            run(text)
            best = min(best, time.perf_counter() - start)
            if best > ONE_RUN:
                break
    finally:
        gc.enable()
    return best


def assert_linear(run: Callable[[str], object], worst: Callable[[int], str], sizes: tuple[int, ...] = SIZES) -> None:
    previous: float | None = None
    for size in sizes:
        text = worst(size)
        took = seconds(run, text)
        if previous is not None and took > RATIO * previous + SLACK:
            took = min(took, seconds(run, text))  # once more: another process may have had the processor
        if previous is not None:
            assert took <= RATIO * previous + SLACK, (
                f"{len(text):,} characters took {took:.3f} s, a quarter of them {previous:.3f} s: super-linear")
        previous = took
    assert previous is not None and previous <= LIMIT, f"{len(text):,} characters took {previous:.1f} s"


def assert_case_linear(proof: Case) -> None:
    for worst in proof.worst:
        assert_linear(proof.run, worst)


def _holders(tree: ast.Module) -> Iterator[tuple[str, ast.AST]]:
    """Each node with the name it belongs to: its function or class, or its module-level assignment."""
    def walk(node: ast.AST, holder: str) -> Iterator[tuple[str, ast.AST]]:
        for child in ast.iter_child_nodes(node):
            name = holder
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{holder}.{child.name}" if holder else child.name
            elif not holder and isinstance(child, (ast.Assign, ast.AnnAssign)):
                name = ast.unparse(child.targets[0] if isinstance(child, ast.Assign) else child.target)
            yield name, child
            yield from walk(child, name)

    yield from walk(tree, "")


def _is_regex(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    function = node.func
    if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name):
        if function.value.id == "re" and function.attr in _RE_FUNCTIONS:
            return True
    return any(keyword.arg == "pattern" for keyword in node.keywords)  # pydantic's Field(pattern=...)


def regex_sites(package: str) -> set[str]:
    """``"path:holder:n"`` for the n-th regular expression (in source order) that ``holder`` (a
    module-level name, or a function or class) hands to ``re`` in the package's source."""
    sites = set()
    for path in sorted((REPO / package).rglob("*.py")):
        counts: dict[str, int] = {}
        for holder, node in _holders(ast.parse(path.read_text(encoding="utf-8"))):
            if _is_regex(node):
                counts[holder] = counts.get(holder, 0) + 1
                sites.add(f"{path.relative_to(REPO).as_posix()}:{holder or '<module>'}:{counts[holder]}")
    return sites
