"""The complainant's name wherever a message gives it: introduced ("my name is ...", «меня зовут
...»), labelled ("Name: ...", «ФИО: ...»), signing the message ("Kind regards,\nPriya Raman",
«— Кирилл»), or written beside an email address that spells it (``lucy.green@...``)."""

from __future__ import annotations

import re
import unicodedata

from nlu.ru_lemmas import is_person_name

# A capitalised word of a name: "Smith", "O'Connor", "McDonald", "Jānis", "Bērziņš", or in capitals.
_UPPER = "A-ZА-ЯЁÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŖŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_LOWER = rf"[^\W\d_{_UPPER}]"
CAPITALISED = rf"(?:[{_UPPER}](?:{_LOWER}{{0,3}}['’-]?[{_UPPER}])?(?:{_LOWER}|['’-]){{1,30}}|[{_UPPER}]{{2,30}})"
_NAME_WORDS = rf"{CAPITALISED}(?:[ \t]{{1,4}}{CAPITALISED}){{0,3}}"
_TITLE = r"(?:(?i:mr|mrs|ms|miss|dr|prof|sir|madam|г-н|г-жа|господин|госпожа)\.?[ \t]{1,4})?"

_INTRO = re.compile(
    r"(?i:\bmy name is|\bi am|\bi'm|меня зовут|моё имя|мое имя)\s{1,4}"
    rf"{_TITLE}(?P<name>{CAPITALISED}(?:\s{{1,4}}{CAPITALISED}){{0,2}})")
_LABELLED = re.compile(
    rf"(?:^|[\n.;,(]|(?i:\bmy\b|\bмоё\b|\bмое\b))[ \t]{{0,4}}(?i:(?:full[ \t])?name|имя|фио|ф\.и\.о\.?)[ \t]{{0,4}}[:\-—][ \t]{{0,4}}{_TITLE}(?P<name>{_NAME_WORDS})")
# A sign-off, then the name: "regards,", "thanks", "ty -", «с уважением,», «спс —».
_SIGN_OFF = (r"regards|wishes|thanks|thank you|many thanks|ty|thx|cheers|sincerely|faithfully|truly|best|"
             r"с уважением|спасибо|спс|всего доброго|всего хорошего")
# A name of two to four words signing the message: after a sign-off, after a sentence or a dash at
# the end, or on the last line ("Kind regards,\nPriya Raman", «С уважением, Иванов Иван Иванович»,
# "— Jane Doe").
_SIGNED = re.compile(
    rf"(?:(?i:{_SIGN_OFF})[ \t]{{0,4}}[,.!:]?[ \t]{{0,4}}\r?\n?|\n|[.!?][ \t]{{1,4}}|^)[ \t]{{0,4}}[-—–]{{0,3}}[ \t]{{0,4}}"
    rf"{_TITLE}(?P<name>{CAPITALISED}(?:[ \t]{{1,4}}{CAPITALISED}){{1,3}})"
    r"[ \t]{0,4}\.?[ \t\r\n]{0,8}$")
# One word alone at the end is a name after a sign-off or a dash ("ty - Kyle", «спс — Кирилл»), or
# after a sentence of its own when it does not read as an ordinary word (see :func:`_reads_as_name`).
_ONE_WORD = re.compile(
    rf"(?:(?P<signed>(?i:{_SIGN_OFF})[ \t]{{0,4}}[,.!:]?[ \t]{{0,4}}|[-—–][ \t]{{0,4}})|[.!?\n][ \t]{{0,4}})"
    rf"(?P<name>{CAPITALISED})[ \t]{{0,4}}\.?[ \t\r\n]{{0,8}}$")
# Endings of English words that are not names ("Disappointed", "Unbelievable", "Shocking").
_WORD_ENDINGS = ("ed", "ly", "ing", "ful", "ous", "able", "ible", "ive", "less", "ness", "ment", "tion", "ic", "ish")
# The first sentence of a message that is only a name: "Priya Raman. oh and my email is ..."
_LEADING = re.compile(rf"^[ \t]{{0,4}}{_TITLE}(?P<name>{CAPITALISED}(?:[ \t]{{1,4}}{CAPITALISED}){{1,2}})[ \t]{{0,4}}[.,\n]")
SIGNATURE_CHARS = 160
# Words that say a "name" is not one ("не помню точно", "I don't know"), and words that start or
# end a message without being a name.
NOT_A_NAME = frozenset({
    "i", "not", "don't", "dont", "know", "remember", "sure", "no", "idea", "the", "is", "my", "it", "thanks", "thank",
    "you", "regards", "please", "urgent", "help", "hello", "hi", "dear", "sir", "madam", "complaint", "order", "refund",
    "asap", "today", "yesterday", "now", "ok", "okay", "yes", "again", "sorry", "disappointed", "unacceptable",
    "ridiculous", "disgusting", "terrible", "awful", "seriously", "really", "nothing", "anything", "everything",
    "не", "помню", "знаю", "точно", "нет", "я", "это", "мне", "спасибо", "уважением", "срочно", "пожалуйста", "жалоба",
    "заказ", "помогите", "здравствуйте", "привет", "ужас", "кошмар", "безобразие", "позор", "сегодня", "вчера", "да",
})
_EMAIL_IN_TEXT = re.compile(r"(?<![\w.+-])(?P<local>[A-Za-z0-9._%+'-]{1,64})@[A-Za-z0-9-]{1,63}\.[A-Za-z0-9.-]{2,60}")
_WORD = re.compile(r"[^\W\d_]{1,40}(?:['’-][^\W\d_]{1,40})?\.?")
_EMAIL_REACH = 160  # characters before an address where the name it spells may be
_PATRONYMIC = re.compile(r"^[А-ЯЁ][а-яё]{2,20}(?:вич|вна|ична|ич)$")
_SEPARATORS = str.maketrans("._+-", "    ")
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
                      "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))


def is_a_name(said: str) -> bool:
    return not NOT_A_NAME & set(said.lower().replace(",", " ").split())


def as_name(said: str) -> str:
    """A name as written, or in title case when it was written in capitals ("MARGARET HOLLOWAY")."""
    return said.title() if said.isupper() else said


def name_in(text: str) -> str | None:
    """The name a message gives, if it gives one."""
    head = text[:2000]
    for pattern in (_INTRO, _LABELLED):
        found = pattern.search(head)
        if found and is_a_name(found.group("name")):
            return as_name(found.group("name").strip())
    by_email = _spelled_by_email(text)
    if by_email:
        return by_email
    if "\n" in text.strip() or len(text.split()) > 6:
        tail = without_contacts(text[-SIGNATURE_CHARS:])
        signed = _SIGNED.search(tail)
        if signed and is_a_name(signed.group("name")):
            return as_name(signed.group("name").strip())
        alone = _ONE_WORD.search(tail)
        if alone and is_a_name(alone.group("name")) and (alone.group("signed") or _reads_as_name(alone.group("name"), text)):
            return as_name(alone.group("name").strip())
    leading = _LEADING.search(head)
    if leading and is_a_name(leading.group("name")):
        return as_name(leading.group("name"))
    return None


def _reads_as_name(word: str, text: str) -> bool:
    """Whether a capitalised word ending a message is a name rather than a last word ("...
    today. Nick", not "... again. Unbelievable"): a Russian word the dictionary knows as a name;
    another word without the endings of English adjectives and nouns, not written in lower case
    elsewhere in the message."""
    if any("\u0400" <= char <= "\u04ff" for char in word):
        return is_person_name(word)
    lowered = word.lower()
    if len(lowered) > 5 and lowered.endswith(_WORD_ENDINGS):
        return False
    return f" {lowered}" not in f" {text[:-len(word)].lower()}"


def _spelled_by_email(text: str) -> str | None:
    """The words of the message that the local part of an email address in it spells: "lucy green
    lucy.green@example.com", "Фёдоров Павел, pavel.fedorov@gmail.com", "Anna K. anna.k@mail.ru"
    (a patronymic that follows is part of the name: «Окафор Антон Игоревич»)."""
    tail = text[-2000:]
    for found in _EMAIL_IN_TEXT.finditer(tail):
        parts = [p for p in _fold(found.group("local")).translate(_SEPARATORS).split() if p.isalpha()]
        if not parts or len(parts) > 3 or max(len(p) for p in parts) < 3:
            continue
        words = _WORD.findall(tail[max(0, found.start() - _EMAIL_REACH): found.start()])[-12:]
        name = _matching_run(words, parts)
        if name:
            return as_name(name)
    return None


def _matching_run(words: list[str], parts: list[str]) -> str | None:
    """The run of words nearest the address in which every part of the address is a word (or a
    word's initial) and every word is a part: ``["lucy", "green"]`` in "... lucy green"."""
    for start in range(len(words) - 2, -1, -1):
        for size in (3, 2):
            run = [w.rstrip(".") if len(w) > 2 else w for w in words[start:start + size]]
            if len(run) < size:
                continue
            folded = [_fold(w.rstrip(".")) for w in run]
            if all(any(_spells(f, p) for p in parts) for f in folded) and all(any(_spells(f, p) for f in folded)
                                                                               for p in parts):
                after = words[start + size: start + size + 1]
                if after and _PATRONYMIC.search(after[0]):
                    run.append(after[0].rstrip("."))
                return " ".join(w.title() if w.islower() else w for w in run)
    return None


def _spells(word: str, part: str) -> bool:
    return word == part or (len(part) == 1 and word.startswith(part)) or (len(word) == 1 and part.startswith(word))


def _fold(word: str) -> str:
    """Lower case, no accents, Cyrillic in Latin letters: how a name is spelled in an address."""
    lowered = word.lower()
    latin = "".join(_CYRILLIC.get(c, c) for c in lowered)
    return "".join(c for c in unicodedata.normalize("NFKD", latin) if not unicodedata.combining(c))


def without_contacts(tail: str) -> str:
    """The end of a message without the email addresses, phone numbers and a short remark in
    brackets that follow a signature ("John Smith john@example.com", "Eleanor Price\n07911 123456",
    "Margaret Wilson (widow), 020 7123 4567")."""
    words = tail.rstrip().split(" ")
    while words:
        last = words[-1].strip().strip(",;.")
        lines = last.split("\n")
        if len(lines) > 1 and _contact_like(lines[-1]):
            words[-1] = "\n".join(lines[:-1])
            continue
        if not last or _contact_like(last):
            words.pop()
            continue
        if last.endswith(")") and "(" in " ".join(words[-3:]):
            while words and "(" not in words[-1]:
                words.pop()
            if words:
                words.pop()
            continue
        break
    return " ".join(words).rstrip(" ,;")


def _contact_like(word: str) -> bool:
    return "@" in word or (any(c.isdigit() for c in word) and all(c.isdigit() or c in "+()-" for c in word))
