"""Thanks, greetings and acknowledgements in the person's own words ("great, thank you", «спасибо большое», "hello
again", «добрый вечер!»): a whole short message made only of such words. Recognised by word, in
English, Russian and transliterated Russian, so that they are answered politely and never filed as
a note on the case, taken for a story, or start a complaint."""

from __future__ import annotations

from bot.commands import normalise

_MOST_WORDS = 8
_THANKS = frozenset({"thanks", "thank", "thx", "thanx", "ty", "tysm", "cheers", "ta", "appreciated", "appreciate",
                     "grateful", "спасибо", "спс", "спасибки", "благодарю", "благодарим", "благодарна", "благодарен",
                     "пасиб", "пасибо", "spasibo", "spasib", "blagodaryu", "merci", "danke"})
# Words that may come with thanks or a greeting without adding anything to them.
_WITH = frozenset({"you", "u", "so", "very", "much", "a", "lot", "lots", "many", "great", "ok", "okay", "good",
                   "perfect", "brilliant", "lovely", "nice", "cool", "awesome", "fine", "right", "that", "s", "is",
                   "helpful", "for", "the", "help", "your", "all", "again", "really", "oh", "ah", "alright", "super",
                   "большое", "огромное", "вам", "тебе", "за", "помощь", "хорошо", "отлично", "супер", "ок", "понятно",
                   "ясно", "ладно", "ну", "всё", "все", "очень", "и", "вас", "bolshoe", "vam", "horosho", "ponyatno",
                   "there", "everyone", "team", "folks", "guys", "all", "ещё", "еще", "раз", "снова", "ещe"})
_GREETINGS = frozenset({"hi", "hello", "hey", "hiya", "howdy", "greetings", "morning", "afternoon", "evening",
                        "good", "привет", "приветствую", "здравствуйте", "здравствуй", "здрасте", "здрасьте",
                        "добрый", "доброе", "день", "вечер", "утро", "доброго", "дня", "салют", "privet",
                        "zdravstvujte", "zdravstvuyte", "dobryj", "dobriy", "den"})
_GREETING_HEADS = frozenset({"hi", "hello", "hey", "hiya", "howdy", "greetings", "morning", "afternoon", "evening",
                             "привет", "приветствую", "здравствуйте", "здравствуй", "здрасте", "здрасьте", "добрый",
                             "доброе", "доброго", "салют", "privet", "zdravstvujte", "zdravstvuyte", "dobryj", "dobriy"})


def _words(text: str) -> list[str]:
    return normalise(text).replace("?", " ").replace("-", " ").split()


def is_thanks(text: str) -> bool:
    """A message of thanks and nothing else ("thanks!", "ok great, thank you so much", «спасибо большое»)."""
    words = _words(text)
    return 0 < len(words) <= _MOST_WORDS and bool(set(words) & _THANKS) and set(words) <= _THANKS | _WITH


def is_greeting(text: str) -> bool:
    """A greeting and nothing else ("hi there", "hello again!", «добрый вечер»)."""
    words = _words(text)
    return (0 < len(words) <= _MOST_WORDS and bool(set(words) & _GREETING_HEADS)
            and set(words) <= _GREETINGS | _WITH and not set(words) & _THANKS)


_ACKNOWLEDGEMENTS = frozenset({"ok", "okay", "k", "kk", "fine", "alright", "right", "cool", "great", "got", "it",
                               "understood", "noted", "sure", "yes", "yep", "yeah", "good", "i", "see", "хорошо",
                               "ок", "окей", "понятно", "ясно", "ладно", "угу", "ага", "да", "понял", "поняла",
                               "принято", "норм", "ponyatno", "horosho", "yasno", "ladno"})


def is_acknowledgement(text: str) -> bool:
    """An acknowledgement and nothing else ("ok", "got it", «понятно», «ладно, хорошо»)."""
    words = _words(text)
    return 0 < len(words) <= _MOST_WORDS and set(words) <= _ACKNOWLEDGEMENTS and set(words) != {"i"}
