"""Withdrawing a complaint, and taking back a cancel, in the person's own words: "I want to
withdraw my complaint", "forget it, it's sorted now", «отзываю жалобу», «уже не актуально»; "undo",
"wait, bring it back", «верните», «отменить отмену». Recognised by word and phrase (no regular
expression: the text is normalised and looked at word by word). An open case is withdrawn once the
person confirms, and only by a proven sender."""

from __future__ import annotations

from bot import cancelling, edits, followup
from bot.commands import normalise
from bot.context import Turn
from bot.messages import Choice
from bot.session_state import Step
from core.actors import Actor

WITHDRAW_YES, WITHDRAW_NO = "withdraw:yes", "withdraw:no"

_MOST_WORDS = 20
_UNDO_WORDS = 12
# Word beginnings of withdrawing: they mean the complaint when it is their object, or when nothing
# else is named ("I withdraw", "withdraw it please"); «отозвать эти обогреватели» asks for a recall.
_WITHDRAW_STEMS = ("withdraw", "retract", "отзыва", "отозва", "отзов", "снима", "otzyva", "otozva", "otzov")
_NOT_THE_ACT = ("withdrawal",)  # "a cash withdrawal of £500"
_COMPLAINT_STEMS = ("complaint", "case", "claim", "ticket", "жалоб", "обращени", "заявк", "претензи", "zhalob",
                    "obrashcheni", "zayavk")
# Words that may stand beside a bare "withdraw" without naming something else to withdraw.
_BESIDE = frozenset({"i", "want", "to", "would", "like", "d", "please", "pls", "it", "this", "that", "my", "the", "now",
                     "ok", "okay", "then", "just", "so", "я", "хочу", "бы", "пожалуйста", "ее", "её", "это", "мою",
                     "свою", "все", "всё", "уже", "тогда", "ну", "ок", "да", "ya", "hochu", "eyo", "eto"})
_WITHDRAW_PHRASES = (
    "forget it", "forget about it", "forget the complaint", "forget my complaint", "never mind the complaint",
    "cancel my complaint", "cancel the complaint", "close my complaint", "close the complaint", "drop my complaint",
    "drop the complaint", "retract my complaint", "no longer needed", "no longer need", "not needed anymore",
    "not needed any more", "dont need it anymore", "dont need it any more", "don t need it anymore",
    "don t need it any more", "its sorted", "it s sorted", "it is sorted", "all sorted", "sorted now", "sorted itself",
    "sorted it out", "problem solved", "problem resolved", "issue solved", "issue resolved", "resolved now",
    "solved now", "fixed now", "no longer an issue", "no longer a problem", "not an issue anymore",
    "не актуально", "не актуальна", "не актуален", "неактуально", "неактуальна", "неактуален", "вопрос решился", "вопрос решен",
    "вопрос снят", "проблема решилась", "проблема решена", "все решилось", "всё решилось", "уже решили",
    "сам решил", "сама решила", "закройте жалобу", "закройте заявку", "закройте обращение", "забудьте",
    "уже не нужно", "больше не нужно", "не нужно уже", "забираю жалобу", "забираю свою жалобу",
    "ne aktualno", "vopros reshen", "zabudte",
)
_UNDO_PHRASES = (
    "undo", "oops", "whoops", "bring it back", "bring back", "restore", "put it back", "dont cancel", "don t cancel",
    "do not cancel", "didnt mean to", "didn t mean to", "did not mean to", "by mistake", "by accident", "my mistake",
    "take it back", "un cancel", "uncancel", "верни жалобу", "верните жалобу", "верни обратно", "верните обратно",
    "верните как было", "восстанови", "восстановите", "восстановить", "отменить отмену", "отмени отмену", "отмените отмену", "не отменяй", "не отменяйте",
    "не надо отменять", "не нужно отменять", "случайно", "ошибся", "ошиблась", "по ошибке",
)
# Words that take back a cancel only as (nearly) the whole message: «верните деньги» asks for money.
_UNDO_SHORT = frozenset({"верни", "верните", "вернуть", "назад", "ой", "упс", "back", "go", "wait", "vernite", "verni",
                         "oi", "ups", "please", "пожалуйста", "no", "нет", "стоп", "stop", "стойте", "погодите"})
_UNDO_HEADS = frozenset({"верни", "верните", "вернуть", "назад", "ой", "упс", "vernite", "verni", "oi", "ups"})
_SHORT_WORDS = 3


_MOST_CHARS = 400  # longer is a story, not a withdrawal or an undo: it is not normalised at all


def _said(text: str) -> str:
    if len(text) > _MOST_CHARS:
        return " "
    return " " + normalise(text).replace("’", " ").replace("'", " ").replace("?", " ").replace("-", " ") + " "


def _phrase_set(phrases: tuple[str, ...]) -> tuple[frozenset[str], int, frozenset[str]]:
    """The phrases, the most words in one, and the words they start with."""
    return frozenset(phrases), max(len(phrase.split(" ")) for phrase in phrases), frozenset(p.split(" ")[0] for p in phrases)


_WITHDRAW_SAID = _phrase_set(_WITHDRAW_PHRASES)
_UNDO_SAID = _phrase_set(_UNDO_PHRASES)


def _says_any(said: str, phrases: tuple[frozenset[str], int, frozenset[str]]) -> bool:
    """Whether one of ``phrases`` stands in ``said`` between spaces (``f" {phrase} " in said``),
    by looking up each run of its space-separated pieces (from a word a phrase starts with)
    instead of scanning for every phrase."""
    known, longest, first_words = phrases
    pieces = said.split(" ")
    for start in range(1, len(pieces) - 1):
        if pieces[start] not in first_words:
            continue
        for end in range(start + 1, min(start + longest, len(pieces) - 1) + 1):
            if " ".join(pieces[start:end]) in known:
                return True
    return False


def wants_withdrawal(text: str) -> bool:
    """The person takes back their complaint (not a question: "is it sorted now?" asks for status)."""
    said = _said(text)
    words = said.split()
    if not words or len(words) > _MOST_WORDS or text.rstrip().endswith("?"):
        return False
    return _withdraws_it(words) or _says_any(said, _WITHDRAW_SAID)


def _withdraws_it(words: list[str]) -> bool:
    """A withdrawing verb whose object is the complaint ("withdraw my complaint", «отзываю жалобу»),
    or that names nothing else ("withdraw it please", «жалобу отзываю»); «отозвать согласие»
    withdraws something else."""
    at = next((i for i, word in enumerate(words) if word.startswith(_WITHDRAW_STEMS)
               and not word.startswith(_NOT_THE_ACT)), None)
    if at is None:
        return False
    after = [word for word in words[at + 1:] if word not in _BESIDE]
    if after:
        return after[0].startswith(_COMPLAINT_STEMS)
    return all(word in _BESIDE or word.startswith(_COMPLAINT_STEMS) for word in words[:at])


def wants_undo(text: str) -> bool:
    """The person takes back a cancel ("undo", "wait, bring it back", «верните», «отменить отмену»)."""
    said = _said(text)
    words = said.split()
    if not words or len(words) > _UNDO_WORDS:
        return False
    if len(words) <= _SHORT_WORDS and set(words) & _UNDO_HEADS and set(words) <= _UNDO_SHORT:
        return True
    return _says_any(said, _UNDO_SAID)


async def withdraw(turn: Turn) -> None:
    """The person takes back their complaint: a draft is cancelled (and may be undone); an open
    case is withdrawn once they confirm."""
    session = turn.session
    if session.step in edits.DRAFTING:
        cancelling.cancel(turn)
        return
    reference = await followup.open_case(turn)
    if not reference:
        turn.say(turn.t("withdraw.none"))
        return
    session.step, session.pending = Step.WITHDRAW, reference
    turn.say(turn.t("withdraw.confirm", reference=reference),
             choices=(Choice(turn.t("withdraw.yes"), WITHDRAW_YES), Choice(turn.t("withdraw.no"), WITHDRAW_NO)))


async def on_answer(turn: Turn, yes: bool | None) -> bool:
    """The answer to "do you want to withdraw?"; anything but yes or no lets the question lapse
    (False: the message is then read as it would be otherwise)."""
    session = turn.session
    reference, session.pending, session.step = session.pending or "", None, Step.START
    if yes is None or not reference:
        return False
    if yes and not turn.message.sender_verified:  # an email's From alone withdraws nothing
        session.step, session.pending = Step.WITHDRAW, reference
        turn.say(turn.t("unproven.withdrawal", reference=reference), choices=(
            Choice(turn.t("withdraw.yes"), WITHDRAW_YES), Choice(turn.t("withdraw.no"), WITHDRAW_NO)))
        return True
    if yes:
        identity = turn.identity
        await turn.services.core.service.withdraw(reference, Actor.complainant(f"{identity.channel}:{identity.address}"),
                                                  identity=identity, reason=turn.text.strip()[:200])
        session.case = None
        turn.say(turn.t("withdraw.done", reference=reference))
    else:
        turn.say(turn.t("withdraw.kept", reference=reference))
    return True
