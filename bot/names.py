"""The complainant's name wherever a message gives it: introduced ("my name is ...", «меня зовут
...»), labelled ("Name: ...", «ФИО: ...»), signing the message ("Kind regards,\nPriya Raman",
«— Кирилл»), or written beside an email address that spells it (``lucy.green@...``)."""

from __future__ import annotations

import re
import unicodedata

from nlu.products import lexicon_words
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
    rf"(?:(?<![^\W\d_])(?i:{_SIGN_OFF})[ \t]{{0,4}}[,.!:]?[ \t]{{0,4}}\r?\n?|\n|[.!?][ \t]{{1,4}}|^)[ \t]{{0,4}}[-—–]{{0,3}}[ \t]{{0,4}}"
    rf"{_TITLE}(?P<name>{CAPITALISED}(?:[ \t]{{1,4}}{CAPITALISED}){{1,3}})"
    r"[ \t]{0,4}\.?[ \t\r\n]{0,8}$")
# One word alone at the end is a name after a sign-off or a dash ("ty - Kyle", «спс — Кирилл»), or
# after a sentence of its own when it does not read as an ordinary word (see :func:`_reads_as_name`).
_ONE_WORD = re.compile(
    rf"(?:(?P<signed>(?<![^\W\d_])(?i:{_SIGN_OFF})[ \t]{{0,4}}[,.!:]?[ \t]{{0,4}}|[-—–][ \t]{{0,4}})|[.!?\n][ \t]{{0,4}})"
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
# Lower case: after an introduction or a label a name may be written as people type in chat ("my
# name is john smith", «меня зовут анна петрова», "name: john smith"); the words after it are taken
# while they read as a name (see :func:`_lowercase_name`).
_ANY_WORD = r"[^\W\d_]{1,30}(?:['’-][^\W\d_]{1,30})?"
_INTRO_ANY = re.compile(
    r"(?i:\bmy[ \t]{1,3}name[ \t]{1,3}is|\bmy[ \t]{1,3}name's|меня[ \t]{1,3}зовут|мо[её][ \t]{1,3}имя|"
    r"(?:^|[\n.;,(])[ \t]{0,4}(?:(?:full[ \t])?name|имя|фио|ф\.и\.о\.?)[ \t]{0,4}[:\-—])[ \t]{1,4}"
    rf"(?i:{_TITLE})(?P<name>{_ANY_WORD}(?:[ \t]{{1,4}}{_ANY_WORD}){{0,3}})")
# Words in lower case ending the message (contacts aside): a name of two or three words when the
# Russian dictionary knows every word as a name («... починили. зеленова люся»), or, in English,
# after a sign-off or on a line of its own ("regards, john smith", "...\njohn smith"); one word
# after a sign-off or a dash when the dictionary knows it as a name («спасибо, иван»).
_SIGNED_ANY = re.compile(
    rf"(?:(?P<signed>(?<![^\W\d_])(?i:{_SIGN_OFF})[ \t]{{0,4}}[,.!:]?[ \t]{{0,4}}\r?\n?|(?<!\S)[—–-])|(?P<line>\n)|[.!?,;:]|^)[ \t]{{0,4}}"
    rf"(?P<name>{_ANY_WORD}(?:[ \t]{{1,4}}{_ANY_WORD}){{0,2}})[ \t]{{0,4}}\.?[ \t\r\n]{{0,8}}$")
# English words that never make a name in lower case: "thanks a lot", "ok thanks", "call me on".
_NOT_IN_A_NAME = NOT_A_NAME | frozenset(
    "a an and or but so to of on in at for with from by me you your we us our they them it its is was be been am are "
    "this that lot much very so all any some see soon back call email mail text phone number contact reach here there "
    "just still also too well good bad great best kind warm many more most less what when where why how who which "
    "will would can could should may might must do does did done have has had get got buy bought new old one two "
    "tv phone card laptop fridge order parcel box item delivery service account bill money cash never always hope "
    "wait fix fixed reply respond answer tomorrow ty ta bye love customer unhappy upset angry annoyed fed up".split())
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
    """A name as written, or in title case when it was written all in capitals or all in lower case
    ("MARGARET HOLLOWAY", "john o'connor")."""
    return said.title() if said.isupper() or said.islower() else said


def name_in(text: str) -> str | None:
    """The name a message gives, if it gives one."""
    head = text[:2000]
    for pattern in (_INTRO, _LABELLED):
        found = pattern.search(head)
        if found and is_a_name(found.group("name")) and _one_script(found.group("name")):
            return as_name(found.group("name").strip())
    introduced = _INTRO_ANY.search(head)
    if introduced:
        name = _lowercase_name(introduced.group("name").split(), everyday_words=True)
        if name:
            return name
    by_email = _spelled_by_email(text)
    if by_email:
        return by_email
    if "\n" in text.strip() or len(text.split()) > 6:
        tail = without_contacts(text[-SIGNATURE_CHARS:])
        beside_contacts = tail != text[-SIGNATURE_CHARS:].rstrip().rstrip(" ,;")
        signed = _SIGNED.search(tail)
        if signed and is_a_name(signed.group("name")) and _one_script(signed.group("name")):
            return as_name(signed.group("name").strip())
        alone = _ONE_WORD.search(tail)
        if alone and is_a_name(alone.group("name")) and (alone.group("signed") or _reads_as_name(alone.group("name"), text)):
            return as_name(alone.group("name").strip())
        signed = _SIGNED_ANY.search(tail)
        if signed and signed.group("name").islower():
            words = signed.group("name").split()
            english = len(words) > 1 and bool(signed.group("signed") or (signed.group("line") and beside_contacts))
            name = _lowercase_name(words, everyday_words=english)
            if name and len(name.split()) == len(words) and (len(words) > 1 or signed.group("signed")):
                return name
    leading = _LEADING.search(head)
    if leading and is_a_name(leading.group("name")) and _reads_as_leading_name(leading.group("name")):
        return as_name(leading.group("name"))
    return None


def _one_script(name: str) -> bool:
    """Whether a name is written in one alphabet: "Телевизр Samsung" is a product, not a person."""
    cyrillic = [any("\u0400" <= char <= "\u04ff" for char in word) for word in name.split()]
    return all(cyrillic) or not any(cyrillic)


def _reads_as_leading_name(name: str) -> bool:
    """A message's first words read as a name when they are in one alphabet and, in Russian, the
    dictionary knows one of them as a name («Телевизор Samsung,», «Стиральная Машина,» are not)."""
    if not _one_script(name):
        return False
    words = name.split()
    return not any("\u0400" <= char <= "\u04ff" for char in name) or any(is_person_name(w) for w in words)


def _lowercase_name(words: list[str], *, everyday_words: bool) -> str | None:
    """The words that begin ``words`` and read as a name, in title case ("john smith" -> "John
    Smith"): a Russian word the dictionary knows as a name; with ``everyday_words`` (after "my name
    is", a label, a sign-off) also another word that is not an ordinary English word of
    :data:`_NOT_IN_A_NAME` nor shaped like one ("disappointed"). Russian words need the dictionary
    everywhere, so «меня зовут анна, заказ ...» stops at «анна»."""
    kept: list[str] = []
    for word in words:
        lowered = word.lower()
        if any("\u0400" <= char <= "\u04ff" for char in word):
            if lowered in NOT_A_NAME or not is_person_name(word):
                break
        elif (not everyday_words or lowered in _NOT_IN_A_NAME or lowered in lexicon_words("en")
              or (len(lowered) > 5 and lowered.endswith(_WORD_ENDINGS))):
            break
        kept.append(word)
    if not kept or max(len(word) for word in kept) < 2 or not _one_script(" ".join(kept)):
        return None  # "name: n/a"
    return as_name(" ".join(kept))


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
        local = "".join(c for c in found.group("local") if not c.isdigit())  # "lucy.green84"
        parts = [p for p in _fold(local).translate(_SEPARATORS).split() if p.isalpha()]
        if not parts or len(parts) > 3 or max(len(p) for p in parts) < 3:
            continue
        words = _WORD.findall(tail[max(0, found.start() - _EMAIL_REACH): found.start()])[-12:]
        name = _matching_run(words, parts)
        if name:
            return as_name(name)
    return None


def _matching_run(words: list[str], parts: list[str]) -> str | None:
    """The run of words nearest the address in which every part of the address is a word (or a
    word's initial) and every word is a part: ``["lucy", "green"]`` in "... lucy green"; failing
    that, a run of names the Russian dictionary knows of which the address spells one («зеленова
    люся lucy.z@...»)."""
    for loosely in (False, True):
        for start in range(len(words) - 2, -1, -1):
            for size in (3, 2):
                run = [w.rstrip(".") if len(w) > 2 else w for w in words[start:start + size]]
                if len(run) < size:
                    continue
                folded = [_fold(w.rstrip(".")) for w in run]
                if loosely:
                    found = (all(is_person_name(w.rstrip(".")) for w in run)
                             and any(_spells(f, p) for f in folded for p in parts))
                else:
                    found = (all(any(_spells(f, p) for p in parts) for f in folded)
                             and all(any(_spells(f, p) for f in folded) for p in parts))
                if found:
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
