"""A failure's traceback in the log shows where, never the words of the message that failed."""

from __future__ import annotations

from core.tracebacks import where_it_failed


def _parse(text: str) -> None:
    raise ValueError(f"cannot read {text!r}")


PERSON = ("Ann Example", "ann@example.org", "+44 7700 900123")


def test_the_traceback_keeps_frames_and_types_and_drops_messages() -> None:
    name, address, phone = PERSON  # what a message carried (source lines show in a traceback; data not)
    try:
        try:
            _parse(", ".join((name, address, phone)))
        except ValueError as error:
            raise RuntimeError(f"while handling the mail of {address}") from error
    except RuntimeError as error:
        logged = where_it_failed(error)
    assert not any(detail in logged for detail in PERSON)
    assert "in _parse" in logged and "ValueError" in logged and logged.endswith("RuntimeError")
    assert "The above exception was the direct cause" in logged
