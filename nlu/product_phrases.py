"""A product or service named where a complaint names one, when no lexicon word is there: the noun
phrase after "bought", "ordered", "complaint about", «купил(а)», «жалоба на» ("the lawnmower",
"a gym membership", «газонокосилку», «игровое кресло»). Read on the tokens, no tagger: English
takes up to three words before a word that cannot be part of a name, Russian takes adjectives and
a noun, by the dictionary."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nlu.ru_lemmas import part_of_speech

_CUES = {
    "en": frozenset({"buy", "order", "purchase", "about", "regarding", "re", "with", "hire", "rent", "book"}),
    "ru": frozenset({"купить", "заказать", "приобрести", "на", "с", "поводу", "насчёт", "насчет", "оформить"}),
}
# What comes before the phrase after a cue: "complaint about", "problem with", "жалоба на".
_AFTER = {
    "en": {"about": frozenset({"complaint", "complain", "complaining", "writing", "query", "problem", "issue"}),
           "with": frozenset({"problem", "issue", "trouble", "problems", "issues"})},
    "ru": {"на": frozenset({"жалоба", "жаловаться", "пожаловаться", "жалуюсь"}),
           "с": frozenset({"проблема", "проблемы", "беда"}),
           "поводу": frozenset({"по"})},
}
_DETERMINERS = frozenset({"a", "an", "the", "my", "your", "our", "this", "these", "that", "some", "his", "her", "their",
                          "мой", "моя", "мою", "моё", "мое", "мои", "ваш", "вашу", "ваше", "ваши", "этот", "эту"})
# Words that end an English product phrase: what follows a name in a sentence.
_EN_STOP = frozenset({
    "from", "at", "in", "on", "for", "with", "which", "that", "who", "and", "but", "because", "since", "last", "this",
    "yesterday", "today", "ago", "is", "was", "were", "are", "has", "had", "have", "it", "and", "or", "to", "of", "by",
    "i", "you", "we", "they", "he", "she", "online", "via", "through", "back", "only", "just", "still", "never",
    "weeks", "days", "months", "week", "day", "month", "year", "years", "like", "about", "order", "arrived", "came",
    "being", "getting", "having", "going", "your", "their", "our",
    "broke", "stopped", "doesn't", "does", "did", "not", "won't", "keeps", "after", "before", "when", "while",
    "there", "here", "so", "as", "then", "very", "really", "which", "where", "recently", "twice", "again",
})
# Nouns that name a paper, a number or a contact, not what the complaint is about.
_NOT_PRODUCTS = frozenset({
    "order", "number", "reference", "receipt", "complaint", "case", "ticket", "letter", "email", "call", "phone",
    "message", "staff", "people", "person", "thing", "things", "way", "time", "something", "anything", "nothing",
    "stuff", "everything", "one", "ones",
    "заказ", "номер", "договор", "квитанция", "обращение", "жалоба", "чек", "письмо", "звонок", "телефон", "сообщение",
    "человек", "вещь", "раз", "время", "день", "неделя", "месяц", "год", "число", "утро", "вечер", "ночь",
    "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
    # people: "complaint about the cashier", «пожаловаться на кассира» is about conduct, not a product
    "cashier", "employee", "manager", "driver", "courier", "engineer", "plumber", "electrician", "agent", "operator",
    "assistant", "representative", "adviser", "advisor", "receptionist", "guard", "waiter", "waitress",
    "кассир", "кассирша", "сотрудник", "сотрудница", "продавец", "продавщица", "менеджер", "курьер", "оператор",
    "мастер", "водитель", "консультант", "охранник", "администратор", "сантехник", "электрик", "официант",
    "официантка", "врач",
})
_MAX_WORDS = 3
_RU_ADJECTIVE = frozenset({"ADJF", "PRTF", "NUMR"})


def product_phrase(doc: Doc) -> Span | None:
    """The first product phrase after a cue, if a message has one."""
    lang = doc.lang_
    cues = _CUES.get(lang)
    if not cues:
        return None
    for token in doc[:200]:
        lemma = token.lemma_.lower()
        if lemma not in cues:
            continue
        needs = _AFTER.get(lang, {}).get(lemma)
        if needs is not None and (token.i == 0 or doc[token.i - 1].lower_ not in needs):
            continue
        start = token.i + 1
        while start < len(doc) and doc[start].lower_ in _DETERMINERS:
            start += 1
        found = _english(doc, start) if lang == "en" else _russian(doc, start)
        if found is not None:
            return found
    return None


def _english(doc: Doc, start: int) -> Span | None:
    end = start
    while end < len(doc) and end - start < _MAX_WORDS and doc[end].is_alpha and doc[end].lower_ not in _EN_STOP:
        if doc[end].lower_ in _NOT_PRODUCTS or (doc[end].is_upper and len(doc[end]) > 1):
            return None  # "case CD ...", "order number": a paper or a code, not a product
        end += 1
    if end == start or len(doc[end - 1]) < 3 or doc[end - 1].lower_ in _NOT_PRODUCTS:
        return None
    return doc[start:end]


def _russian(doc: Doc, start: int) -> Span | None:
    end = start
    while end < len(doc) and end - start < _MAX_WORDS and doc[end].is_alpha:
        word = doc[end].text
        if word.isascii():  # a brand or model beside the noun: «фен Dyson»
            if end == start:
                return None
            end += 1
            continue
        kind = part_of_speech(word)
        if kind in _RU_ADJECTIVE:
            end += 1
            continue
        if kind == "NOUN":
            if doc[end].lemma_.lower() in _NOT_PRODUCTS:
                return None
            end += 1
            while end < len(doc) and end - start < _MAX_WORDS + 1 and doc[end].is_alpha and doc[end].text.isascii() \
                    and doc[end].text[:1].isupper():
                end += 1
            return doc[start:end]
        break
    return None
