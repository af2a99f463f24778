"""Quoted replies and signatures cut from follow-ups, with mail-parser-reply (the maintained
port of GitHub's email_reply_parser). It has no Russian, so Russian mail clients' reply headers
and sign-offs are registered with it here."""

from __future__ import annotations

from mailparser_reply import EmailReplyParser
from mailparser_reply.constants import MAIL_LANGUAGES, QUOTED_MATCH_INCLUDE

_RUSSIAN = {
    # "24 нояб. 2026 г., в 10:00, Имя <a@b> написал(а):" (Apple Mail, Gmail, Yandex, Mail.ru)
    "wrote_header": r"^(" + QUOTED_MATCH_INCLUDE + r".{0,200}\s(?:написал|написала|написал\(а\)|пишет):)$",
    "from_header": r"((?:(?:^|\n|\n" + QUOTED_MATCH_INCLUDE
                   + r")[* ]*(?:От|Отправлено|Кому|Тема|Дата|Копия):[ *]*(?:\s{,2}).*){2,}(?:\n.*){,1})",
    "disclaimers": [r"Конфиденциально:", r"Внимание:"],
    "signatures": ["С уважением", "С наилучшими пожеланиями", "Спасибо,", "Всего доброго", "Отправлено с"],
    "sent_from": "Отправлено с|Отправлено из",
}
MAIL_LANGUAGES.setdefault("ru", _RUSSIAN)
_PARSER = EmailReplyParser(languages=["en", "ru"])


def latest_reply(text: str) -> str:
    """The newest part of a mail body: no quoted history, no signature. Falls back to the whole
    text when the parser would leave nothing."""
    if not text.strip():
        return ""
    try:
        replies = _PARSER.read(text).replies
    except Exception:  # a regex catastrophe on a pathological body must not lose the complaint
        return text.strip()
    for reply in replies:
        body = reply.body.strip()
        if body:
            return body
    return text.strip()
