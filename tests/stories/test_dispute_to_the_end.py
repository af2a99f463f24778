"""One complaint taken to the end of the dispute path, on a clock the story moves: John complains
by Telegram in English, Ivan by email in Russian; the agents work in Slack. Each runs through
the running product (the complainant's channel and Slack together) and the fake platforms over
real sockets; time passes only when the story says so, and the timers round runs then.

The story, as its transcript reads (times are business time in the policy's calendar)::

    John   I was charged twice for my credit card on 5 March, order 12345, ...   (then yes, yes)
    bot    Thank you. We have received your complaint and registered it under reference CD-....
           (the first-response target draws near: nobody has the case)
    Slack  Complaint CD-...: the time for the first response runs out on ...     (in the triage channel)
           (the target is missed)
    Slack  Complaint CD-... missed the time for the first response and has been escalated to Team lead; ...
    bot    We are sorry: we have not managed to deal with your complaint CD-... within the time we
           promised. It has been passed to Team lead for review, and we now aim to resolve it by ...
           (an agent of each level proposes a decision; John rejects it, with his reason)
    bot    About your complaint CD-..., our proposed resolution is: ... If you reject it, your
           complaint will be reviewed at the next level (Complaints manager) ...
    John   I reject it   /   bot  ... Please tell us why ...   /   John  <his reason>
    bot    Your complaint CD-... has been passed on for review at the next level. ...
    Slack  The complainant rejected the proposed resolution for CD-...: <his reason>
           (... up to the last level, whose decision is final)
    bot    ... This is our final decision after review. If you reject it, you can take your
           complaint to the Independent Ombudsman Service ...
    John   I reject it   /   <his reason>
    bot    We are sorry that our final decision on complaint CD-... does not satisfy you. You can
           take it to the Independent Ombudsman Service ... How to reach them: ... within 6 months ...
    Slack  The complainant rejected the final decision on CD-... and was offered ...
    John   yes please
    bot    We are referring your complaint CD-... to the Independent Ombudsman Service ...
    Slack  The complainant of CD-... asked us to refer the complaint to ...
           (an agent records the body's outcome with the card's button and its modal)
    bot    the Independent Ombudsman Service has reached its outcome on your complaint CD-...:
           the complaint was partly upheld. Your complaint is now closed.
    bot    How satisfied are you with how we handled complaint CD-...? ...
    John   4   /   bot  ... add a comment? ...   /   John  <his comment>
    bot    Thank you for your comment.

and the management-review report counts it all: the escalations (by time and by rejection),
the decisions rejected, the referral offered, accepted and its outcome, the survey.

Ivan's story is the same in Russian by email: each of his answers is a reply to the latest mail
he received (a choice by its number: "2" rejects), and every mail he receives is in Russian, the
names of the levels and of the external body included.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from pydantic import SecretStr

from channels.app.plugin import ChannelPlugin
from channels.app.runner import Runner
from channels.reporting import Format
from channels.reporting import render as render_report
from channels.reporting.document import build_document
from channels.reporting.labels import Labels
from channels.email.plugin import EmailPlugin
from channels.slack import SlackPlugin
from channels.telegram.plugin import TelegramPlugin
from config.settings import SHIPPED_POLICY, Settings
from core.actors import Actor
from core.model import Notification
from core.notification_text import render
from core.runtime import Core
from tests.support.catalog import say
from tests.support.clock import FixedClock
from tests.support.complainants import Complainant, EmailComplainant, TelegramComplainant
from tests.support.cores import create_schema
from tests.support.email.product import Product as EmailProduct
from tests.support.email.relay import RecordingRelay, start_relay
from tests.support.slack.cards import act
from tests.support.slack.payloads import select_value, text_value
from tests.support.slack.product import AGENT, AGENTS_GROUP, TRIAGE, Product as SlackProduct
from tests.support.slack.signing import SIGNING_SECRET, SlackPoster
from tests.support.slack.web_api import BOT_TOKEN, FakeSlackApi
from tests.support.telegram.bot_api import FakeBotApi
from tests.support.telegram.product import SECRET, TOKEN, Person, Product as TelegramProduct

EN, RU = "en", "ru"
AGENT_ACTOR = Actor.agent(AGENT)


@dataclass(frozen=True)
class Words:
    """What a complainant writes along the story, in their language."""

    lang: str
    opening: str
    decisions: tuple[str, ...]  # an agent's at each escalation level, the last final
    reject: str
    reasons: tuple[str, ...]  # one per rejection, the last at the top level
    accept_referral: str
    rating: str
    comment: str


JOHN = Words(
    EN,
    "I was charged twice for my credit card on 5 March, order 12345, I want a refund. "
    "My name is John Smith, john.smith@example.org",
    ("The second charge was a temporary hold.", "After review, the second charge stands.",
     "After a final review, the second charge stands."),
    "I reject it",
    ("The second charge is still on my statement", "Nobody has explained the second charge",
     "You still have not refunded the second charge"),
    "yes please", "4", "The ombudsman was quick")

IVAN = Words(
    RU,
    "Здравствуйте! 5 марта с моей кредитной карты дважды списали оплату заказа 12345. Прошу вернуть "
    "второе списание. Иван Петров",
    ("Второе списание было временной блокировкой.", "После проверки второе списание остаётся в силе.",
     "После окончательной проверки второе списание остаётся в силе."),
    "2",  # the mail's numbered choice "Отклонить"
    ("Второе списание так и осталось в выписке", "Никто не объяснил второе списание",
     "Деньги за второе списание так и не вернули"),
    "Да, передайте", "4", "Омбудсмен ответил быстро")


@dataclass
class Desk:
    """The running product as the story sees it: the complainant on their channel, the agents in Slack."""

    person: Complainant
    slack: SlackProduct
    clock: FixedClock

    @property
    def core(self) -> Core:
        return self.person.core

    async def settle(self) -> None:
        await self.person.news()  # the complainant's channel settles as they look
        await self.slack.settle()


def _slack_settings(settings: Settings, api: FakeSlackApi) -> Settings:
    return settings.model_copy(update={
        "slack_bot_token": SecretStr(BOT_TOKEN), "slack_signing_secret": SecretStr(SIGNING_SECRET),
        "slack_api_base": api.base_url, "slack_triage_channel": TRIAGE, "slack_agents_usergroup": AGENTS_GROUP,
        "http_port": 0, "outbox_poll_seconds": 0.05, "outbox_base_delay_seconds": 0.05})


@asynccontextmanager
async def _with_slack(settings: Settings, clock: FixedClock,
                      channel: ChannelPlugin) -> AsyncIterator[tuple[Runner, SlackProduct]]:
    """The product with ``channel`` and Slack (the agents' side), on the fake Slack Web API."""
    api = FakeSlackApi(agents_group={AGENT}, channel_members={TRIAGE: {"U0000BOT"}})
    await api.start()
    try:
        settings = _slack_settings(settings, api)
        await create_schema(settings)
        slack = SlackPlugin()
        runner = Runner(settings, clock=clock, plugins=[channel, slack])
        await runner.start()
        try:
            async with aiohttp.ClientSession() as session:
                poster = SlackPoster(session, f"http://127.0.0.1:{runner.port}/slack/events")
                yield runner, SlackProduct(runner, slack, api, poster, clock)
        finally:
            await runner.stop()
    finally:
        await api.stop()


@asynccontextmanager
async def on_telegram(settings: Settings, clock: FixedClock) -> AsyncIterator[Desk]:
    bot_api = await FakeBotApi(token=TOKEN).start()
    try:
        settings = settings.model_copy(update={
            "telegram_token": SecretStr(TOKEN), "telegram_api_base": bot_api.base_url,
            "telegram_webhook_url": "https://complaints.example.org/telegram/webhook",
            "telegram_webhook_secret": SecretStr(SECRET)})
        plugin = TelegramPlugin(poll_timeout=1)
        async with _with_slack(settings, clock, plugin) as (runner, slack):
            product = TelegramProduct(runner, plugin, bot_api, clock, "webhook")
            await bot_api.wait_for("setWebhook")
            yield Desk(TelegramComplainant(Person(product, id=4001, first_name="John")), slack, clock)
    finally:
        await bot_api.close()


def _compressed_time_policy(folder: Path) -> Path:
    """The shipped policy, but for the limit on auto-replies to one address: it counts within an
    hour of real time (a guard against mail loops), and the story's weeks pass in seconds."""
    policy = folder / "policy.toml"
    policy.write_text(SHIPPED_POLICY.read_text(encoding="utf-8").replace(
        "auto_replies_per_address_per_hour = 5", "auto_replies_per_address_per_hour = 50"), encoding="utf-8")
    return policy


@asynccontextmanager
async def by_email(settings: Settings, clock: FixedClock) -> AsyncIterator[Desk]:
    relay = RecordingRelay()
    server, port = await start_relay(relay)
    try:
        settings = settings.model_copy(update={"mail_relay_host": "127.0.0.1", "mail_relay_port": port,
                                               "policy_file": _compressed_time_policy(settings.data_dir)})
        plugin = EmailPlugin()
        async with _with_slack(settings, clock, plugin) as (runner, slack):
            product = EmailProduct(runner, plugin, relay, clock)
            yield Desk(EmailComplainant(product, "ivan.petrov@example.org", "Иван Петров",
                                        subject="Двойное списание"), slack, clock)
    finally:
        server.close()
        await server.wait_closed()


# What the agents read in Slack, and what the complainant was sent

def slack_posts(desk: Desk) -> list[str]:
    return [str(call.get("text")) for call in desk.slack.api.of("chat.postMessage") if call.get("channel") == TRIAGE]


async def sent(core: Core, reference: str, kind: str) -> list[Notification]:
    return [n for n in await core.queries.notifications(reference_text=reference) if n.kind == kind]


async def rendered(core: Core, reference: str, kind: str) -> str:
    """The text of the latest notification ``kind`` about ``reference``, as its reader gets it."""
    found = await sent(core, reference, kind)
    assert found, f"no {kind} notification for {reference}"
    return render(found[-1], core.catalog, core.policy).text


def flat(text: str) -> str:
    """Lines joined as a reader reads them (a mail's body is wrapped)."""
    return " ".join(text.split())


async def tell(desk: Desk, words: Words) -> str:
    person, core, clock, lang = desk.person, desk.core, desk.clock, words.lang
    policy = core.policy

    def hears(said: str, key: str, **params: object) -> None:
        sentence = say(key, lang, **params)
        assert flat(sentence) in flat(said), "\n".join(
            [f"on {person.channel}, expected: {sentence}", "transcript:", *person.transcript])

    said = await person.says(words.opening)
    if person.converses:
        hears(said, "bot.consent.question")
        said = await person.says("yes")
        hears(said, "bot.summary.question")
        said = await person.says("yes")
    [case] = await core.queries.cases_of(person.identity)
    reference = case.reference
    hears(said, "notify.acknowledgement", reference=reference)
    await desk.settle()
    assert any(reference in text for text in slack_posts(desk)), "the new case's card is in the triage channel"

    # The first-response target draws near, then is missed: a warning, then the escalation.
    due = (await core.queries.details(reference, AGENT_ACTOR)).due_first_response
    assert due is not None
    clock.current = due - timedelta(hours=1)
    await core.timers_round()
    await desk.slack.settle()
    warning = await rendered(core, reference, "due_soon")
    assert warning.startswith(say("timers.agent_due_soon", EN, reference=reference,
                                  target=say("timers.target.first_response", EN), due="").rstrip("."))
    assert any(text.endswith(warning) for text in slack_posts(desk)), "nobody has the case: the triage channel reads it"
    assert await person.news() == "", "a warning is for the agents only"

    clock.current = due + timedelta(minutes=1)
    await core.timers_round()
    await desk.slack.settle()
    details = await core.queries.details(reference, AGENT_ACTOR)
    assert (details.status, details.escalation_level) == ("escalated", 1)
    missed = await rendered(core, reference, "target_missed")
    assert policy.level_name(1, EN) in missed and any(missed in text for text in slack_posts(desk))
    delay = await person.news()
    assert flat(await rendered(core, reference, "case_delayed")) in flat(delay)
    assert policy.level_name(1, lang) in flat(delay)

    # A decision at each level, rejected with a reason; the last is final and its rejection
    # offers the external body.
    top = policy.escalation.top
    for level in range(1, top + 1):
        clock.advance(hours=2)
        await core.service.assign(reference, AGENT_ACTOR, AGENT)
        await core.service.respond(reference, AGENT_ACTOR, words.decisions[level - 1])
        proposed = await person.news()
        hears(proposed, "notify.decision_proposed", reference=reference, decision=words.decisions[level - 1])
        if level < top:
            hears(proposed, "notify.decision_options_review", level=policy.level_name(level + 1, lang),
                  body=policy.external_body(lang))
        else:
            hears(proposed, "notify.decision_options_final", body=policy.external_body(lang),
                  months=core.catalog.plural("units.months", policy.dispute.external_time_limit_months, lang))
        clock.advance(hours=1)
        hears(await person.says(words.reject), "bot.decision.ask_reason")
        said = await person.says(words.reasons[level - 1])
        if level < top:
            hears(said, "bot.decision.rejected", reference=reference)
            details = await core.queries.details(reference, AGENT_ACTOR)
            assert (details.status, details.escalation_level) == ("escalated", level + 1)
        else:
            hears(said, "notify.referral_offer", reference=reference, body=policy.external_body(lang))
            hears(said, "notify.external_contact", contact=policy.external_contact(lang))
        await desk.slack.settle()
        alert = (say("notify.agent_decision_rejected", EN, reference=reference, reason=words.reasons[level - 1])
                 if level < top else
                 say("notify.agent_referral_offered", EN, reference=reference, body=policy.external_body(EN),
                     reason=words.reasons[level - 1]))
        assert any(alert in text for text in slack_posts(desk)), "\n".join(slack_posts(desk))

    # The external body, taken up; its outcome recorded by an agent from the case's card.
    clock.advance(hours=1)
    said = await person.says(words.accept_referral)
    hears(said, "bot.referral.accepted", reference=reference, body=policy.external_body(lang))
    await desk.slack.settle()
    assert any(say("notify.agent_referral_accepted", EN, reference=reference, body=policy.external_body(EN))
               in text for text in slack_posts(desk))

    clock.advance(days=20)
    await act(desk.slack, reference, "case_referral_outcome",
              {"outcome": select_value("partly_upheld"), "note": text_value("Half of the second charge refunded")})
    closed = await person.news()
    hears(closed, "notify.referral_outcome", reference=reference, body=policy.external_body(lang),
          outcome=say("referral_outcome.partly_upheld", lang))
    hears(closed, "notify.survey_question", reference=reference)

    said = await person.says(words.rating)
    hears(said, "bot.survey.ask_comment")
    said = await person.says(words.comment)
    hears(said, "bot.survey.comment_thanks")
    if lang != EN:  # nothing in the language of the policy's default reached him
        english = [policy.level_name(level, EN) for level in range(1, top + 1)] + [policy.external_body(EN)]
        heard = "\n".join(line for line in person.transcript if not line.startswith("> "))
        assert not [name for name in english if name in heard], heard
    return reference


async def counted(core: Core, reference: str, words: Words) -> str:
    """The report counts the story; returns its text."""
    figures = await core.queries.figures()
    details = await core.queries.details(reference, AGENT_ACTOR)
    assert (details.status, details.referral_outcome, details.satisfaction) == ("closed", "partly_upheld", 4)
    top = core.policy.escalation.top
    assert (figures.received, figures.escalations, figures.escalated_by_time, figures.decisions_rejected) == (1, top, 1, top)
    assert (figures.external_offered, figures.external_referred, figures.external_outcomes) == (1, 1, {"partly_upheld": 1})
    assert (figures.satisfaction_count, figures.satisfaction_average) == (1, 4.0)
    assert [(c.reference, c.rating, c.comment) for c in figures.survey_comments] == [(reference, 4, words.comment)]
    start = datetime(2026, 11, 1, tzinfo=details.received_at.tzinfo)
    figures_of_period = await core.queries.report(start, start + timedelta(days=60))
    labels = Labels(core.policy, core.policy.languages.default)
    report = render_report(build_document(figures_of_period, labels, core.clock.now()), labels, Format.MD)
    for label, count in ((labels("event.escalated_by_time"), 1), (labels("event.decision_rejected"), top),
                         (labels("event.external_offered"), 1), (labels("event.external_referred"), 1)):
        assert f"| {label} | {count} |" in report, report
    assert words.comment in report, "the survey comment reaches the report"
    return report


@pytest.mark.timeout(300)
async def test_a_telegram_complaint_taken_to_the_external_body(product_settings: Settings, clock: FixedClock) -> None:
    async with on_telegram(product_settings, clock) as desk:
        reference = await tell(desk, JOHN)
        await counted(desk.core, reference, JOHN)


@pytest.mark.timeout(300)
async def test_a_russian_email_complaint_taken_to_the_external_body(product_settings: Settings,
                                                                   clock: FixedClock) -> None:
    async with by_email(product_settings, clock) as desk:
        reference = await tell(desk, IVAN)
        await counted(desk.core, reference, IVAN)
        print("\n".join(desk.person.transcript))
