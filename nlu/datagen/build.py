"""Render the training examples: ``python -m nlu.datagen.build`` rewrites ``nlu/data/{intents,categories}_{en,ru}.jsonl``.

Sources, per language:

* ``base_*.jsonl``: the hand-written examples (and, for English categories, the mapped CFPB narratives,
  which are marked train-only); each is its own group, keyed by its normalised text.
* ``categories_<lang>.py`` and ``intents_<lang>.py``: templates with slot fillers; every template is one
  group (``tpl:<label>:<n>``), rendered a few times with different fillers. A category module's
  ``GOODS_TEMPLATES`` are category examples only, never an intent example's ``{core}``.

Register variety comes from wrappers (a greeting, a sign-off, formal or chatty framing), letter case
and typos (a dropped, doubled or swapped letter). The wrappers are split too: a template in the
held-out split is rendered only with held-out wrappers, one in training only with training wrappers,
and the complaint sentences that intent templates embed (``{core}``) come from category templates on
the same side. Deterministic: the same sources give the same files.
"""

from __future__ import annotations

import importlib
import itertools
import json
import random
import re
from pathlib import Path

from nlu.dataset import DATA_DIR, TRAIN_ONLY_PREFIX, held_out_group, read_jsonl

HERE = Path(__file__).parent
CATEGORY_RENDERS = 9
INTENT_RENDERS = 7
TYPO_RATE = 0.2

INTENT_WRAPPERS = {
    "en": ["{}", "hi, {}", "{}?", "hello {}", "{} please", "ok {}", "{} thanks", "sorry, {}", "um {}", "{}!!", "good morning. {}",
           "hey - {}", "{} :)", "excuse me, {}", "{} asap", "right, {}", "{} pls", "Hi there! {}", "{}...", "so {}"],
    "ru": ["{}", "привет, {}", "{}?", "здравствуйте, {}", "{}, пожалуйста", "ну {}", "{}, спасибо", "извините, {}", "эээ {}",
           "{}!!", "добрый день. {}", "слушайте, {}", "{} :)", "простите, {}", "{} срочно", "так, {}", "{} плз", "Здравствуйте! {}",
           "{}...", "в общем, {}"],
}
CATEGORY_WRAPPERS = {
    "en": ["{}", "Hello, {}. Please sort this out.", "{}!!!", "Dear Sir or Madam, I am writing to complain: {}.",
           "{}, not happy at all", "hi {} what are you going to do about it", "{}. This is unacceptable.", "Hi team, {}",
           "{} - please help", "complaint: {}", "{}. I expect a response within 5 days.", "ugh {}", "{}. Regards, John",
           "Good afternoon, {}.", "{}, really annoyed", "FYI {}", "{}. Thanks in advance.", "{}, sort it out please",
           "I have to say {}", "{} and nobody cares"],
    "ru": ["{}", "Здравствуйте, {}. Разберитесь, пожалуйста.", "{}!!!", "Уважаемая служба поддержки, сообщаю: {}.",
           "{}, очень недоволен", "привет {} что будете делать", "{}. Это недопустимо.", "Добрый день, {}",
           "{} - помогите", "жалоба: {}", "{}. Жду ответа в течение 5 дней.", "блин, {}", "{}. С уважением, Иван",
           "Добрый вечер, {}.", "{}, очень злюсь", "к сведению: {}", "{}. Заранее спасибо.", "{}, решите вопрос",
           "вынужден сообщить, что {}", "{}, и всем всё равно"],
}


# What a whole opening carries besides its story, the same for every category: the outcome wanted
# (money back included), an order number or a date, the calls already made, a signature. Without
# them the classifier learns that a sum or "refund" means billing (a parcel never delivered, its
# price named, was filed there) and that a call to the helpline means poor service. The place (a
# store, a branch, the website) is said in every kind of complaint too: without it "your store"
# meant a remark about the shop (other) or its staff, and a faulty product bought there was filed so.
OPENING_EXTRA_RATE = 0.7
EXTRA_KIND_RATES = {"where": 0.35, "tried": 0.35}  # the others: one in two
OPENING_EXTRAS = {
    "en": {
        "where": ["I bought it at your {city} store.", "This was at your {city} branch.", "It happened in your shop in {city}.",
                  "Store: {city}.", "Bought from your website in October.", "at the {city} store on {day} November",
                  "I got it from your {city} shop last month.", "Your {city} branch, {day} November."],
        "wish": ["I want a refund.", "I want my £{sum} back.", "Please refund the £{sum}.", "I want a replacement.", "Refund please.",
                 "I expect compensation of £{sum}.", "I want it sorted.", "Please call me back.", "Money back please."],
        "detail": ["Order {order}.", "order number {order}", "It happened on {day} November.", "since {day} November",
                   "I paid £{sum}.", "account {order}"],
        "signature": ["Anna Smith anna.smith@example.com", "- John Brown, 07700 900123", "Regards, Priya Raman", "Kate",
                      "Thanks, Tom Hughes tom.h@mail.com"],
        "tried": ["I called the helpline twice.", "Nobody answers the phone.", "I wrote to the chat three times.",
                  "The helpline kept me on hold for an hour.", "I already emailed you about it.",
                  "Support promised to check and never came back.", "The chat bot gave me a ticket number and nothing since."],
    },
    "ru": {
        "where": ["Покупал в вашем магазине в {city_loc}.", "Это было в отделении в {city_loc}.", "Магазин в {city_loc}.",
                  "Брал на вашем сайте в октябре.", "В вашем магазине в {city_loc} {day} ноября.", "Покупка в магазине на Ленина, {city}.",
                  "Отделение в {city_loc}, {day} ноября."],
        "wish": ["Верните деньги.", "Хочу вернуть {sum} рублей.", "Верните {sum} руб.", "Хочу замену.", "Прошу компенсацию {sum} ₽.",
                 "Прошу разобраться.", "Жду звонка.", "Хочу свои деньги назад."],
        "detail": ["Заказ {order}.", "заказ № {order}", "Это было {day} ноября.", "с {day} ноября", "Заплатил {sum} рублей.",
                   "номер договора {order}"],
        "signature": ["Иванова Мария, maria@mail.ru", "С уважением, Петров Игорь", "Сидоров Пётр Алексеевич +7 999 123 45 67", "Катя",
                      "Спасибо, Орлова Наталья"],
        "tried": ["Звонил на горячую линию два раза.", "Никто не берёт трубку.", "Писал в чат три раза.",
                  "На горячей линии держат по часу.", "Я уже писал вам об этом.",
                  "В поддержке обещали проверить и пропали.", "Чат-бот выдал номер обращения, и всё."],
    },
}
EXTRA_SUMS = ["45", "4 500", "1 200", "89 900", "299", "64 990", "12 500"]
EXTRA_CITIES = {"en": [("Manchester", ""), ("Bristol", ""), ("Glasgow", ""), ("Cardiff", ""), ("Sheffield", ""), ("Brighton", "")],
                "ru": [("Казань", "Казани"), ("Самара", "Самаре"), ("Пермь", "Перми"), ("Тверь", "Твери"), ("Воронеж", "Воронеже"),
                       ("Краснодар", "Краснодаре")]}


def _with_extras(text: str, lang: str, rng: random.Random) -> str:
    """A rendered story, sometimes followed by what the rest of an opening says (see :data:`OPENING_EXTRAS`)."""
    if rng.random() >= OPENING_EXTRA_RATE:
        return text
    extras = OPENING_EXTRAS[lang]
    parts = [text.rstrip(".!? ") + "."]
    for kind in ("where", "detail", "tried", "wish", "signature"):
        if kind == "wish" or rng.random() < EXTRA_KIND_RATES.get(kind, 0.5):
            city, city_loc = rng.choice(EXTRA_CITIES[lang])
            parts.append(rng.choice(extras[kind]).format(sum=rng.choice(EXTRA_SUMS), order=rng.randrange(10000, 99999),
                                                        day=rng.randrange(1, 29), city=city, city_loc=city_loc))
    return " ".join(parts)


def _wrappers(wrappers: list[str], held: bool) -> list[str]:
    """The bare form on both sides; every fourth other wrapper belongs to the held-out side only."""
    return ["{}"] + [w for i, w in enumerate(wrappers) if i and (i % 4 == 1) == held]


def _typo(text: str, rng: random.Random) -> str:
    words = [m for m in re.finditer(r"[^\W\d_]{5,}", text)]
    if not words:
        return text
    word = rng.choice(words)
    w, i = word.group(0), rng.randrange(1, len(word.group(0)) - 1)
    kind = rng.choice(("drop", "double", "swap"))
    changed = w[:i] + w[i + 1:] if kind == "drop" else w[:i] + w[i] + w[i:] if kind == "double" else w[:i] + w[i + 1] + w[i] + w[i + 2:]
    return text[: word.start()] + changed + text[word.end():]


def _case(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return text[:1].upper() + text[1:]
    if roll < 0.5:
        return text.upper()
    return text


def _fillings(template: str, slots: dict[str, list[str]], rng: random.Random, count: int) -> list[str]:
    names = sorted(set(re.findall(r"{(\w+)}", template)))
    if not names:
        return [template]
    combos = list(itertools.product(*(slots[name] for name in names)))
    rng.shuffle(combos)
    return [template.format(**dict(zip(names, combo, strict=True))) for combo in combos[:count]]


def _render(lang: str, label: str, index: int, template: str, slots: dict[str, list[str]], wrappers: list[str], count: int,
            cores: dict[bool, list[str]] | None = None, extras: bool = False) -> list[dict[str, str]]:
    group = f"tpl:{label}:{index}"
    held = held_out_group(group)
    rng = random.Random(f"{lang}:{group}")
    allowed = _wrappers(wrappers, held)
    all_slots = dict(slots)
    if cores is not None:
        all_slots["core"] = cores[held]
    rows = []
    for text in _fillings(template, all_slots, rng, count):
        text = rng.choice(allowed).format(text)
        if extras:
            text = _with_extras(text, lang, rng)
        text = _case(text, rng)
        if rng.random() < TYPO_RATE:
            text = _typo(text, rng)
        rows.append({"text": text, "group": group})
    return rows


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def build(lang: str) -> None:
    cats = importlib.import_module(f"nlu.datagen.categories_{lang}")
    ints = importlib.import_module(f"nlu.datagen.intents_{lang}")
    category_rows: list[dict[str, str]] = []
    for row in read_jsonl(HERE / f"base_categories_{lang}.jsonl"):
        source = str(row.get("source", "handwritten"))
        group = f"{TRAIN_ONLY_PREFIX}{source}" if source.startswith("cfpb:") else ""
        category_rows.append({"text": str(row["text"]), "category": str(row["category"]), "source": source, "group": group})
    cores: dict[bool, list[str]] = {False: [], True: []}
    for label, templates in cats.TEMPLATES.items():
        more = getattr(cats, "GOODS_TEMPLATES", {}).get(label, [])
        for index, template in enumerate(templates + more):
            for rendered in _render(lang, label, index, template, cats.SLOTS[label], CATEGORY_WRAPPERS[lang], CATEGORY_RENDERS,
                                    extras=label != "other"):
                category_rows.append({"text": rendered["text"], "category": label, "source": "template", "group": rendered["group"]})
            if index < len(templates):
                group = f"tpl:{label}:{index}"
                rng = random.Random(f"core:{lang}:{group}")
                cores[held_out_group(group)].extend(_fillings(template, cats.SLOTS[label], rng, 3))
    intent_rows: list[dict[str, str]] = [
        {"text": str(row["text"]), "intent": str(row["intent"]), "group": ""} for row in read_jsonl(HERE / f"base_intents_{lang}.jsonl")
    ]
    for label, templates in ints.TEMPLATES.items():
        for index, template in enumerate(templates):
            for rendered in _render(lang, label, index, template, ints.SLOTS, INTENT_WRAPPERS[lang], INTENT_RENDERS, cores):
                intent_rows.append({"text": rendered["text"], "intent": label, "group": rendered["group"]})
    _write(DATA_DIR / f"categories_{lang}.jsonl", [{k: v for k, v in row.items() if v} for row in category_rows])
    _write(DATA_DIR / f"intents_{lang}.jsonl", [{k: v for k, v in row.items() if v} for row in intent_rows])


def main() -> None:
    for lang in ("en", "ru"):
        build(lang)


if __name__ == "__main__":
    main()
