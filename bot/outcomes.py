"""The outcome a person wants, as the thing wanted only: "I want a refund" -> "a refund", "Want it
fixed", "We would like it replaced", "I'm asking for the wall to be repaired", "Remove the fee
please", «Прошу закрыть счёт», «Уберите штраф», «Жду звонка от руководителя»."""

from __future__ import annotations

import re

# What follows a verb of wanting that says what the message is, not what the person wants.
_NOT_WANTED = (r"(?!to complain|to make a complaint|to report|to file|to tell|to let you know|to say|to speak|to talk|"
               r"to raise|to lodge|to register|to submit|to make|to send (?:this|it|my complaint)|to know if|to check|"
               r"пожаловаться|подать жалобу|сообщить|рассказать|обратиться|поговорить)")
_CLAUSE = r"(?:^|[.!?,;:\n(])[ \t]{0,4}"
_ADVERB = r"(?:(?:really|just|only|simply|honestly|also|so|now)[ \t]{1,3}){0,2}"
# A verb of wanting with its subject, or at the start of a clause without one ("Want a refund").
_WANTING = (
    r"\b(?:i|we)[ \t]{1,3}" + _ADVERB + r"(?:want|expect|demand|request|ask for|insist on)\b"
    r"|\b(?:i|we)(?:'d|’d|[ \t]{1,3}would)[ \t]{1,3}" + _ADVERB + r"(?:like|want|prefer|appreciate|rather have|rather get|rather)\b"
    r"|\b(?:i'm|i’m|i am|we're|we’re|we are)[ \t]{1,3}" + _ADVERB + r"(?:asking|requesting|demanding|expecting)(?:[ \t]{1,3}for)?\b"
    r"|\bplease[ \t]{1,3}give\b|\bi[ \t]{1,3}ask[ \t]{1,3}for\b"
    r"|" + _CLAUSE + _ADVERB + r"(?:want|would like|expecting|demanding)\b"
    r"|\b(?:хочу|хотим|прошу|просим|требую|требуем|рассчитываю на|настаиваю на)"
    # «жду звонка» wants a call; «жду уже неделю», «жду с 5 ноября» only waits
    r"|\b(?:жду|ждём|ждем)(?![ \t]{1,3}(?:уже|с|со|целый|целую|больше|почти|\d))"
    r"|\bхотел(?:а|и)?[ \t]{1,3}бы|\bхотелось[ \t]{1,3}бы")
_OUTCOME = re.compile(rf"(?:{_WANTING})[ \t,]{{1,4}}{_NOT_WANTED}(?P<what>[^.!?\n]{{3,200}})", re.I)
# An outcome asked for with a verb alone, at the start of a clause or after "please": "please
# refund the second charge", "Remove the fee please", «верните деньги», «аннулируйте его».
# "the shop refused to refund" asks for nothing.
_EN_VERBS = (r"refund|replace|repair|fix|reimburse|compensate|cancel|give me back|remove|waive|reverse|"
             r"unblock|restore|reinstate|reopen|collect|redeliver|honou?r|recall|"
             # verbs that also start other sentences ("Credit card statement shows", "Return policy says"): with an object
             r"(?:credit|close|return|send|deliver)(?=[ \t]{1,3}(?:me|my|it|the|this|that|them|us|our|a|an|back)\b)|"
             r"apologi[sz]e|explain|call me back|"
             # Russian requests in the familiar imperative or the infinitive: «верни деньги», «вернуть деньги»
             r"верни|замени|почини|отмени|пришли|вернуть|заменить|починить|отремонтировать|отменить|возместить|"
             r"компенсировать|разблокировать|восстановить")
# A Russian request is a verb in the polite imperative (-ите, -йте); these are not requests for an outcome.
_NOT_REQUESTS = (r"здравствуйте|извините|простите|поймите|представьте|скажите|подскажите|посмотрите|смотрите|учтите|"
                 r"обратите|знайте|слушайте|послушайте|имейте|будьте|понимаете|знаете|видите|думаете|считаете|"
                 # what is said to the bot about the conversation, not about the complaint
                 r"отправьте|отправляйте|продолжайте|подождите|погодите|стойте|давайте|пишите|запишите|"
                 r"исправьте|измените|оформите|регистрируйте|зарегистрируйте")
_OUTCOME_VERB = re.compile(
    r"(?:" + _CLAUSE + r"|\b(?:please|pls|plz|kindly|пожалуйста|плиз)[ \t,]{1,4})"
    rf"(?P<what>(?:(?:{_EN_VERBS})\b|(?!(?:{_NOT_REQUESTS})\b)[а-яё]{{2,20}}(?:ите|йте)\b)[^.!?\n]{{0,120}})", re.I)
_FILLER = re.compile(r"[ \t,]{0,3}\b(?:please|pls|plz|asap|пожалуйста|плиз|плз)[ \t!.]{0,3}$", re.I)
# Where the thing wanted ends inside a sentence: "please", or a clause giving the reason.
_REASON = re.compile(r"[ \t]{0,3}(?:,[ \t]{0,3}|[ \t])(?:please|pls|plz|пожалуйста)\b|,[ \t]{0,3}(?:it|this|that|as|because|since|"
                     r"which|but|otherwise|так как|потому что|иначе|это)\b", re.I)


def outcome_in(text: str) -> str | None:
    """The outcome the message asks for, if it asks for one."""
    found = _OUTCOME.search(text) or _OUTCOME_VERB.search(text)
    if not found:
        return None
    what = found.group("what").strip()
    reason = _REASON.search(what)
    what = _FILLER.sub("", what[:reason.start()] if reason else what).strip(" ,;:-")
    return what if len(what) >= 2 else None


def says_wanting(text: str) -> bool:
    """Whether ``text`` says what the person wants with a verb of wanting ("I want ...", «хочу ...»)."""
    return _OUTCOME.search(text) is not None
