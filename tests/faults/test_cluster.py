"""The local cluster (``make cluster``: scripts/cluster.py): two ``serve`` processes on PostgreSQL
and Redis behind HAProxy. First, people who each send four messages at once, spread over both
processes by the balancer: every one of them reads the same replies (each conversation handled in
the order sent). Then complainants on Telegram (webhook), Slack (events) and email (each
process's SMTP listener, as two MX hosts) while one process is killed with SIGKILL, or stopped with
SIGTERM, and not started again: the other takes over its singleton duties, the deliveries it had claimed once
their lease ends, and its notifications in delivery once theirs does. Afterwards every complaint
is answered exactly once, nobody got an acknowledgement twice, each conversation went in order
(every person of a channel read the same transcript, but for a message repeated right after itself,
which is counted and printed: docs/reliability.md, "Limits, stated"), and the survivor holds the
timers."""

from __future__ import annotations

import asyncio
import functools
import html
import itertools
import json
import re
import shutil
import secrets
from collections import Counter
from pathlib import Path
from urllib.request import urlopen

import aiohttp
import pytest

from scripts.cluster import Cluster, free_port
from tests.support.catalog import say
from tests.support.loud import unavailable
from tests.support.faults.deployment import TELEGRAM_SECRET, TELEGRAM_TOKEN, TRIAGE, Platforms
from tests.support.faults.people import (ChatPerson, Identity, Load, Outcome, SlackPerson, TelegramPerson,
                                         email_complaint)
from tests.support.faults.tally import secrets_in, settled, tally
from tests.support.slack.signing import SIGNING_SECRET, SlackPoster
from tests.support.slack.web_api import BOT_TOKEN
from tests.support.telegram import updates
from tests.support.telegram.bot_api import FakeBotApi

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.redis, pytest.mark.timeout(600)]
PER_CHANNEL = 10
IN_FLIGHT = 3  # the kill waits until this many accepted deliveries are still unanswered
REFERENCE = re.compile(r"\b[A-Z]{2}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")  # the policy's prefix and 8 letters or digits
LEASE_SECONDS = 10  # inbound claims (twice the time limit) and notifications in delivery


class ClusterStores:
    """What the tally reads: the cluster's database and shared data directory; mail to the relay."""

    def __init__(self, data_dir: Path, database_url: str) -> None:
        self.data_dir, self.database_url, self.relayed = data_dir, database_url, True


@pytest.fixture
def haproxy() -> str:
    """HAProxy from Debian's package, or a loud skip (a failure under CI)."""
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").is_file() else None)
    if found is None:
        unavailable("haproxy is not installed (apt-get install -y haproxy; `make install-test` does it as root)")
    return found


def _opening(key: str, lang: str) -> str:
    """The words a notice of the catalog starts with, before its first placeholder."""
    return say(key, lang, reference="\0", level="\0", due="\0").split("\0")[0]


# Sent by the timers round when a case's time runs out, not in answer to a message: whether one has
# reached a person before the tally depends on when the round ran, so transcripts leave it out.
TIMER_NOTICES = tuple(_opening("timers.case_delayed", lang) for lang in ("en", "ru"))


def transcript(person: ChatPerson) -> tuple[str, ...]:
    """What the bot said to ``person``, without what is theirs alone (name, words, numbers) and
    without the timers' notices: every person says the same things, so every transcript of a
    channel must be the same."""
    own = (person.person.name, person.person.words, person.person.email)
    texts = [text for text, _ in person.messages() if not text.startswith(TIMER_NOTICES)]
    return tuple(re.sub(r"\d+", "#", REFERENCE.sub("<reference>", functools.reduce(
        lambda t, word: t.replace(word, "<own>"), own, text))) for text in texts)


def collapsed(messages: tuple[str, ...]) -> tuple[str, ...]:
    """Without a message repeated right after itself (sent again by a process killed between
    sending it and recording it: docs/reliability.md, "Limits, stated")."""
    return tuple(text for index, text in enumerate(messages) if index == 0 or messages[index - 1] != text)


def out_of_order(people: list[ChatPerson]) -> list[str]:
    """A turn handled out of order (or twice) changes what the bot says next: the people whose
    transcript is not their channel's usual one."""
    usual, _ = Counter(collapsed(transcript(person)) for person in people).most_common(1)[0]
    problems = []
    for person in people:
        theirs = collapsed(transcript(person))
        if theirs != usual:
            at = next(i for i, (a, b) in enumerate(zip([*theirs, ""], [*usual, ""])) if a != b)
            problems.append(f"{person.outcome.channel} {person.person.number}: message {at} of {len(theirs)} "
                            f"(the others' {len(usual)}): {(theirs[at] if at < len(theirs) else '-')[:100]!r} "
                            f"where the others read {(usual[at] if at < len(usual) else '-')[:100]!r}")
    return problems


def repeated(people: list[ChatPerson]) -> int:
    """People who read a message of the usual transcript twice in a row where the others read it
    once (the bot re-asking a question is in the usual transcript already)."""
    usual, _ = Counter(transcript(person) for person in people).most_common(1)[0]
    return sum(1 for person in people
               if transcript(person) != usual and collapsed(transcript(person)) == collapsed(usual))


BURST = ("русский", "help", "english", "help")  # each reply shows which came first
_burst_ids = itertools.count(500_000)


async def burst(api: FakeBotApi, url: str, number: int) -> int:
    """Someone who sends four messages one after the other without waiting for the bot (each
    only until Telegram has it): the balancer spreads them over both processes. Returns their chat."""
    person = updates.user(800_000 + number, first_name="Hasty")
    for text in BURST:
        update = updates.message(next(_burst_ids), person, text)
        for _ in range(100):
            if await api.post_to_webhook(update, url=url, secret=TELEGRAM_SECRET) == 200:
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("an update was never accepted")
    return int(person["id"])


def readyz(port: int) -> dict[str, object]:
    with urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as response:  # noqa: S310  # loopback
        return dict(json.loads(response.read()))


@pytest.mark.parametrize("stop", ["SIGKILL", "SIGTERM"])
async def test_a_cluster_member_stopped_under_mixed_load(tmp_path: Path, trained_nlu: Path, platforms: Platforms,
                                                         haproxy: str, postgres_database: str, redis_url: str,
                                                         redis_prefix: str, stop: str) -> None:
    """SIGKILL: a power cut, its claims taken over when they end. SIGTERM: a stop as systemd or an
    upgrade does it, mid-traffic: the process drains what it holds and lets its duties go."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "nlu").symlink_to(trained_nlu, target_is_directory=True)
    listen_port = free_port()
    env = {
        "COMPLAINTDESK_DATA_DIR": str(data_dir), "COMPLAINTDESK_LOG_LEVEL": "INFO",
        "COMPLAINTDESK_DATABASE_URL": postgres_database, "COMPLAINTDESK_REDIS_URL": redis_url,
        "COMPLAINTDESK_REDIS_KEY_PREFIX": redis_prefix, "COMPLAINTDESK_MAIL_THREAD_SECRET": secrets.token_urlsafe(24),
        "COMPLAINTDESK_SMTP_MAX_MESSAGES_PER_IP_PER_MINUTE": "100000",
        "COMPLAINTDESK_INBOUND_TIMEOUT_SECONDS": str(LEASE_SECONDS / 2),
        "COMPLAINTDESK_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
        "COMPLAINTDESK_OUTBOX_POLL_SECONDS": "0.1", "COMPLAINTDESK_OUTBOX_BASE_DELAY_SECONDS": "0.5",
        "COMPLAINTDESK_TELEGRAM_TOKEN": TELEGRAM_TOKEN, "COMPLAINTDESK_TELEGRAM_API_BASE": platforms.telegram.base_url,
        "COMPLAINTDESK_TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{listen_port}/telegram/webhook",
        "COMPLAINTDESK_TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        "COMPLAINTDESK_SLACK_BOT_TOKEN": BOT_TOKEN, "COMPLAINTDESK_SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "COMPLAINTDESK_SLACK_API_BASE": platforms.slack.base_url, "COMPLAINTDESK_SLACK_TRIAGE_CHANNEL": TRIAGE,
        "COMPLAINTDESK_MAIL_RELAY_HOST": "127.0.0.1", "COMPLAINTDESK_MAIL_RELAY_PORT": str(platforms.relay_port),
    }
    cluster = Cluster(2, env, tmp_path, listen_port=listen_port)
    try:
        await cluster.start()
        holders = [m for m in cluster.members if "timers" in readyz(m.http_port)["duties"]]  # type: ignore[operator]
        assert len(holders) == 1, "exactly one process holds the timers"
        victim = holders[0]  # the duty's holder dies: the survivor must take it over
        survivor = next(m for m in cluster.members if m is not victim)
        stores = ClusterStores(data_dir, postgres_database)
        # A conversation's messages in order when they reach different processes at once.
        chats = await asyncio.gather(*(burst(platforms.telegram, f"{cluster.url}/telegram/webhook", n)
                                       for n in range(PER_CHANNEL)))
        await settled(stores)
        bursts = {tuple(html.unescape(m["text"]) for m in platforms.telegram.sent[str(chat)]) for chat in chats}
        assert len(bursts) == 1 and len(next(iter(bursts))) >= len(BURST), bursts
        numbers = iter(range(1, 10_000))
        async with aiohttp.ClientSession() as session:
            load = Load()
            load.second_wave.set()
            telegram = [TelegramPerson(person, Outcome("telegram", person), load, api=platforms.telegram,
                                       url=f"{cluster.url}/telegram/webhook", secret=TELEGRAM_SECRET)
                        for person in (Identity(next(numbers)) for _ in range(PER_CHANNEL))]
            poster = SlackPoster(session, f"{cluster.url}/slack/events")
            slack = [SlackPerson(person, Outcome("slack", person), load, api=platforms.slack, poster=poster)
                     for person in (Identity(next(numbers)) for _ in range(PER_CHANNEL))]
            mailers = [Identity(next(numbers)) for _ in range(PER_CHANNEL)]
            everyone = asyncio.gather(*(p.complain() for p in [*telegram, *slack]),
                                      *(email_complaint(cluster.smtp_ports, person, load) for person in mailers))
            assert await load.until(lambda now: now.awaiting >= IN_FLIGHT and now.mails_accepted >= 2, timeout=120)
            in_flight = load.awaiting
            if stop == "SIGKILL":
                await victim.kill()
            else:
                assert await victim.stop() == 0
            results = await everyone
        await settled(stores)
        assert "timers" in readyz(survivor.http_port)["duties"]  # type: ignore[operator]
        assert await survivor.stop() == 0
        counts = await tally(stores, platforms, telegram, slack, [r for r in results if r.channel == "email"])
    finally:
        await cluster.kill_everything()
    print("\n".join(count.line() for count in counts))
    print(f"unanswered deliveries at the kill: {in_flight}")
    stuck = [f"{o.channel} {o.person.number}: {o.stuck}" for o in results if not o.finished and o.channel != "email"]
    disorder = out_of_order(list(telegram)) + out_of_order(list(slack))
    print("\n".join(disorder))
    # not failed on: a send and its record are not one step on Telegram or Slack (no idempotency key)
    print(f"people who read a message twice in a row (a kill between a send and its record): "
          f"telegram {repeated(list(telegram))}, slack {repeated(list(slack))}")
    people = [p.person for p in (*telegram, *slack)] + mailers
    leaked = [secret for log in tmp_path.glob("serve*.log") for secret in secrets_in(log, people)]
    assert (stuck, disorder, leaked) == ([], [], [])
    for count in counts:
        assert (count.accepted, count.cases, count.acknowledged) == (count.people,) * 3, count.line()
        assert (count.duplicates, count.lost) == (0, 0), count.line()
