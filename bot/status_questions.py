"""Status asked in the person's own words ("where is my complaint at?", "any news?", «какой
статус?», «а когда мне ответят?»), with or without a reference. Recognised by phrase, in English,
Russian and transliterated Russian, so that such a question is answered and never filed as a note
on the case or taken for a new complaint."""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from bot.substance import content_words

_CASE = r"(?:complaint|case|ticket|claim|request|report|reference|appeal|issue|enquiry|inquiry|dispute)"
_RU_CASE = r"(?:жалоб|обращени|заявк|претензи|заявлени|дел(?:о|ом|у)\b)"
# Questions about the complaint itself: they may come inside a longer message. By kind: what is
# its status, is there news or progress, where it is at, whether it was received or looked at,
# whether it is resolved yet, when an answer comes, how long it takes.
_STRONG = re.compile("|".join((
    # what its status is, what is happening with it
    rf"\bstatus (?:of|on|for) (?:my |the |our )?{_CASE}",
    rf"\bwhere(?:'s| is| are|s)? (?:my |the |our )?{_CASE}s?\b(?! (?:form|page|number))",
    r"\bwhere (?:are|r|is|'re)?\s?(?:we|u|you|things|it|this|that) (?:at|with|on)\b",
    rf"\bwhat(?:'s| is|s)? (?:happening|going on|the latest) with (?:my |the |our )?{_CASE}",
    r"\bwhat(?:'s| is|s)? (?:happening|going on|the latest)(?: with (?:it|this|that|them))?\s?(?:[?.!,]|$)",
    rf"\bwhat stage is (?:my |the |our )?{_CASE}",
    r"\b(?:know|check|see|get|tell me|find out|give me) (?:the |my |an? )?(?:current |latest )?(?:status|update)\b"
    r"(?! (?:page|bar|light|code|screen|of (?:the|my) (?:order|parcel|delivery|payment)))",
    r"\b(?:узнать|уточнить|проверить|подскажите|скажите|сообщите) (?:текущий |какой )?статус",
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
    r"\bесть (?:ли )?(?:какие[- ]?(?:нибудь|то|либо) )?(?:новост|изменени|движени|подвижк|продвижени|прогресс|обновлени)",
    r"\bкакие (?:есть )?новости\b",
    r"\bна как(?:ом|ой) (?:этапе|стадии)",
    rf"\b(?:вы )?получил[иа]? (?:ли )?(?:мою |мо[её] |наш[уе] )?(?:{_RU_CASE}|письм|сообщени)",
    # the verb ends the question: «претензию рассмотрели формально» is a complaint about how
    rf"\b(?:{_RU_CASE})\w*+ (?:уже |ещ[её] |наконец )?(?:дошл|решили|рассмотрели|реш[её]н|рассмотрен|закрыли|обработали)"
    r"\w*+(?=\s*+(?:$|[?.!,]|или\b|ли\b|уже\b|наконец\b|вообще\b))",
    rf"\b(?<!как )(?<!что )(?<!не )(?:решили|рассмотрели|дошл[аио]) (?:ли )?(?:уже )?(?:мою |мо[её] |наш[уе] )?{_RU_CASE}",
    rf"\b(?:{_RU_CASE}|письм|сообщени)\w*+ (?:[\w-]++ ){{0,2}}?(?:дошл[аио]|получили)\b",
    r"\bкто[- ]?(?:нибудь|то|либо) (?:уже |вообще )?(?:посмотрел|смотрел|прочитал|ответил|ответит|занимается|рассматривает|"
    r"рассмотрел|увидел|получил|взял)",
    r"\b(?:рассмотрел[аи]?|рассмотрено|рассмотрена) ли\b",
    r"\bкогда (?:[\w-]++ ){0,3}?(?:ответят|ответит|ответите|перезвонят|перезвонит|перезвоните|позвонят|позвонит|позвоните|свяжутся|свяжется|свяжетесь|решат|"
    r"решите|рассмотрят|рассмотрите|ждать|ожидать|получу|узнаю|будет (?:ответ|решение|результат))",
    r"\bкогда (?:же |уже |мне |нам )?(?:будет )?(?:ответ|решение|результат)\b",
    r"\bсколько (?:ещ[её] )?(?:ждать|ожидать)",
    r"\bсколько (?:времени )?(?:обычно )?(?:рассматриваете|рассматривают|рассматривается|занимает|длится|ждать ответа)",
    # a decision made, who handles it, still waiting, chasing it, still open, how it is going
    r"\bha(?:s|ve) (?:a |any |the )?decisions? (?:been )?(?:made|taken|reached)",
    r"\bwho(?:'s| is)? (?:handling|dealing with|looking (?:at|into)|working on|in charge of|assigned to) "
    rf"(?:my |the |our |this )?(?:{_CASE}|it)",
    rf"\b(?:has|was|is) (?:my |the |our )?(?:[\w-]++ )?{_CASE} (?:been )?(?:assigned|passed|given)\b",
    r"\bstill (?:waiting|waitin|w8ing) (?:to hear|for (?:a |an |any )?(?:answer|reply|response|news|update|decision)|"
    rf"on (?:my |the |a |an )?(?:{_CASE}|answer|reply|response|decision))",
    r"\b(?:heard|had) nothing (?:back|yet|so far|since)",
    r"\bno (?:reply|answer|response|news|word) (?:yet|so far)\b",
    rf"\bchas(?:e|ing) (?:up )?(?:my |the |our |this )?(?:{_CASE}|it|this)",
    rf"\bis (?:my |the |our )?(?:[\w-]++ )?{_CASE} still (?:open|being|in|pending|active|under)\b",
    rf"\bhow(?:'s| is| are)? (?:my |the |our )?{_CASE}s? (?:going|coming along|progressing|getting on)",
    r"\bhow long (?:until|till|before) (?:my |the |our |it|this)",
    r"\bрешени[ея] (?:по [\w ]{0,40}?)?(?:уже )?(?:есть|принят|приняли|будет)",
    r"\b(?:уже )?(?:есть|принято|приняли) (?:ли )?(?:уже )?решени",
    rf"\bкто (?:сейчас |теперь )?(?:ведет|ведёт|занимается|рассматривает|отвечает за) (?:мо\w* |наш\w* )?{_RU_CASE}",
    rf"\b{_RU_CASE}\w*+ (?:[\w-]++ ){{0,2}}?(?:назначил|передал)[иа]?\b",
    r"\b(?:до сих пор|все еще|всё ещё|всё еще|все ещё) (?:жду|ждем|ждём|нет) (?:ответа|решения|новостей)",
    r"\bи тишина\b|\bи ни ответа\b",
    rf"\bнапомина\w* (?:про|о|об|по) (?:мо\w* |наш\w* )?{_RU_CASE}",
    rf"\bпровер\w* (?:мо\w* |наш\w* )?{_RU_CASE}",
    r"\bкак продвигается\b",
    r"\bwhere (?:things|it|we) (?:are|is|stand)\b",
    r"\bha(?:ven'?t| not|ve not|sn'?t) heard (?:anything|back|a thing|a word)",
    r"\bничего не (?:слышал|слышно|слыхал)",
    rf"\bчто происходит с (?:мо\w* |наш\w* )?{_RU_CASE}",
    rf"\bотслед\w* (?:мо\w* )?{_RU_CASE}",
    rf"\b{_RU_CASE}\w*+ (?:уже |ещ[её] |до сих пор )?(?:рассматривают|проверяют|обрабатывают)\b",
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
# Asking for it: "I'd like to know the status", «хочу узнать статус», «подскажите статус».
_ASKING = frozenset({"want", "know", "check", "tell", "see", "get", "like", "would", "could", "can", "give", "need",
                     "current", "latest", "хочу", "хотел", "хотела", "хотелось", "узнать", "уточнить", "проверить",
                     "посмотреть", "скажите", "подскажите", "можно", "сообщите", "текущий", "какой", "каков"})
_CASE_WORDS = ("complaint", "case", "ticket", "claim", "request", "жалоб", "обращени", "заявк", "претензи", "zhalob")
_MOST_WORDS = 30  # a longer message is a story, even if it asks along the way
_MOST_CHARS = 600  # and so is one this long, in however few words


# The words a status question turns on, as typed in a hurry ("stauts?", "whats the satus",
# «сатус жалобы»): one letter dropped, added, changed or two swapped. Real words that near are kept.
_KEY_WORDS = ("status", "статус")
_NEAR_BUT_OTHER = frozenset({"stats", "states", "statue", "statues", "stasis", "static", "stratus", "статуя", "статут", "статусы"})
_PUNCTUATION = "?!.,;:\"'()«»"


def _respelled(said: str) -> str:
    words = said.split()
    for index, word in enumerate(words):
        core = word.strip(_PUNCTUATION)
        if core in _KEY_WORDS or core in _NEAR_BUT_OTHER or not 4 <= len(core) <= 8:
            continue
        key = next((key for key in _KEY_WORDS if core[0] == key[0] and OSA.distance(core, key, score_cutoff=1) <= 1), None)
        if key is not None:
            words[index] = word.replace(core, key)
    return " ".join(words)


def asks_status(text: str) -> bool:
    """True when ``text`` asks how the person's complaint stands."""
    if len(text) > _MOST_CHARS:
        return False
    said = _respelled(text.lower().replace("ё", "е").replace("’", "'"))
    words = len(said.split())
    if not words or words > _MOST_WORDS:
        return False
    if _STRONG.search(said):
        return True
    if words <= _SHORT_WORDS and _HOW_IS_IT.search(said.strip(" ,.!?")) is not None:
        return True
    if words > _SHORT_WORDS or _SHORT.search(said) is None:
        return False
    # the bare word and little else: "update please", «статус жалобы?»; "the software update broke
    # my device" tells something
    others = [word for word in content_words(said)
              if not _SHORT.search(word) and not word.startswith(_CASE_WORDS) and word not in _ASKING]
    return len(others) <= 1
