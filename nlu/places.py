"""Where a complaint happened, as the person names it: a store, branch, office, warehouse or
shopping centre with the name or the town that tells it apart ("Leeds store", "Oxford Street
branch", "store in Leeds", «магазин в Химках», «ТЦ «Мега»»), a street, or a town of the shipped
lists ("in Cardiff", «в Подольске»).

A place noun alone ("in your store", «в магазине») names no place and is not taken; nor are
ordinary phrases ("in the morning", "at home"): a name is required, capitalised as names are
written, so precision stays high; in lower case only a name that is known without its capital (a
chain or a town of the shipped lists: "at tesco", «в пятёрочке», "in leeds") or a street with its
house number ("24 hill road, reading", «ул. ленина 5, Казань»). Every quantifier is bounded: a
long message is read once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from nlu.ru_lemmas import is_place_name, lemma_of
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

# Words after a house number that make no street ("2 hours on the road", "3 days up the lane").
_NOT_STREET = frozenset("hours hour days day weeks week months month years year minutes minute miles mile times "
                        "items pounds quid people metres meters yards km down up along across over".split())

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


# -- Chains, addresses, names in lower case ------------------------------------------------------
#
# People in chat write a shop as they say it ("bought it at tesco", «в пятёрочке»), and an address
# as on an envelope ("24 Hill Road, Reading", «ул. Ленина 5, Казань»). Where a name needs no
# capital to be known (a chain of the shipped lists, a town of the lists, a street with a house
# number) it is taken in lower case too.


@lru_cache(maxsize=1)
def _chains() -> dict[str, tuple[dict[str, str], frozenset[str]]]:
    """The shipped chains by language: each spelling (lower case; Russian: its words' lemmas) with
    the chain's name as written, and the spellings that are ordinary words as well (taken only as
    written with a capital, or, in Russian, after a place noun)."""
    chains: dict[str, tuple[dict[str, str], frozenset[str]]] = {}
    for lang in ("en", "ru"):
        names: dict[str, str] = {}
        words: set[str] = set()
        for line in (_DATA / f"chains_{lang}.txt").read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            spellings = line.strip().lstrip("*").split("|")
            for spelling in spellings:
                key = _chain_key(spelling, lang)
                names.setdefault(key, spellings[0])
                if line.startswith("*"):
                    words.add(key)
        chains[lang] = (names, frozenset(words))
    return chains


@lru_cache(maxsize=1)
def _first_words() -> tuple[frozenset[str], frozenset[str]]:
    """The first lemmas of the Russian chains, and the first words of the Russian towns' forms."""
    return (frozenset(key.split()[0] for key in _chains()["ru"][0]),
            frozenset(form.split()[0] for form in _towns()["ru"]))


def _chain_key(said: str, lang: str) -> str:
    words = said.replace("’", "'").split()
    return " ".join(lemma_of(w) for w in words) if lang == "ru" else " ".join(words).lower()


def _chain_source() -> str:
    """The English chains as one alternation: any capitals, except those that are ordinary words."""
    anycase: list[str] = []
    exact: list[str] = []
    for line in (_DATA / "chains_en.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            for spelling in line.strip().lstrip("*").split("|"):
                source = re.escape(spelling).replace("\\ ", "[ \t]{1,3}").replace("'", "['’]?")
                (exact if line.startswith("*") else anycase).append(source)
    ordered = sorted(anycase, key=len, reverse=True)
    return f"(?i:{'|'.join(ordered)})|(?:{'|'.join(sorted(exact, key=len, reverse=True))})"


_ANY_WORD_EN = r"[A-Za-z][A-Za-z'-]{0,30}"
_STREET_KINDS = (r"(?:street|st|road|rd|avenue|ave|lane|ln|drive|close|crescent|place|square|parade|way|grove|"
                 r"gardens|terrace|court|row|walk|mews|hill|green|park|broadway|boulevard)")
_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?[ \t]{0,2}\d[A-Z]{2}"
_RU_ANY_WORD = r"[^\W\d_](?:[\w'’.&-]{0,30}[^\W_])?"
_RU_STREET_MARK = (r"(?:ул\.|ул|улица|улице|улицу|пр-т|просп\.|проспект|проспекте|пер\.|переулок|переулке|б-р|"
                   r"бульвар|бульваре|наб\.|набережная|набережной|ш\.|шоссе|пл\.|площадь|площади|мкр\.?|микрорайон)")


def _first_letters(alternatives: str) -> set[str]:
    """The first letter of each of a group of plain alternatives: "у" and "п" of "(?:ул|улица|пр-т)"."""
    return {word[0].lower() for word in alternatives.removeprefix("(?:").removesuffix(")").split("|")}


_MORE = {
    "en": _compiled(
        # "at tesco", "in the local currys in leeds", "at the argos store"
        rf"(?<![\w'’&])(?P<at>(?i:at|in|inside|outside))[ \t]{{1,3}}"
        rf"(?:(?i:the|my|our|your|a|an|local|nearest|big|large|new)[ \t]{{1,3}}){{0,2}}"
        rf"(?P<chain>{_chain_source()})(?![\w'’&])"
        rf"(?:[ \t]{{1,3}}(?P<chain_noun>(?i:{_EN_NOUN}))(?![\w-]))?"
        rf"(?:[ \t]{{1,3}}(?i:in|on|at|near)[ \t]{{1,3}}(?P<chain_where>{_ANY_WORD_EN}(?:[ \t-]{{1,3}}{_ANY_WORD_EN}){{0,3}}))?"
        # "24 Hill Road, Reading", "24 hill road, reading RG1 2AB"
        rf"|(?<![\w.,-])(?P<address>\d{{1,4}}[A-Za-z]?,?[ \t]{{1,3}}(?P<street_name>{_ANY_WORD_EN}(?:[ \t]{{1,3}}{_ANY_WORD_EN}){{0,2}})"
        rf"[ \t]{{1,3}}(?i:{_STREET_KINDS})\.?)(?![\w-])"
        rf"(?:,?[ \t]{{1,3}}(?P<address_town>{_ANY_WORD_EN}(?:[ \t-]{{1,3}}{_ANY_WORD_EN}){{0,2}}))?"
        rf"(?:,?[ \t]{{1,3}}(?P<postcode>(?i:{_POSTCODE})))?(?![\w-])"
        # "the store in leeds", "in leeds": a town of the list in lower case
        rf"|(?<![\w'])(?:(?P<town_noun>(?i:{_EN_NOUN}))[ \t]{{1,3}}(?i:in|at|near)|in)[ \t]{{1,3}}"
        rf"(?P<town_lower>[a-z][a-z'-]{{1,30}}(?:[ \t-]{{1,3}}[a-z][a-z'-]{{0,30}}){{0,3}})",
        r"\d|(?i:[aio" + "".join(sorted({noun[0] for noun in _EN_NOUNS})) + "])",
    ),
    "ru": _compiled(
        # «в магазине эльдорадо», «в салоне mts», «магазин в казани»
        rf"(?<![\w-])(?P<noun>(?i:{_RU_NOUN}))[ \t]{{1,3}}(?:(?P<noun_prep>в|во|на|у)[ \t]{{1,3}})?"
        rf"(?P<noun_words>{_RU_ANY_WORD}(?:[ \t]{{1,3}}{_RU_ANY_WORD}){{0,2}})"
        # «ул. Ленина 5, Казань», «на улице ленина, д. 5»
        rf"|(?<![\w-])(?P<address>(?i:{_RU_STREET_MARK})[ \t]{{0,3}}(?P<street_name>{_RU_ANY_WORD}(?:[ \t]{{1,3}}{_RU_ANY_WORD}){{0,2}}?)"
        rf",?[ \t]{{0,3}}(?:(?i:д\.|дом)[ \t]{{0,3}})?\d{{1,4}}[а-яa-z]?(?:/\d{{1,3}})?)(?![\w])"
        rf"(?:,[ \t]{{0,3}}(?P<address_town>(?:(?i:г\.|город)[ \t]{{0,3}})?{_RU_ANY_WORD}(?:-{_RU_ANY_WORD}){{0,2}}))?"
        # «в пятёрочке», «в эльдорадо», «в казани»
        rf"|(?<![\w-])(?i:в|во)[ \t]{{1,3}}(?P<words>{_RU_ANY_WORD}(?:[ \t]{{1,3}}{_RU_ANY_WORD}){{0,2}})",
        "(?i:[в" + "".join(sorted({form[0] for form in _RU_FORMS} | _first_letters(_RU_STREET_MARK))) + "])",
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
    its dictionary form; a chain and a town of the lists as listed): those written with capitals,
    and chains, addresses and listed towns in any capitals; of two that overlap, the one that
    starts first (the longer at one start: "24 Hill Road, Reading" before "Hill Road")."""
    lang = "ru" if lang == "ru" else "en"
    found = sorted([*_found(text, lang, _PATTERNS[lang], _value), *_found(text, lang, _MORE[lang], _more_value)],
                   key=lambda place: (place.start, -place.end))
    end = 0
    for place in found:
        if place.start >= end:
            yield place
            end = place.end


def _found(text: str, lang: str, pattern: re.Pattern[str],
           value: Callable[[re.Match[str], str], tuple[int, int, str] | None]) -> Iterator[Found[str]]:
    position = 0
    while (match := pattern.search(text, position)) is not None:
        found = value(match, lang)
        if found and len(found[2]) <= _MOST_CHARS and not _home(text, found[0], lang):
            yield Found(*found)
            position = match.end()
        else:  # not a place after all ("Your store", "в ТЦ"): what follows its first word may be one
            position = match.start() + 1


def _more_value(match: re.Match[str], lang: str) -> tuple[int, int, str] | None:
    groups = match.groupdict()
    if groups.get("address"):
        return _address(match, lang)
    if lang == "en":
        if groups.get("chain"):
            return _chain_en(match)
        return _lower_town_en(match)
    if groups.get("noun"):
        return _after_noun_ru(match)
    return _after_preposition_ru(match)


def _chain_en(match: re.Match[str]) -> tuple[int, int, str] | None:
    """"at tesco" -> "Tesco", "at the currys store in leeds" -> "Currys store in Leeds"."""
    said = match.group("chain")
    place, end = _chains()["en"][0].get(_chain_key(said, "en"), said), match.end("chain")
    if match.group("chain_noun"):
        place, end = f"{place} {match.group('chain_noun')}", match.end("chain_noun")
    where = match.group("chain_where")
    if where:
        # "in leeds", "on Oxford Street" (a street named for a listed town: the longer reading)
        town = max((_listed_town(where.split(), "en"), _capitalised_run(where.split())),
                   key=lambda reading: len(reading[1]) if reading else -1)
        if town:
            said_where = match.string[match.end("chain_noun") if match.group("chain_noun") else end:match.start("chain_where")]
            place = f"{place} {said_where.strip()} {town[0]}"
            end = match.start("chain_where") + len(town[1])
    return match.start("chain"), end, place


def _lower_town_en(match: re.Match[str]) -> tuple[int, int, str] | None:
    """"in leeds" -> "Leeds", "the store in leeds" -> "store in Leeds"."""
    town = _listed_town(match.group("town_lower").split(), "en")
    if not town:
        return None
    end = match.start("town_lower") + len(town[1])
    if match.group("town_noun"):
        said = match.string[match.start("town_noun"):match.start("town_lower")]
        return match.start("town_noun"), end, f"{' '.join(said.split())} {town[0]}"
    return match.start("town_lower"), end, town[0]


def _address(match: re.Match[str], lang: str) -> tuple[int, int, str] | None:
    """A street with its house number, and the town after it when one follows: "24 Hill Road,
    Reading", «ул. Ленина 5, Казань». A street in lower case needs the town or the postcode
    ("2 hours down the road" is none)."""
    street = match.group("street_name").split()
    if any(word.lower() in _NOT_STREET or (word[0].islower() and word in _EN_NOT_NAMES) for word in street):
        return None
    end = match.end("address")
    town = _town_after_address(match, lang) if match.group("address_town") else None
    if town:
        end = match.start("address_town") + len(town)
    elif lang == "en" and not match.group("postcode") and street[0][0].islower():
        return None
    if lang == "en" and match.group("postcode") and (town or match.start("postcode") - end <= 2):
        end = match.end("postcode")
    start = match.start("address")
    return start, end, " ".join(match.string[start:end].split())


def _town_after_address(match: re.Match[str], lang: str) -> str | None:
    """The words after an address's comma that name its town, as said: a listed town; in English
    capitalised names, or one word in lower case standing alone ("..., reading."); in Russian a
    word the dictionary knows as a place, or any after «г.» / «город»."""
    said = match.group("address_town")
    words = said.split()
    listed = _listed_town(words, lang)
    if listed:
        return listed[1]
    if lang == "ru":
        first = words[0].lower()
        return said if first.startswith(("г.", "город")) or is_place_name(said.split("-")[0]) else None
    if words[0].lower() in _EN_NOT_NAMES | _NOT_STREET:
        return None
    capitalised = _capitalised_run(words)
    if capitalised:
        return capitalised[1]
    position = match.start("address_town") + len(words[0])
    after = match.string[position:position + 1]
    return words[0] if after in ("", ".", ",", ";", "!", "\n", "\r") else None


def _after_noun_ru(match: re.Match[str]) -> tuple[int, int, str] | None:
    """«в магазине эльдорадо» -> «магазин Эльдорадо», «в салоне mts» -> «салон mts», «магазин в
    казани» -> «магазин в Казани»: a chain (any), a Latin brand, or a listed town after «в»."""
    noun = _RU_FORMS[" ".join(match.group("noun").lower().split())]
    words = match.group("noun_words").split()
    preposition = match.group("noun_prep")
    start = match.start("noun")
    if not preposition:
        chain = _chain_ru(words, everyday=True)
        if chain:
            return start, match.start("noun_words") + len(chain[1]), f"{noun} {chain[0]}"
        latin = words[0] if words[0].isascii() and words[0].isalpha() and words[0].lower() not in _EN_NOT_NAMES else None
        return (start, match.start("noun_words") + len(latin), f"{noun} {latin}") if latin else None
    if preposition in ("в", "во"):
        town = _listed_town(words, "ru")
        if town:
            said = town[1]
            return start, match.start("noun_words") + len(said), f"{noun} {preposition} {_capitalised(said)}"
    return None


def _after_preposition_ru(match: re.Match[str]) -> tuple[int, int, str] | None:
    """«в пятёрочке» -> «Пятёрочка», «в казани» -> «Казань»."""
    words = match.group("words").split()
    if (not _first_words()[0].intersection(_declined(words[0]))
            and words[0].lower().replace("ё", "е") not in _first_words()[1]):
        return None  # most words after «в» begin neither a chain nor a town: one look-up says so
    chain = _chain_ru(words, everyday=False)
    if chain:
        return match.start("words"), match.start("words") + len(chain[1]), chain[0]
    if words[0][0].islower():
        town = _listed_town(words, "ru")
        if town:
            return match.start("words"), match.start("words") + len(town[1]), town[0]
    return None


def _chain_ru(words: list[str], *, everyday: bool) -> tuple[str, str] | None:
    """The chain the first words name (the longest), and the words as said; a chain that is an
    ordinary word too («магнит», «лента») only written with a capital, or when ``everyday``."""
    names, ordinary = _chains()["ru"]
    for size in range(min(3, len(words)), 0, -1):
        said = " ".join(words[:size])
        head = _chain_key(" ".join(words[:size - 1]), "ru")
        for last in _declined(words[size - 1]):
            key = f"{head} {last}".strip()
            if key in names and (everyday or key not in ordinary or said[0].isupper()):
                return names[key], said
    return None


def _declined(word: str) -> tuple[str, ...]:
    """The lemmas a word may have: the dictionary's, and for a name it does not know the word with
    a case ending taken off («ВкусВилле» -> «вкусвилл», «икее» -> «икеа», «Прайсе» -> «прайс»)."""
    lower = word.lower().replace("ё", "е")
    found = [lemma_of(word)]
    if lower[-1:] in ("е", "у", "и", "ы", "а", "ю"):
        found += [lower[:-1] + ending for ending in ("", "а", "я", "й", "ь")]
    if lower[-2:] in ("ом", "ой", "ем", "ым"):
        found += [lower[:-2], lower[:-2] + "а"]
    return tuple(found)


def _listed_town(words: list[str], lang: str) -> tuple[str, str] | None:
    """The town of the list the first words name (the longest), and the words as said."""
    for size in range(len(words), 0, -1):
        said = " ".join(words[:size]).rstrip(".,")
        town = _towns()[lang].get(said.lower().replace("ё", "е"))
        if town:
            return town, said
    return None


def _capitalised_run(words: list[str]) -> tuple[str, str] | None:
    """The leading capitalised words that are not ordinary ones ("Oxford Street yesterday" ->
    "Oxford Street")."""
    kept: list[str] = []
    for word in words:
        if not word[0].isupper() or word.lower().strip(".,") in _EN_NOT_NAMES:
            break
        kept.append(word)
    said = " ".join(kept).rstrip(".,")
    return (said, said) if said else None


def _capitalised(said: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in said.split("-"))


def _home(text: str, start: int, lang: str) -> bool:
    """Whether the word before ``start`` says the person lives there ("I live in Leeds")."""
    before = text[max(0, start - 24):start].lower().split()
    return len(before) >= 2 and before[-2] in _HOME_VERBS[lang]
