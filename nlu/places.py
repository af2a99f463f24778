"""Where a complaint happened, as the person names it: a store, branch, office, warehouse or
shopping centre with the name or the town that tells it apart ("Leeds store", "Oxford Street
branch", "store in Leeds", «магазин в Химках», «ТЦ «Мега»»), a street, or a town of the shipped
lists ("in Cardiff", «в Подольске»).

A place noun alone ("in your store", «в магазине») names no place and is not taken; nor are
ordinary phrases ("in the morning", "at home"): a name is required, capitalised as names are
written, so precision stays high. Every quantifier is bounded: a long message is read once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from nlu.spans import Found

_DATA = Path(__file__).with_name("data")
_MOST_CHARS = 120  # a place longer than this is a sentence, not a place

# -- English ---------------------------------------------------------------------------------------

_EN_NOUNS = ("store", "shop", "branch", "office", "outlet", "warehouse", "depot", "showroom", "supermarket", "superstore",
             "hypermarket", "shopping (?:centre|center|mall)", "mall", "retail park", "service (?:centre|center)",
             "collection point", "pick-?up point", "post office", "pharmacy", "restaurant", "caf[eé]", "hotel", "garage",
             "dealership", "station", "airport", "location", "site", "clinic", "cinema", "gym", "counter", "kiosk",
             "boutique")
_EN_NOUN = "(?:" + "|".join(_EN_NOUNS) + ")"
_EN_STREET = r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Square|Parade|Way|High Street|Broadway|Boulevard)"
_EN_WORD = r"(?:[A-Z][A-Za-z'&.-]{0,30}|[A-Z]{2,6})"
_EN_NAMES = rf"{_EN_WORD}(?:[ \t]{{1,3}}(?:{_EN_WORD}|of|on|upon|the)){{0,3}}"
# Capitalised words that are not a place's name: a sentence's first word, days and months.
_EN_NOT_NAMES = frozenset(
    "the a an your my our their his her its this that these those i we you they it he she there here when "
    "after before then and but so if at in on to from by for with of upon local online main nearest new old "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december today yesterday last next dear hi hello please also just app play".split())

# "I live in Leeds" says where the person lives, not where the company let them down.
_HOME_VERBS = {"en": frozenset("live lives living lived based born moved stay staying".split()),
               "ru": frozenset("живу живём живем живет живёт живут проживаю проживаем прописан прописана родом".split())}

# -- Russian ---------------------------------------------------------------------------------------

# Each place noun in the forms it takes after «в», «на», «из», «у» and as a subject, with the form
# the case keeps («в вашем магазине в Химках» -> «магазин в Химках»).
_RU_NOUNS: dict[str, tuple[str, ...]] = {
    "магазин": ("магазин", "магазина", "магазине", "магазину", "магазином"),
    "отделение": ("отделение", "отделения", "отделении", "отделению", "отделением"),
    "офис": ("офис", "офиса", "офисе", "офису", "офисом"),
    "филиал": ("филиал", "филиала", "филиале", "филиалу", "филиалом"),
    "склад": ("склад", "склада", "складе", "складу", "складом"),
    "пункт выдачи": ("пункт выдачи", "пункта выдачи", "пункте выдачи", "пунктом выдачи"),
    "торговый центр": ("торговый центр", "торгового центра", "торговом центре", "торговым центром"),
    "ТЦ": ("ТЦ",), "ТРЦ": ("ТРЦ",),
    "супермаркет": ("супермаркет", "супермаркета", "супермаркете"),
    "гипермаркет": ("гипермаркет", "гипермаркета", "гипермаркете"),
    "салон": ("салон", "салона", "салоне"),
    "сервисный центр": ("сервисный центр", "сервисного центра", "сервисном центре"),
    "шоурум": ("шоурум", "шоурума", "шоуруме"),
    "аптека": ("аптека", "аптеки", "аптеке", "аптеку"),
    "ресторан": ("ресторан", "ресторана", "ресторане"),
    "кафе": ("кафе",),
    "вокзал": ("вокзал", "вокзала", "вокзале"),
    "аэропорт": ("аэропорт", "аэропорта", "аэропорту"),
}
_RU_FORMS = {form.lower(): noun for noun, forms in _RU_NOUNS.items() for form in forms}
_RU_NOUN = "(?:" + "|".join(sorted((re.escape(f) for f in _RU_FORMS), key=len, reverse=True)) + ")"
_RU_WORD = r"[А-ЯЁ][а-яёА-ЯЁ-]{1,30}"
_RU_NAMES = rf"{_RU_WORD}(?:[ \t]{{1,3}}{_RU_WORD}){{0,2}}"
_RU_STREET = (r"(?:улиц[аеуы]|ул\.|проспект[ае]?|пр-т[ае]?|переул(?:ок|ке)|площад(?:ь|и)|шоссе|набережн(?:ая|ой)|"
              r"бульвар[ае]?|город[ае]?|г\.|посёлк[ае]|поселк[ае]|микрорайон[ае]?)")
_RU_PREPOSITIONS = frozenset({"в", "на", "у", "возле", "около", "рядом", "при"})
_RU_QUOTED = r"[«\"„“][^»\"“”\n]{1,40}[»\"“”]"
_RU_AFTER = rf"(?:[ \t]{{1,3}}(?:в|на|у|возле|около|рядом с|при)[ \t]{{1,3}}(?:{_RU_STREET}[ \t]{{0,3}})?{_RU_NAMES}" \
            rf"(?:[ \t]{{1,3}}{_RU_STREET})?" \
            rf"|[ \t]{{1,3}}{_RU_QUOTED}|[ \t]{{1,3}}{_RU_NAMES})"


def _compiled(source: str, starts: str) -> re.Pattern[str]:
    # The look-ahead for the characters a match can start with (each alternative's first) is the
    # same pattern, tried much faster: most positions of a text fail it at once.
    return re.compile(f"(?={starts})(?:{source})")


# Each alternative below starts with a capital, with "in" / "at" / «в» / «на» / «г.», or with a
# place noun matched whatever its case.
_EN_STARTS = "[A-Zia]|(?i:[" + "".join(sorted({noun[0] for noun in _EN_NOUNS})) + "])"
_RU_STARTS = "[нвг]|(?i:[" + "".join(sorted({form[0] for form in _RU_FORMS})) + "])"

_PATTERNS = {
    "en": _compiled(
        # "Oxford Street branch", "the Leeds store", "Westfield shopping centre"
        rf"(?<![\w'])(?P<named>{_EN_NAMES}[ \t]{{1,3}}(?i:{_EN_NOUN}))(?![\w-])"
        # "your store in Leeds", "the branch on Oxford Street"
        rf"|(?<![\w-])(?P<noun>(?i:{_EN_NOUN})[ \t]{{1,3}}(?:in|on|at|near)[ \t]{{1,3}}(?:the[ \t]{{1,3}})?{_EN_NAMES})(?![\w])"
        # "on Oxford Street"
        rf"|(?<![\w'])(?P<street>{_EN_WORD}(?:[ \t]{{1,3}}{_EN_WORD}){{0,2}}[ \t]{{1,3}}{_EN_STREET})(?![\w])"
        # "in Cardiff": a town of the list
        rf"|(?<![\w'])(?:in|at)[ \t]{{1,3}}(?P<town>{_EN_WORD}(?:[ \t-]{{1,3}}{_EN_WORD}){{0,2}})",
        _EN_STARTS,
    ),
    "ru": _compiled(
        rf"(?<![\w-])(?P<noun>(?i:{_RU_NOUN}))(?P<rest>{_RU_AFTER}{{1,2}})"
        rf"|(?<![\w-])(?:на|в)[ \t]{{1,3}}(?P<street>{_RU_STREET}[ \t]{{0,3}}{_RU_NAMES})"
        rf"|(?<![\w-])(?:в|во|на)[ \t]{{1,3}}(?P<town>{_RU_WORD}(?:[ \t]{{1,3}}{_RU_WORD}){{0,2}})"
        # «г. Воронеж», «город Химки»: the word says it is a town, listed or not
        rf"|(?<![\w-])(?P<city>(?:г\.|гор\.|город|городе)[ \t]{{0,3}}{_RU_WORD}(?:-{_RU_WORD})?)",
        _RU_STARTS,
    ),
}


@lru_cache(maxsize=1)
def _towns() -> dict[str, dict[str, str]]:
    """The shipped towns by language: each form a town takes after «в» / "in", lower case, with the
    town's name as written (UK: as listed; Russian: the nominative)."""
    english = {line.strip().lower(): line.strip() for line in (_DATA / "towns_en.txt").read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")}
    russian: dict[str, str] = {}
    for line in (_DATA / "towns_ru.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            town = line.strip()
            for form in _ru_locatives(town):
                russian.setdefault(form.lower().replace("ё", "е"), town)
    return {"en": english, "ru": russian}


def _ru_locatives(town: str) -> tuple[str, ...]:
    """A town's name and the forms it takes after «в» («Москва» -> «Москве», «Химки» -> «Химках»,
    «Тверь» -> «Твери», «Подольск» -> «Подольске»); a name of several words is taken as listed."""
    if " " in town:
        return (town,)
    last = town[-1]
    if last in "аяё":
        return (town, town[:-1] + "е")
    if last in "иы":
        return (town, town[:-1] + "ах")
    if last == "ь":
        return (town, town[:-1] + "и")
    if last in "оеу":
        return (town,)
    return (town, town + "е")


def _named_en(span: str) -> str | None:
    """The place with the leading words that are not its name dropped ("The Leeds store" ->
    "Leeds store"); None when no name is left ("Your store")."""
    words = span.split()
    while words and words[0].lower().strip(".") in _EN_NOT_NAMES:
        words.pop(0)
    return " ".join(words) if len(words) >= 2 else None


def _trailing_names_en(span: str) -> str | None:
    """A noun-first place with what follows the preposition trimmed of words that are not a name
    ("store in Leeds on Monday" is cut earlier by the pattern; "shop at The Mall" keeps it)."""
    words = span.split()
    while words and words[-1].lower() in _EN_NOT_NAMES:
        words.pop()
    if len(words) < 3 or words[-1][0].islower():
        return None
    return " ".join(words)


def _value(match: re.Match[str], lang: str) -> tuple[int, int, str] | None:
    groups = match.groupdict()
    if lang == "ru":
        if groups.get("noun"):
            noun = _RU_FORMS[" ".join(groups["noun"].lower().split())]
            rest = groups["rest"].strip()
            named = rest.split()[1:2] if rest.split()[0] in _RU_PREPOSITIONS else rest.split()[:1]
            if named and named[0].lower() in _RU_FORMS:  # «магазин в ТЦ «Мега»»: the place is the centre
                return None
            return match.start(), match.end(), f"{noun} {rest}"
        if groups.get("street"):
            return match.start("street"), match.end("street"), groups["street"]
        if groups.get("city"):
            return match.start("city"), match.end("city"), groups["city"]
        return _town(match, "ru")
    if groups.get("named"):
        place = _named_en(groups["named"])
        return (match.end() - len(place), match.end(), place) if place else None
    if groups.get("noun"):
        place = _trailing_names_en(groups["noun"])
        return (match.start(), match.start() + len(place), place) if place else None
    if groups.get("street"):
        place = _named_en(groups["street"])
        return (match.end() - len(place), match.end(), place) if place else None
    return _town(match, "en")


def _town(match: re.Match[str], lang: str) -> tuple[int, int, str] | None:
    """The longest run of the words after "in" / «в» that is a town of the list ("Newcastle upon
    Tyne" before "Newcastle")."""
    words = match.group("town").split()
    for size in range(len(words), 0, -1):
        said = " ".join(words[:size])
        town = _towns()[lang].get(said.lower().replace("ё", "е"))
        if town:
            return match.start("town"), match.start("town") + len(said), town
    return None


def find_places(text: str, lang: str) -> Iterator[Found[str]]:
    """The places ``text`` names, in order, each as the person wrote it (a Russian place noun in
    its dictionary form)."""
    pattern = _PATTERNS["ru" if lang == "ru" else "en"]
    position = 0
    while (match := pattern.search(text, position)) is not None:
        found = _value(match, lang)
        if found and len(found[2]) <= _MOST_CHARS and not _home(text, found[0], lang):
            yield Found(*found)
            position = match.end()
        else:  # not a place after all ("Your store", "в ТЦ"): what follows its first word may be one
            position = match.start() + 1


def _home(text: str, start: int, lang: str) -> bool:
    """Whether the word before ``start`` says the person lives there ("I live in Leeds")."""
    before = text[max(0, start - 24):start].lower().split()
    return len(before) >= 2 and before[-2] in _HOME_VERBS[lang]
