"""The demo's people: complainants with a name, a channel and an address on it, and the agents
who work the cases at each escalation level. Drawn from the seed, so a seed gives the same people."""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

FIRST = {"en": ("Olivia", "James", "Amelia", "Noah", "Isla", "Jack", "Grace", "Harry", "Emily", "George", "Sophie",
                "Oscar", "Mia", "Leo", "Ava", "Thomas", "Ruby", "Arthur", "Chloe", "Samuel"),
         "ru": ("Анна", "Иван", "Мария", "Дмитрий", "Елена", "Сергей", "Ольга", "Алексей", "Наталья", "Павел")}
LAST = {"en": ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Wright",
               "Walker", "Evans", "Green", "Hughes", "Clarke", "Hall", "Wood", "Turner"),
        "ru": ("Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Новиков")}
LATIN = {"Анна": "anna", "Иван": "ivan", "Мария": "maria", "Дмитрий": "dmitry", "Елена": "elena", "Сергей": "sergey",
         "Ольга": "olga", "Алексей": "alexey", "Наталья": "natalya", "Павел": "pavel", "Иванов": "ivanov",
         "Петров": "petrov", "Смирнов": "smirnov", "Кузнецов": "kuznetsov", "Попов": "popov", "Соколов": "sokolov",
         "Лебедев": "lebedev", "Новиков": "novikov"}
FEMALE_RU = {"Анна", "Мария", "Елена", "Ольга", "Наталья"}
CHANNELS = (("email", 0.35), ("telegram", 0.40), ("slack", 0.25))
# Agent ids as the audit trail records them: the front line, then who works each escalation level.
FRONT_LINE = ("agent.hannah", "agent.omar", "agent.lucy", "agent.mikhail", "agent.priya")
LEVELS = {1: ("lead.sarah", "lead.daniel"), 2: ("manager.irina",), 3: ("head.care",)}


@dataclass(frozen=True, slots=True)
class Persona:
    name: str
    lang: str
    channel: str
    address: str  # the sender on the channel: an email address, a Telegram user id, a Slack user id
    conversation: str  # the chat on the channel: the address, a Telegram chat id, a Slack DM channel
    email: str


def persona(rng: Random, index: int, lang: str) -> Persona:
    first, last = rng.choice(FIRST[lang]), rng.choice(LAST[lang])
    if lang == "ru" and first in FEMALE_RU:
        last += "а"
    latin = f"{LATIN.get(first, first).lower()}.{LATIN.get(last.rstrip('а'), last).lower()}{index}"
    email = f"{latin}@{rng.choice(('example.com', 'example.org', 'example.net'))}"
    channel = _weighted(rng, CHANNELS)
    if channel == "email":
        return Persona(f"{first} {last}", lang, channel, email, email, email)
    if channel == "telegram":
        user = str(rng.randrange(10**8, 10**10))
        return Persona(f"{first} {last}", lang, channel, user, user, email)
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
    user = "U" + "".join(rng.choice(alphabet) for _ in range(10))
    return Persona(f"{first} {last}", lang, channel, user, "D" + user[1:], email)


def front_line_agent(rng: Random) -> str:
    return rng.choice(FRONT_LINE)


def level_agent(rng: Random, level: int) -> str:
    return rng.choice(LEVELS.get(level) or FRONT_LINE)


def _weighted(rng: Random, options: tuple[tuple[str, float], ...]) -> str:
    roll, total = rng.random(), 0.0
    for value, weight in options:
        total += weight
        if roll < total:
            return value
    return options[-1][0]
