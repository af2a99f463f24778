"""The "Register a complaint" shortcut: an agent records a complaint received by phone, by letter or
in person in a modal; it becomes a case like any other, with the way it came recorded, and the
acknowledgement and every update go to the e-mail address given (or nowhere without one)."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from core.actors import Actor
from core.errors import DomainError
from core.registration import OFFLINE_CHANNELS, Registration

from channels.slack.deps import SlackDeps
from channels.slack.escape import escape_control
from channels.slack.failures import api_error_code
from channels.slack.modals import notice_modal, option, plain_text, select_input, submitted_values, text_input
from channels.slack.replies import refusal_text, tell
from channels.slack.texts import t

SHORTCUT = "complaint_register"  # the global shortcut's callback id (the app manifest names it)
CALLBACK = "intake_register"  # the modal's callback id
REQUIRED = ("via", "description")
FIELDS = ("name", "email", "phone", "product", "order_number", "desired_outcome")


def registration_modal(languages: list[str], lang: str) -> dict:
    """The modal the shortcut opens (``views.open``)."""
    ways = [option(t(f"card.via_{via}", lang), via) for via in OFFLINE_CHANNELS]
    langs = [option(t(f"modal.lang_{code}", lang), code) for code in languages]
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "verbatim": True, "text": t("modal.register.intro", lang)}},
        select_input("via", t("modal.via", lang), ways, OFFLINE_CHANNELS[0]),
        text_input("description", t("modal.description", lang)),
        *(text_input(name, t(f"modal.{name}", lang), multiline=False, optional=True) for name in FIELDS),
        select_input("language", t("modal.language", lang), langs, lang if lang in languages else languages[0]),
    ]
    return {"type": "modal", "callback_id": CALLBACK, "title": plain_text(t("modal.register.title", lang), 24),
            "submit": plain_text(t("modal.submit", lang), 24), "close": plain_text(t("modal.cancel", lang), 24),
            "blocks": blocks}


def read_fields(view: dict) -> dict[str, str]:
    """What the agent typed or chose, by block id (blank fields left out)."""
    return {name: value.strip() for name, value in submitted_values(view).items() if value.strip()}


def missing(fields: dict[str, str], lang: str) -> dict[str, str]:
    """``response_action: errors`` for required inputs left blank."""
    return {name: t("modal.required", lang) for name in REQUIRED if not fields.get(name)}


class Registrations:
    def __init__(self, deps: SlackDeps) -> None:
        self.deps = deps

    async def shortcut(self, body: dict) -> None:
        """The shortcut was used (after the ack): an agent gets the modal, anyone else a refusal."""
        deps = self.deps
        user = str((body.get("user") or {}).get("id") or "")
        lang = await deps.people.language(user)
        if not await deps.agents.is_agent(user):
            deps.refused("shortcut", "register by a user who is not an agent")
            await tell(deps.client, user=user, channel=None, text=t("refusal.not_agent", lang))
            return
        try:
            await deps.client.views_open(trigger_id=str(body.get("trigger_id") or ""),
                                         view=registration_modal(list(deps.core.policy.languages.supported), lang))
        except SlackApiError as error:
            deps.refused("shortcut", f"Slack refused: {api_error_code(error)}")
            return
        deps.processed("shortcut", "register modal opened")

    async def submission(self, view: dict, user: str) -> None:
        """The modal was submitted and acknowledged with a 'working' view: register, then say how it went."""
        deps = self.deps
        lang = await deps.people.language(user)
        title = t("modal.register.title", lang)
        if not await deps.agents.is_agent(user):
            deps.refused("view_submission", "register by a user who is not an agent")
            await self._show(view, user, title, t("refusal.not_agent", lang))
            return
        fields = read_fields(view)
        registration = Registration(
            received_via=fields.get("via", ""), description=fields.get("description", ""), name=fields.get("name"),
            email=fields.get("email"), phone=fields.get("phone"), language=fields.get("language", lang),
            product=fields.get("product"), order_number=fields.get("order_number"),
            desired_outcome=fields.get("desired_outcome"))
        try:
            submitted = await deps.core.service.register_complaint(registration, Actor.agent(user))
        except DomainError as error:
            deps.refused("view_submission", f"register: {type(error).__name__}")
            await self._show(view, user, title, refusal_text(error, lang))
            return
        deps.core.dispatcher.wake()
        deps.processed("view_submission", f"registered {submitted.reference}")
        sent = t("done.register_sent", lang, email=escape_control(registration.email.strip().lower())) \
            if registration.email else t("done.register_unsent", lang)
        await self._show(view, user, title, t("done.register", lang, reference=submitted.reference, sent=sent))

    async def _show(self, view: dict, user: str, title: str, text: str) -> None:
        try:
            await self.deps.client.views_update(view_id=str(view.get("id") or ""), view=notice_modal(title, text))
        except SlackApiError:  # the agent closed the modal meanwhile: say it in a DM
            await tell(self.deps.client, user=user, channel=None, text=text)
