"""Personal data taken out of a text before a report shows it (the core's :class:`core.ports.Anonymiser`):
the entity finders' email addresses, phone numbers, order and account numbers and case references,
and names. A Russian name is a capitalised word the dictionary knows as a first name, surname or
patronymic (any form: «Ивану», «Петровой»). An English one is a capitalised word inside a sentence
("thanks to Priya"), or one starting it before another ("Priya Raman sorted it"), or after a title
("Mr Smith"), unless it is "I", a month or a day, or a word of a product or the organisation's name.
Each find becomes ``[kind]``: ``[name]``, ``[email]``, ``[phone]``, ``[order]``, ``[reference]``.
Over-eager by design: a brand taken for a name costs less than a name left in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from nlu.emails import find_emails
from nlu.entities import DEFAULT_REGIONS
from nlu.orders import find_order_numbers
from nlu.phones import find_phones
from nlu.references import ReferenceFinder
from nlu.ru_lemmas import is_person_name
from nlu.spans import Claims, Found

_WORD = re.compile(r"[^\W\d_]{1,64}(?:['’-][^\W\d_]{1,64})?")  # a word ("O'Connor", "Римский-Корсаков"); longer runs are cut
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "г-н", "г-жа", "господин", "госпожа"})
_NOT_NAMES = frozenset({
    "i", "i'm", "i've", "i'd", "i'll", "ok", "okay", "tv", "uk", "us", "usa", "eu", "faq", "pdf", "sms", "id",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "christmas", "easter", "english", "russian", "british", "american", "european",
    # words that start sentences: before a capitalised word ("My Bosch", "The ATM") they are no first name
    "the", "a", "an", "my", "our", "your", "their", "his", "her", "its", "this", "that", "these", "those", "it", "we",
    "they", "he", "she", "you", "thanks", "thank", "hi", "hello", "dear", "please", "very", "great", "good", "bad",
    "excellent", "terrible", "awful", "quick", "slow", "no", "not", "yes", "and", "but", "so", "after", "before",
    "when", "then", "still", "all", "everything", "nothing", "overall", "really", "took", "got", "had", "was",
})
_NAMES = re.compile(r"\[name\](?:[ \t]{1,4}\[name\])+")  # "Mr Priya Raman": one name
_SENTENCE_END = frozenset(".!?\n…:;\"«»()[]")


class PersonalDataAnonymiser:
    """:param prefix: the policy's reference prefix (``CD``)
    :param keep: names that are no person's (products, the organisation): their words stay"""

    def __init__(self, prefix: str, keep: Iterable[str] = (), regions: dict[str, str] | None = None) -> None:
        self._references = ReferenceFinder(prefix)
        self._keep = frozenset(word.lower() for name in keep for word in _WORD.findall(name))
        self._regions = {**DEFAULT_REGIONS, **(regions or {})}

    def anonymise(self, text: str, lang: str) -> str:
        claims = Claims(len(text))
        found: list[Found[str]] = []
        finds: list[tuple[str, Iterable[Found[object]]]] = [
            ("reference", self._references.find(text)), ("email", find_emails(text)),
            ("order", find_order_numbers(text, lang)), ("phone", find_phones(text, self._regions.get(lang, "GB"))),
            ("name", self._names(text))]
        for kind, items in finds:
            found += [Found(item.start, item.end, kind) for item in items if claims.claim(item)]
        parts, end = [], 0
        for item in sorted(found, key=lambda f: f.start):
            parts += [text[end:item.start], f"[{item.value}]"]
            end = item.end
        return _NAMES.sub("[name]", "".join([*parts, text[end:]]))

    def _names(self, text: str) -> Iterator[Found[str]]:
        words = list(_WORD.finditer(text))
        for index, word in enumerate(words):
            value = word.group()
            if not value[0].isupper() or value.lower() in self._keep:
                continue
            if any("\u0400" <= char <= "\u04ff" for char in value):
                if is_person_name(value):
                    yield Found(word.start(), word.end(), value)
                continue
            if not self._may_be_name(value):
                continue  # "I", months, sentence starters, short abbreviations ("ATM", "SMS")
            gap = text[words[index - 1].end() if index else 0:word.start()]  # what lies since the word before
            starts = not index or any(char in _SENTENCE_END for char in gap)
            after_title = index > 0 and words[index - 1].group().lower() in _TITLES
            followed = (index + 1 < len(words) and self._may_be_name(words[index + 1].group())
                        and not text[word.end():words[index + 1].start()].strip())
            preceded = (index > 0 and self._may_be_name(words[index - 1].group())
                        and not text[words[index - 1].end():word.start()].strip())
            if not starts or after_title or followed or preceded:
                yield Found(word.start(), word.end(), value)

    def _may_be_name(self, word: str) -> bool:
        lower = word.lower()
        return (word[0].isupper() and lower not in self._keep and lower not in _NOT_NAMES
                and not (word.isupper() and len(word) <= 4))
