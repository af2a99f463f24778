"""Status asked in the person's own words ("where is my complaint at?", "any news?", «какой
статус?», «а когда мне ответят?»), with or without a reference. Recognised by phrase, in English,
Russian and transliterated Russian, so that such a question is answered and never filed as a note
on the case or taken for a new complaint."""

from __future__ import annotations

import re

_CASE = r"(?:complaint|case|ticket|claim|request|report|reference)"
_RU_CASE = r"(?:жалоб|обращени|заявк|претензи|заявлени)"
# Questions about the complaint itself: they may come inside a longer message. By kind: what is
# its status, is there news or progress, where it is at, whether it was received or looked at,
# whether it is resolved yet, when an answer comes, how long it takes.
_STRONG = re.compile("|".join((
    # what its status is, what is happening with it
    rf"\bstatus (?:of|on|for) (?:my |the |our )?{_CASE}",
    rf"\bwhere(?:'s| is| are)? (?:my |the |our )?{_CASE}s?\b(?! (?:form|page|number))",
    r"\bwhere (?:are|r|is|'re)?\s?(?:we|u|you|things|it|this|that) (?:at|with|on)\b",
    rf"\bwhat(?:'s| is|s)? (?:happening|going on|the latest) with (?:my |the |our )?{_CASE}",
    r"\bwhat(?:'s| is|s)? (?:happening|going on|the latest)(?: with (?:it|this|that|them))?\s?(?:[?.!,]|$)",
    rf"\bwhat stage is (?:my |the |our )?{_CASE}",
    rf"\b(?:check|checking|track|tracking|follow(?:ing)? up) (?:on |the status of )?(?:my |the |our )?{_CASE}",
    # news, progress, an update
    r"\b(?:any|got any|is there (?:any|an?)|are there any|have you (?:got )?any) "
    r"(?:news|updates?|progress|word|feedback|developments?|movement)\b",
    rf"\b(?:news|updates?|progress) (?:on|about|with|regarding) (?:my |the |our )?{_CASE}",
    # received, looked at, being dealt with
    r"\b(?:did|have|has) (?:you|u|anyone|anybody|someone|somebody|the team) (?:guys |people |folks )?(?:even |actually |already )?"
    rf"(?:get|got|receive|received|see|seen|read|look at|looked at|check|checked) (?:my|the|our) (?:{_CASE}|message|email)",
    r"\bha(?:s|ve) (?:anyone|anybody|someone|somebody|you) (?:looked|replied|answered|responded|read|seen|checked)\b",
    r"\bis (?:anyone|anybody|someone|somebody) (?:looking|working|dealing) (?:at|on|with) (?:it|this|that|my)\b",
    # resolved yet
    rf"\b(?:is|has) (?:my |the |our )?{_CASE} (?:been )?(?:resolved|sorted|solved|done|closed|fixed|dealt with|"
    r"looked at|handled|processed|reviewed|decided|answered)\b",
    r"\b(?:is|has) (?:it|this|that) (?:been )?(?:resolved|sorted|solved|done|fixed|dealt with|looked at|processed) yet\b",
    # when an answer comes, how long it takes
    r"\bwhen (?:will|do|can|should|would|might) (?:i|we) (?:hear|get|receive|have|expect|see) "
    r"(?:back|an? (?:answer|reply|response|decision|update)|something|anything|news|to hear)",
    r"\bwhen (?:will|do|can|would) (?:you|u|they|someone|anyone|somebody) (?:reply|answer|respond|get back|call|contact|"
    r"decide|look|deal|sort|fix|resolve)",
    r"\bwhen (?:will|is) (?:it|this|my complaint|the complaint|my case) (?:be )?(?:resolved|sorted|solved|dealt with|"
    r"looked at|handled|answered|decided|fixed)",
    r"\bhear back\b",
    r"\bhow long (?:does|will|would|do|should) (?:it|this|that|you|a complaint|complaints) (?:usually |normally |typically )?"
    r"(?:take|need)\b",
    r"\bhow (?:long|much longer) (?:will|does|do|should|must) (?:it|this|i|we)\b.{0,20}\b(?:take|wait)\b",
    r"\bhow long (?:until|till|before) (?:i|we) (?:hear|get)\b",
    # Russian: what about my complaint, how is it going, news, stage, received, resolved, when, how long
    rf"\bчто (?:там )?с (?:моей |моим |нашей |нашим )?{_RU_CASE}",
    rf"\bкак (?:там |дела с )?(?:моя |моё |мое |наша |наше )?{_RU_CASE}",
    rf"\bгде (?:моя |мо[её] |наша )?{_RU_CASE}",
    r"\bесть (?:ли )?(?:какие[- ]?(?:нибудь|то|либо) )?(?:новост|изменени|движени|подвижк|продвижени|прогресс)",
    r"\bкакие (?:есть )?новости\b",
    r"\bна как(?:ом|ой) (?:этапе|стадии)",
    rf"\b(?:вы )?получил[иа]? (?:ли )?(?:мою |мо[её] |наш[уе] )?(?:{_RU_CASE}|письм|сообщени)",
    rf"\b(?:{_RU_CASE})\w* (?:уже |ещ[её] |наконец )?(?:дошл|решили|рассмотрели|реш[её]н|рассмотрен|закрыли|обработали)",
    rf"\b(?:решили|рассмотрели|дошл[аио]) (?:ли )?(?:уже )?(?:мою |мо[её] |наш[уе] )?{_RU_CASE}",
    rf"\b(?:{_RU_CASE}|письм|сообщени)\w*+ (?:[\w-]++ ){{0,2}}?(?:дошл[аио]|получили)\b",
    r"\bкто[- ]?(?:нибудь|то|либо) (?:уже |вообще )?(?:посмотрел|прочитал|ответил|ответит|занимается|рассматривает|"
    r"рассмотрел|увидел|получил|взял)",
    r"\b(?:рассмотрел[аи]?|рассмотрено|рассмотрена) ли\b",
    r"\bкогда (?:[\w-]++ ){0,3}?(?:ответят|ответит|ответите|перезвонят|перезвонит|перезвоните|позвонят|позвонит|позвоните|свяжутся|свяжется|свяжетесь|решат|"
    r"решите|рассмотрят|рассмотрите|ждать|ожидать|получу|узнаю|будет (?:ответ|решение|результат))",
    r"\bкогда (?:же |уже |мне |нам )?(?:будет )?(?:ответ|решение|результат)\b",
    r"\bсколько (?:ещ[её] )?(?:ждать|ожидать)",
    r"\bсколько (?:времени )?(?:обычно )?(?:рассматриваете|рассматривают|рассматривается|занимает|длится|ждать ответа)",
    # transliterated Russian
    r"\bkogda (?:mne |nam |so mnoj |so mnoy )?(?:otvetyat|otvetite|pozvonyat|reshat|svyazhutsya)",
    r"\bchto s (?:moej |moey |moei )?(?:zhalob|zayavk|obrashcheni)",
    r"\bkakoj status|\bkakoy status|\bkakoi status",
    r"\best'? (?:li )?(?:novosti|dvizhenie|izmeneniya)",
)))
# "ну что там?", «как там?», "what's up with it": how things are, as a whole short message.
_HOW_IS_IT = re.compile(r"^(?:ну |а |и |так )?(?:что|чо|че|как|chto|kak|nu chto|nu kak) (?:там|tam|дела|слышно)\b"
                        r"|^(?:ну )?(?:что|как) (?:там )?(?:с ней|с ним|с этим)\b|^ну (?:что|как)\s?[?]*$")
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
    if words <= _SHORT_WORDS and _HOW_IS_IT.search(said.strip(" ,.!?")) is not None:
        return True
    return words <= _SHORT_WORDS and _SHORT.search(said) is not None
