"""Status asked in the person's own words ("where is my complaint at?", "any news?", «какой
статус?», «а когда мне ответят?»), with or without a reference. Recognised by phrase, in English,
Russian and transliterated Russian, so that such a question is answered and never filed as a note
on the case or taken for a new complaint."""

from __future__ import annotations

import re

_CASE = r"(?:complaint|case|ticket|claim|request|report|reference)"
_RU_CASE = r"(?:жалоб|обращени|заявк|претензи|заявлени)"
# Questions about the complaint itself: they may come inside a longer message.
_STRONG = re.compile("|".join((
    rf"\bstatus (?:of|on|for) (?:my |the |our )?{_CASE}",
    rf"\bwhere(?:'s| is| are)? (?:my |the |our )?{_CASE}s?\b(?! (?:form|page|number))",
    r"\bwhere (?:are|is) (?:we|things|it) (?:at|with)\b",
    rf"\bwhat(?:'s| is)? (?:happening|going on) with (?:my |the |our )?{_CASE}",
    r"\b(?:any|got any|is there (?:any|an?)) (?:news|updates?|progress|word|feedback)\b",
    rf"\b(?:news|updates?|progress) (?:on|about|with|regarding) (?:my |the |our )?{_CASE}",
    r"\bwhen (?:will|do|can|should|would|might) (?:i|we) (?:hear|get|receive|have) (?:back|an? (?:answer|reply|response|decision|update))",
    r"\bwhen (?:will|do|can|would) (?:you|they|someone|anyone|somebody) (?:reply|answer|respond|get back|call|contact|decide)",
    r"\bhear back\b",
    r"\bhow long (?:does|will|would|do|should) (?:it|this|that|you|a complaint|complaints) (?:usually |normally |typically )?"
    r"(?:take|need)\b",
    r"\bсколько (?:времени )?(?:обычно )?(?:рассматриваете|рассматривают|рассматривается|занимает|длится|ждать ответа)",
    r"\bhow (?:long|much longer) (?:will|does|do|should|must) (?:it|this|i|we)\b.{0,20}\b(?:take|wait)\b",
    r"\bha(?:s|ve) (?:anyone|anybody|someone|somebody|you) (?:looked|replied|answered|responded|read|seen|checked)\b",
    rf"\bwhat stage is (?:my |the |our )?{_CASE}",
    rf"\b(?:check|checking|track|tracking) (?:on |the status of )?(?:my |the |our )?{_CASE}",
    rf"\bчто (?:там )?с (?:моей |моим |нашей |нашим )?{_RU_CASE}",
    rf"\bкак (?:там |дела с )?(?:моя |моё |мое |наша |наше )?{_RU_CASE}",
    r"\bкогда (?:же |уже |мне |нам |вы |мне уже )*(?:ответят|ответите|ответ|перезвонят|позвонят|свяжутся|решат|рассмотрят|будет (?:ответ|решение))",
    r"\bесть (?:ли )?(?:какие[- ]?(?:нибудь|то|либо) )?(?:новости|изменения|движения|продвижени)",
    r"\bна как(?:ом|ой) (?:этапе|стадии)",
    r"\b(?:рассмотрел[аи]?|рассмотрено|рассмотрена) ли\b",
    r"\bсколько (?:ещ[её] )?(?:ждать|ожидать)",
    rf"\bгде (?:моя |мо[её] |наша )?{_RU_CASE}",
    r"\bkogda (?:mne |nam )?(?:otvetyat|otvetite|pozvonyat|reshat)",
    r"\bchto s (?:moej |moey |moei )?(?:zhalob|zayavk|obrashcheni)",
    r"\bkakoj status|\bkakoy status|\bkakoi status",
)))
# Bare words that mean status only when they are (nearly) the whole message: "my order status
# page shows delivered" is a complaint.
_SHORT = re.compile(r"\b(?:status|статус\w*|news|updates?|progress|новости|что нового)\b")
_SHORT_WORDS = 6
_MOST_WORDS = 30  # a longer message is a story, even if it asks along the way


def asks_status(text: str) -> bool:
    """True when ``text`` asks how the person's complaint stands."""
    said = text.lower().replace("ё", "е").replace("’", "'")
    words = len(said.split())
    if not words or words > _MOST_WORDS:
        return False
    if _STRONG.search(said):
        return True
    return words <= _SHORT_WORDS and _SHORT.search(said) is not None
