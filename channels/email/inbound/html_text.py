"""HTML-only mail as readable plain text."""

from __future__ import annotations

import html2text


def html_to_text(markup: str) -> str:
    converter = html2text.HTML2Text()
    converter.body_width = 0
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.ignore_links = False
    converter.protect_links = False
    return converter.handle(markup).strip()
