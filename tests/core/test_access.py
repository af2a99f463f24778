"""The status page's one-time links (issue 18), on SQLite and on PostgreSQL: a link goes only to
the case's own channel when the reference and the channel (or email address) match; nothing tells
a caller whether they did; a link opens its case once, before it expires, and only its digest is
stored."""

from __future__ import annotations

import asyncio
import hashlib

import pytest
from sqlalchemy import text

from core import reference
from core.actors import Actor
from core.commands import ComplaintSubmission, Identity
from core.errors import AccessLinkInvalid
from core.model import Notification
from core.notification_text import AGENTS, render
from core.ports import Delivered
from core.runtime import Core
from tests.support.clock import FixedClock

ALICE = Identity("telegram", "1001")
BOB = Identity("email", "bob@example.com")
CAROL = Identity("slack", "U_CAROL")
AGENT = Actor.agent("U_AGENT")
BASE = "https://desk.example/"


def submission(identity: Identity = ALICE, **overrides: object) -> ComplaintSubmission:
    values: dict[str, object] = {"identity": identity, "description": "My card was charged twice for order 5521.",
                                 "language": "en", "name": "Alice Example", "category": "billing"}
    values.update(overrides)
    return ComplaintSubmission(**values)  # type: ignore[arg-type]  # the test's own keyword arguments


async def _links(core: Core, ref: str) -> list[Notification]:
    return [n for n in await core.queries.notifications(reference_text=ref) if n.kind == "access_link"]


async def _token(core: Core, ref: str) -> str:
    link = str((await _links(core, ref))[-1].params["link"])
    assert link.startswith("https://desk.example/status/open/")
    return link.rsplit("/", 1)[-1]


async def _rows(core: Core, table: str) -> list[tuple]:
    async with core.engine.connect() as connection:
        return [tuple(row) for row in (await connection.execute(text(f"SELECT * FROM {table}"))).all()]


async def _events(core: Core, ref: str, kind: str) -> list:
    return [e for e in await core.queries.timeline(ref, AGENT) if e.kind == kind]


async def test_a_matching_request_sends_a_one_time_link_over_the_case_s_own_channel(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference

    await core.service.request_access_link(ref.lower(), "telegram", None, base_url=BASE)  # it returns nothing, ever

    [sent] = await _links(core, ref)
    assert (sent.channel, sent.address, sent.lang) == ("telegram", "1001", "en")
    token = await _token(core, ref)
    words = render(sent, core.catalog, core.policy).text
    assert f"{BASE}status/open/{token}" in words and f"{core.policy.web.link_ttl_minutes} minutes" in words and ref in words
    # only the token's digest is stored, never the token
    [row] = await _rows(core, "access_links")
    assert hashlib.sha256(token.encode()).hexdigest() in row and not any(token in str(value) for value in row)
    [requested] = await _events(core, ref, "access_link_requested")
    assert requested.actor == "system:status-page" and requested.data["channel"] == "telegram"
    assert "1001" not in str(requested.data)


async def test_an_email_case_is_found_with_its_address_in_any_case(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission(BOB, name="Bob"))).reference

    await core.service.request_access_link(ref, "email", "  Bob@Example.COM ", base_url=BASE)

    [sent] = await _links(core, ref)
    assert (sent.channel, sent.address) == ("email", "bob@example.com")


async def test_a_slack_case_gets_its_link_in_the_slack_conversation(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission(CAROL, name="Carol"))).reference

    await core.service.request_access_link(ref, "slack", None, base_url=BASE)

    [sent] = await _links(core, ref)
    assert (sent.channel, sent.address) == ("slack", "U_CAROL")


@pytest.mark.parametrize("ask", [
    "wrong channel", "wrong address", "no address", "unknown reference", "typo", "not a reference", "console",
])
async def test_no_match_sends_nothing_and_says_nothing(core: Core, ask: str) -> None:
    telegram = (await core.service.submit_complaint(submission())).reference
    email = (await core.service.submit_complaint(submission(BOB, name="Bob"))).reference
    before = [len(await core.queries.timeline(ref, AGENT)) for ref in (telegram, email)]
    other = next(r for r in (reference.generate().code for _ in range(100)) if r not in (telegram, email))
    typo = telegram[:-1] + ("0" if telegram[-1] != "0" else "1")
    reference_text, channel, address = {
        "wrong channel": (telegram, "slack", None),
        "wrong address": (email, "email", "mallory@example.com"),
        "no address": (email, "email", None),
        "unknown reference": (other, "telegram", None),
        "typo": (typo, "telegram", None),
        "not a reference": ("hello there", "email", "bob@example.com"),
        "console": (telegram, "console", "1001"),
    }[ask]

    await core.service.request_access_link(reference_text, channel, address, base_url=BASE)  # no error, nothing returned

    assert await _links(core, telegram) == [] and await _links(core, email) == []
    assert await _rows(core, "access_links") == []
    assert [len(await core.queries.timeline(ref, AGENT)) for ref in (telegram, email)] == before


async def test_a_link_opens_its_case_once(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    await core.service.request_access_link(ref, "telegram", None, base_url=BASE)
    token = await _token(core, ref)

    grant = await core.service.open_access_link(token)

    assert (grant.reference, grant.language) == (ref, "en")
    granted = await core.queries.granted_case(grant.session)
    assert granted is not None and granted.reference == ref and granted.identity == ALICE
    [opened] = await _events(core, ref, "access_link_opened")
    assert opened.actor.startswith("complainant:")
    with pytest.raises(AccessLinkInvalid):
        await core.service.open_access_link(token)
    [session_row] = await _rows(core, "web_grants")
    assert grant.session not in str(session_row)
    assert hashlib.sha256(grant.session.encode()).hexdigest() in session_row


async def test_two_opens_of_one_link_at_once_give_one_session(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    await core.service.request_access_link(ref, "telegram", None, base_url=BASE)
    token = await _token(core, ref)

    outcomes = await asyncio.gather(*(core.service.open_access_link(token) for _ in range(2)), return_exceptions=True)

    assert sorted(type(o).__name__ for o in outcomes) == ["AccessGrant", "AccessLinkInvalid"]
    assert len(await _rows(core, "web_grants")) == 1


async def test_a_link_expires_after_the_policy_s_minutes(core: Core, clock: FixedClock) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    await core.service.request_access_link(ref, "telegram", None, base_url=BASE)
    early = await _token(core, ref)
    clock.advance(minutes=1)
    await core.service.request_access_link(ref, "telegram", None, base_url=BASE)
    late = await _token(core, ref)
    assert early != late

    clock.advance(minutes=core.service.link_minutes() - 1)  # the first link's time is up, the second's not
    with pytest.raises(AccessLinkInvalid):
        await core.service.open_access_link(early)
    assert (await core.service.open_access_link(late)).reference == ref


@pytest.mark.parametrize("token", ["", "x" * 43, "x" * 5000])
async def test_an_unknown_link_is_the_same_error(core: Core, token: str) -> None:
    with pytest.raises(AccessLinkInvalid) as refusal:
        await core.service.open_access_link(token)
    assert "used already, it has expired, or it was never issued" in str(refusal.value)


async def test_a_web_session_ends_when_it_expires_or_the_person_leaves(core: Core, clock: FixedClock) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    for _ in range(2):
        await core.service.request_access_link(ref, "telegram", None, base_url=BASE)
    tokens = [str(n.params["link"]).rsplit("/", 1)[-1] for n in await _links(core, ref)]
    first, second = [await core.service.open_access_link(token) for token in tokens]

    await core.service.end_web_session(first.session)
    assert await core.queries.granted_case(first.session) is None
    assert await core.queries.granted_case(second.session) is not None
    clock.advance(minutes=core.service.session_minutes())
    assert await core.queries.granted_case(second.session) is None
    assert await core.queries.granted_case("not a session") is None
    assert await core.service.purge_access() == 3  # two used links and the expired session


async def test_the_timers_round_purges_spent_links(core: Core, clock: FixedClock) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    await core.service.request_access_link(ref, "telegram", None, base_url=BASE)
    clock.advance(minutes=core.service.link_minutes())
    await core.service.run_timers()
    assert await _rows(core, "access_links") == []


async def test_an_erased_case_opens_no_more(core: Core) -> None:
    ref = (await core.service.submit_complaint(submission())).reference
    for _ in range(2):
        await core.service.request_access_link(ref, "telegram", None, base_url=BASE)
    tokens = [str(n.params["link"]).rsplit("/", 1)[-1] for n in await _links(core, ref)]
    grant = await core.service.open_access_link(tokens[0])

    await core.service.erase_complainant_of(ref, AGENT)

    assert await core.queries.granted_case(grant.session) is None
    with pytest.raises(AccessLinkInvalid):
        await core.service.open_access_link(tokens[1])
    await core.service.request_access_link(ref, "telegram", None, base_url=BASE)
    assert await _rows(core, "access_links") == []


class AgentsThread:
    """The agents' channel as the dispatcher sees it: what it was given to post."""

    channel = AGENTS

    def __init__(self) -> None:
        self.posted: list[Notification] = []

    async def deliver(self, notification: Notification) -> Delivered:
        self.posted.append(notification)
        return Delivered()


async def test_the_link_is_not_mirrored_to_the_agents(core: Core) -> None:
    agents = AgentsThread()
    core.registry.register(agents)
    ref = (await core.service.submit_complaint(submission(acknowledge_via_outbox=True))).reference
    await core.service.request_access_link(ref, "telegram", None, base_url=BASE)

    await core.dispatcher.run_until_idle()

    sent = [n.params.get("sent_kind") for n in agents.posted if n.kind == "sent_to_complainant"]
    assert sent == ["acknowledgement"]  # the acknowledgement is mirrored; the link is not
    assert all("status/open" not in str(n.params) for n in agents.posted)
    assert [n.status for n in await _links(core, ref)] == ["sent"]
