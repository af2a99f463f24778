"""Thanks, greetings and acknowledgements in the person's own words ("great, thank you", «спасибо большое», "hello
again", «добрый вечер!»): a whole short message made only of such words. Recognised by word, in
English, Russian and transliterated Russian, so that they are answered politely and never filed as
a note on the case, taken for a story, or start a complaint."""

from __future__ import annotations

from bot.commands import normalise
from bot.context import Turn
from bot.messages import Choice
from bot.substance import content_words

_MOST_WORDS = 8
_MOST_CHARS = 300
_THANKS_WORDS = 14
# What people thank for, and the words around it ("for your quick reply", «за оперативность»).
_FOR_WHAT = frozenset({"for", "help", "update", "answer", "reply", "response", "information", "info", "time",
                       "patience", "quick", "fast", "prompt", "looking", "into", "sorting", "sorted", "getting",
                       "back", "everything", "support", "day", "nice", "have", "mate", "kindly", "million", "listening",
                       "understanding", "care", "kind", "words", "needed", "been", "ve", "am", "done",
                       "за", "что", "помощь", "ответ", "информацию", "обновление", "терпение", "оперативность",
                       "участие", "разобрались", "рассмотрели", "помогли", "выслушали", "решили", "быстро",
                       "хорошего", "дня", "лучшие", "признателен", "признательна", "премного", "сердечно",
                       "всего", "доброго", "жду", "нужно", "было", "это", "с", "быстрый", "решилось", "sorry", "right", "um",
                       "out", "made", "reported", "общем", "так", "сделали", "quickly", "promptly", "weekend",
                       "выходных", "вечера"})
_FOR_STEMS = ("complaint", "case", "claim", "appeal", "issue", "ticket", "жалоб", "обращени", "заявк", "претензи",
              "заявлени", "дел", "вопрос", "проблем")
# A turn in the message: thanks, but something is still wrong.
_TURNS = frozenset({"but", "however", "still", "not", "nothing", "never", "no", "dont", "didnt", "isnt", "doesnt",
                    "wasnt", "when", "how", "where", "why", "what", "но", "однако", "не", "нет", "ничего", "никто",
                    "когда", "где", "почему", "сколько", "зачем", "а"})
_THANKS = frozenset({"thanks", "thank", "thx", "thanx", "thnx", "ty", "tysm", "cheers", "ta", "appreciated",
                     "appreciate", "grateful", "признателен", "признательна", "мерси", "спасибо", "спс", "спасибки", "благодарю", "благодарим", "благодарна", "благодарен",
                     "пасиб", "пасибо", "spasibo", "spasib", "blagodaryu", "merci", "danke"})
# Words that may come with thanks or a greeting without adding anything to them.
_WITH = frozenset({"you", "u", "so", "very", "much", "a", "lot", "lots", "many", "great", "ok", "okay", "good",
                   "perfect", "brilliant", "lovely", "nice", "cool", "awesome", "fine", "right", "that", "s", "is",
                   "helpful", "for", "the", "help", "your", "all", "again", "really", "oh", "ah", "alright", "super",
                   "большое", "огромное", "вам", "тебе", "за", "помощь", "хорошо", "отлично", "супер", "ок", "понятно",
                   "ясно", "ладно", "ну", "всё", "все", "очень", "и", "вас", "bolshoe", "vam", "horosho", "ponyatno",
                   "there", "everyone", "team", "folks", "guys", "all", "ещё", "еще", "раз", "снова", "ещe"})
_GREETINGS = frozenset({"yo", "алло", "хай", "приветик", "хелло", "hallo", "hi", "hello", "hey", "hiya", "howdy", "greetings", "morning", "afternoon", "evening",
                        "good", "привет", "приветствую", "здравствуйте", "здравствуй", "здрасте", "здрасьте",
                        "добрый", "доброе", "день", "вечер", "утро", "доброго", "дня", "салют", "privet",
                        "zdravstvujte", "zdravstvuyte", "dobryj", "dobriy", "den"})
_ANSWERS = frozenset({"yes", "yeah", "yep", "no", "nope", "help", "да", "нет", "помощь", "помогите", "hmm", "hm"})
# What comes with a greeting: "anyone there?", "is this the complaints service?", «меня слышно?».
_SMALL_TALK = frozenset({"anyone", "anybody", "someone", "around", "hear", "hope", "well", "new", "service",
                         "complaints", "bot", "robot", "day", "how", "doing", "sorry", "yo", "можно", "кто",
                         "есть", "слышно", "бот", "всем", "команда", "впервые", "здесь", "времени", "суток", "служба",
                         "жалоб", "как", "дела", "поживаете", "извините"})
_GREETING_HEADS = frozenset({"yo", "алло", "хай", "приветик", "хелло", "hallo", "hi", "hello", "hey", "hiya", "howdy", "greetings", "morning", "afternoon", "evening",
                             "привет", "приветствую", "здравствуйте", "здравствуй", "здрасте", "здрасьте", "добрый",
                             "доброе", "доброго", "салют", "privet", "zdravstvujte", "zdravstvuyte", "dobryj", "dobriy"})


def _words(text: str) -> list[str]:
    if len(text) > _MOST_CHARS:  # far longer than thanks or a greeting: not normalised at all
        return []
    return normalise(text).replace("?", " ").replace("-", " ").split()


def is_thanks(text: str) -> bool:
    """A message of thanks and nothing else ("thanks!", "ok great, thank you so much", «спасибо большое»),
    also for something ("thank you for looking into it", «спасибо, что разобрались»): no question,
    no "but", and no word that is not what people thank for."""
    words = _words(text)
    if not words or len(words) > _THANKS_WORDS or not set(words) & _THANKS:
        return False
    if set(words) <= _THANKS | _WITH:
        return True
    if text.rstrip().endswith("?") or set(words) & _TURNS:
        return False
    others = [w for w in content_words(" ".join(words))
              if w not in _THANKS | _WITH | _FOR_WHAT | _GREETINGS and not w.startswith(_FOR_STEMS)]
    return not others


def is_greeting(text: str) -> bool:
    """A greeting and nothing else ("hi there", "hello again!", «добрый вечер»)."""
    words = _words(text)
    # "day" greets only after "good": "some day" answers a question
    greets = bool(set(words) & _GREETING_HEADS) or words[:2] == ["good", "day"]
    if not words or len(words) > _MOST_WORDS or not greets or set(words) & (_THANKS | _ANSWERS):
        return False
    others = [w for w in content_words(" ".join(words)) if w not in _GREETINGS | _WITH | _SMALL_TALK]
    return not others


_ACKNOWLEDGEMENTS = frozenset({"ok", "okay", "k", "kk", "fine", "alright", "right", "cool", "great", "got", "it",
                               "understood", "noted", "sure", "yes", "yep", "yeah", "good", "i", "see", "хорошо",
                               "ок", "окей", "понятно", "ясно", "ладно", "угу", "ага", "да", "понял", "поняла",
                               "принято", "норм", "ponyatno", "horosho", "yasno", "ladno"})


def is_acknowledgement(text: str) -> bool:
    """An acknowledgement and nothing else ("ok", "got it", «понятно», «ладно, хорошо»)."""
    words = _words(text)
    return 0 < len(words) <= _MOST_WORDS and set(words) <= _ACKNOWLEDGEMENTS and set(words) != {"i"}


def greet(turn: Turn) -> None:
    """A greeting is answered with what the person can do here."""
    turn.say(turn.t("greeting.hello"), choices=(Choice(turn.t("control.new_complaint"), "new"),
                                                Choice(turn.t("control.check_status"), "status")))
