"""Short quotations of what the person wrote. The bot echoes a complaint back (the summary, the
email acknowledgement, a correction); quoted whole, a long one would make every reply a copy of
it, and an acknowledgement to a forged email sender an amplifier. The case keeps every word."""

from __future__ import annotations

from bot.context import Turn

SUMMARY_CHARS = 1000  # the summary in a chat, to be checked before submission
EMAIL_CHARS = 300  # the email acknowledgement: the complainant has the whole text in their mail
SHORT_CHARS = 200  # a value inside a sentence: a correction, the current answer, a mistyped reference


def excerpt(turn: Turn, text: str, limit: int) -> str:
    """``text`` when it has at most ``limit`` characters; else its beginning, cut between words,
    and how many characters more there are."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if not text[limit].isspace():  # the limit falls inside a word: end at the word before it
        boundary = max(cut.rfind(" "), cut.rfind("\n"), cut.rfind("\t"))
        if boundary > limit // 2:  # unless that throws away half (one very long "word")
            cut = cut[:boundary]
    cut = cut.rstrip()
    return turn.t("excerpt.more", text=cut, count=len(text) - len(cut))
