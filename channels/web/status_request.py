"""``/status``: a person names a reference and the way they wrote to us (an email address, or
Telegram or Slack); if both match a case, a one-time link goes there. The answer is the same page
whatever matched, given at once: the lookup and the link run after it (:data:`LINK_WORK`), so not
even the time taken tells a stranger whether the reference exists. Limited per client address,
per email address and per reference."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from aiohttp import web

from channels.app.web import CORE_KEY
from channels.web.limits import Limited
from channels.web.site import SITE_KEY, WebSite
from core import reference
from core.errors import InvalidReference
from core.runtime import Core

log = logging.getLogger(__name__)
CHANNELS = ("email", "telegram", "slack")
EMAIL_MAX = 320
AFTER_THE_ANSWER = 0.02  # seconds


class LinkWork:
    """The link requests still running after their answer went (awaited when the app stops)."""

    def __init__(self) -> None:
        self.running: set[asyncio.Task[None]] = set()

    def start(self, request: web.Request, reference_text: str, channel: str, address: str | None) -> None:
        core, site = request.app[CORE_KEY], request.app[SITE_KEY]
        task = asyncio.create_task(self._request(core, site, reference_text, channel, address))
        self.running.add(task)
        task.add_done_callback(self.running.discard)

    @staticmethod
    async def _request(core: Core, site: WebSite, reference_text: str, channel: str, address: str | None) -> None:
        # after the answer has left: on SQLite the database work holds the event loop, which would
        # otherwise hold the answer back longer when something matched
        await asyncio.sleep(AFTER_THE_ANSWER)
        try:
            await core.service.request_access_link(reference_text, channel, address,
                                                   base_url=site.settings.web_base_url)
        except Exception as error:  # the person was answered already; the log names the failure's kind only
            log.error("web: a status link request failed: %s", type(error).__name__)  # (its text may quote an address)

    async def settle(self) -> None:
        """Wait for every request started so far (tests; the app's cleanup)."""
        while self.running:
            await asyncio.gather(*list(self.running), return_exceptions=True)


LINK_WORK = web.AppKey("status_link_work", LinkWork)


def _values(form: Mapping[str, object]) -> dict[str, str]:
    def field(name: str, limit: int) -> str:
        value = form.get(name)
        return value.strip()[:limit] if isinstance(value, str) else ""

    return {"reference": field("reference", 64), "channel": field("channel", 16), "email": field("email", EMAIL_MAX)}


def _example(site: WebSite) -> str:
    return f"{site.policy.references.prefix}-7K3M-9QX1"


def _problems(site: WebSite, values: dict[str, str], lang: str) -> dict[str, str]:
    problems = {}
    try:
        reference.parse(values["reference"], site.policy.references.prefix)
    except InvalidReference as refusal:
        key = "web.status.request.reference_empty" if not values["reference"] else \
            "web.status.request.reference_typo" if refusal.typo else "web.status.request.reference_shape"
        problems["reference"] = site.text(key, lang, example=_example(site))
    if values["channel"] not in CHANNELS:
        problems["channel"] = site.text("web.status.request.channel_missing", lang)
    elif values["channel"] == "email" and ("@" not in values["email"] or len(values["email"]) < 3):
        problems["email"] = site.text("web.status.request.email_missing", lang)
    return problems


async def show(request: web.Request) -> web.Response:
    site = request.app[SITE_KEY]
    lang = site.language(request)
    return site.page(request, "status_request.html", lang, values={"reference": "", "channel": "", "email": ""},
                     problems={}, left=request.query.get("left") == "1",
                     example=_example(site))


async def submit(request: web.Request) -> web.Response:
    site = request.app[SITE_KEY]
    form = await request.post()
    lang = site.language(request, form)
    values = _values(form)
    problems = _problems(site, values, lang)
    if problems:
        return site.page(request, "status_request.html", lang, status=400, values=values, problems=problems, left=False,
                         example=_example(site))
    email = values["email"] if values["channel"] == "email" else None
    canonical = reference.normalise(values["reference"], site.policy.references.prefix)
    if not await site.limiter.allow("status-link", site.policy.web.link_requests_per_hour,
                                    Limited("ip", site.client_address(request)), Limited("email", email or ""),
                                    Limited("reference", canonical)):
        return site.too_many(request, lang)
    request.app[LINK_WORK].start(request, canonical, values["channel"], email)
    return site.page(request, "status_sent.html", lang, channel=values["channel"],
                     minutes=site.catalog.plural("units.minutes", site.policy.web.link_ttl_minutes, lang))
