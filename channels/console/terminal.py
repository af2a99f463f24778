"""Text someone else wrote, made safe to print on an agent's terminal with Rich: shown as typed
(never read as Rich markup) and with control characters made visible instead of obeyed, so an
escape sequence in a complaint can neither clear the screen, retitle the window, plant a
hyperlink, nor overwrite a line with a carriage return."""

from __future__ import annotations

from rich.text import Text

_KEPT = "\n\t"


def _visible(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode's control pictures: ESC shows as ␛, BEL as ␇, CR as ␍
    if code == 0x7F:
        return "␡"
    return f"<{code:02X}>"  # C1 controls have no pictures: CSI (0x9b) shows as <9B>


_NEUTRAL = str.maketrans({code: _visible(code) for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))
                          if chr(code) not in _KEPT})


def neutralised(text: str) -> str:
    """``text`` with every C0 and C1 control character except newline and tab made visible (a
    line break written CRLF stays a line break)."""
    return text.replace("\r\n", "\n").translate(_NEUTRAL)


def literal(value: object, style: str = "") -> Text:
    """A Rich cell or line showing ``value`` exactly as written, markup and all."""
    return Text(neutralised(str(value)), style=style)
