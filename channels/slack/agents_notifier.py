"""The agents' channel (outbox channel ``agents``) in Slack: a card per case in the triage
channel, updated in place, and a thread under it that mirrors the case."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from core.errors import CaseNotFound
from core.model import Notification
from core.notification_text import AGENTS, render
from core.ports import Delivered, DeliveryFailed
from core.runtime import Core

from channels.slack import alert_routing
from channels.slack.alert_routing import TIMER_ALERTS
from channels.slack.cardkeeper import CardKeeper
from channels.slack.cards import agent_mention
from channels.slack.escape import clip, escape_control, inert
from channels.slack.failures import delivery_failure
from channels.slack.texts import has, t

log = logging.getLogger(__name__)
ALERTS = frozenset({"delivery_failed", "contact_unreachable", "help_requested", "decision_rejected", "referral_offered",
                    "referral_accepted"})
MESSAGE_EVENTS = frozenset({"agent_message", "information_requested", "decision_proposed"})
THREAD_TEXT_LIMIT = 3500


class AgentsNotifier:
    channel = AGENTS

    def __init__(self, core: Core, client: AsyncWebClient, cards: CardKeeper, triage_channel: str) -> None:
        self._core = core
        self._client = client
        self._cards = cards
        self._triage = triage_channel

    async def deliver(self, notification: Notification) -> Delivered:
        reference = str(notification.params.get("reference") or "")
        lang = notification.lang
        try:
            if not reference:
                return await self._channel_alert(notification)
            return await self._about_case(notification, reference, lang)
        except SlackApiError as error:
            raise delivery_failure(error) from None
        except CaseNotFound:
            raise DeliveryFailed(f"slack: case {reference} no longer exists", permanent=True) from None

    async def _about_case(self, notification: Notification, reference: str, lang: str) -> Delivered:
        kind, params = notification.kind, notification.params
        if kind == "sent_to_complainant":  # the case did not change: the card stays as it is
            ts = await self._cards.post_in_thread(reference, await self._sent_text(params, lang), lang)
            place, _ = await self._cards.ensure(reference, lang)
            return Delivered(ref=f"{place.channel}/{ts}")
        place = await self._cards.refresh(reference, lang)
        if kind == "new_case":
            return Delivered(ref=place.link)
        if kind == "complainant_message":
            # an email whose From anyone could have written: the agents must not take it for the complainant's word
            header = "thread.unproven_message" if params.get("sender_verified") is False else \
                "thread.after_closing_message" if params.get("after_closing") else "thread.complainant_message"
            text = await self._message_text(params.get("message_id"), header, lang)
        elif kind == "case_updated" and params.get("event") in MESSAGE_EVENTS:
            text = await self._message_text(params.get("message_id"), f"thread.{params['event']}", lang)
        elif kind == "case_updated":
            text = self._event_text(params, lang)
        elif kind in TIMER_ALERTS:
            text = self._timer_text(notification)
        else:
            text = self._alert_text(notification)
        broadcast = alert_routing.to_channel(kind, params) if kind in TIMER_ALERTS else kind in ALERTS
        ts = await self._cards.post_in_thread(reference, text, lang, broadcast=broadcast)
        return Delivered(ref=f"{place.channel}/{ts}")

    async def _sent_text(self, params: dict, lang: str) -> str:
        channel = str(params.get("channel") or "")
        shown = t(f"channel.{channel}", lang) if has(f"channel.{channel}", lang) else inert(channel)
        header = t("thread.sent_to_complainant", lang, channel=shown)
        sent = None
        if isinstance(params.get("notification_id"), int):
            sent = await self._core.queries.notification(params["notification_id"])
        if sent is None:
            return clip(f"{header}\n{t('thread.message_missing', lang)}", THREAD_TEXT_LIMIT)
        rendered = render(sent, self._core.catalog, self._core.policy)
        return clip(f"{header}\n{inert(rendered.text)}", THREAD_TEXT_LIMIT)

    async def _message_text(self, message_id: object, key: str, lang: str) -> str:
        message = None
        if isinstance(message_id, str):
            message = await self._core.queries.message(message_id)
        if message is None:
            return t("thread.message_missing", lang)
        author = agent_mention(message.author_id, lang) if message.author_kind == "agent" else ""
        header = t(key, lang, agent=author)
        return clip(f"{header}\n{inert(message.body)}", THREAD_TEXT_LIMIT)

    @staticmethod
    def _event_text(params: dict, lang: str) -> str:
        event = str(params.get("event") or "updated")
        key = f"event.{event}" if event in KNOWN_EVENTS else "event.updated"
        return t(key, lang, status=t(f"status.{params.get('status', 'received')}", lang),
                 assignee=agent_mention(str(params.get("assignee") or ""), lang),
                 level=params.get("level", ""), rating=params.get("rating", ""), event=inert(event))

    def _alert_text(self, notification: Notification) -> str:
        rendered = render(notification, self._core.catalog, self._core.policy)
        return clip(t("thread.alert", notification.lang, text=escape_control(rendered.text)), THREAD_TEXT_LIMIT)

    def _timer_text(self, notification: Notification) -> str:
        """A timers alert, addressed to the people it is for (:mod:`channels.slack.alert_routing`)."""
        mentions = alert_routing.people(notification.kind, notification.params)
        rendered = escape_control(render(notification, self._core.catalog, self._core.policy).text)
        if not mentions:
            return clip(t("thread.alert", notification.lang, text=rendered), THREAD_TEXT_LIMIT)
        return clip(t("timers.alert", notification.lang, people=" ".join(mentions), text=rendered), THREAD_TEXT_LIMIT)

    async def _channel_alert(self, notification: Notification) -> Delivered:
        response = await self._client.chat_postMessage(channel=self._triage, text=self._alert_text(notification),
                                                       unfurl_links=False, unfurl_media=False)
        return Delivered(ref=f"{response['channel']}/{response['ts']}")


KNOWN_EVENTS = frozenset({
    "assigned", "reassessed", "escalated", "referred_external", "closed", "decision_accepted", "withdrawn",
    "satisfaction_recorded", "referral_declined", "referral_lapsed", "reopened", "handling_complaint", "handling_complained",
    "investigation_recorded",
})
