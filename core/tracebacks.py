"""Tracebacks for logs that name ids only (ISO 10002 4.10)."""

from __future__ import annotations

import traceback


def where_it_failed(error: BaseException) -> str:
    """The traceback of ``error`` (and of what caused it) without the exceptions' messages, which
    may quote what a person wrote: enough for an operator to find the fault, nothing of them."""
    lines = []
    for part in traceback.TracebackException.from_exception(error).format(chain=True):
        if part.startswith(("  ", "Traceback", "\n")):
            lines.append(part)
        else:  # "ValueError: <message>": the type only
            lines.append(part.split(":", 1)[0].rstrip() + "\n")
    return "".join(lines).rstrip()
