"""The complaint form (``/complaint``): the same details as the dialogue asks, checked as it
checks them, submitted through the core as an email complaint (every update reaches the person
by email, in one thread) received via the web, and answered with the acknowledgement page."""

from __future__ import annotations

import asyncio
import logging
import secrets
import string
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web
from babel.numbers import format_decimal

from bot.context import Understanding
from channels.web import csrf
from channels.web.complaint_form import (CONSENT, CURRENCIES, DEFAULT_CURRENCY, MAX_CHARS, TEXT_FIELDS, Problem,
                                         ValidComplaint, check, required_fields)
from channels.web.limits import Limited
from channels.web.site import WebSite
from channels.web.uploads import FormTooLarge, PostedForm, RefusedUpload, Upload, read_form
from core.commands import ComplaintSubmission, Identity, NewAttachment
from core.runtime import Core

log = logging.getLogger(__name__)
PATH = "/complaint"
FILES = "attachments"
FORM_ID = "form_id"
CHANNEL = "email"  # the person is reached by email: the acknowledgement and every update, threaded
RECEIVED_VIA = "web"
_FORM_ID_CHARACTERS = frozenset(string.ascii_letters + string.digits + "_-")  # what token_urlsafe makes


@dataclass
class FormView:
    """What the form template shows: the values entered, each field's error, the summary."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)  # problems of the form as a whole (rate limit)


class ComplaintPage:
    def __init__(self, site: WebSite, core: Core, nlu: Understanding) -> None:
        self.site = site
        self.core = core
        self.nlu = nlu
        self._locks: dict[str, asyncio.Lock] = {}

    def routes(self, app: web.Application) -> None:
        app.router.add_get(PATH, self.show)
        app.router.add_post(PATH, self.submit)

    async def show(self, request: web.Request) -> web.Response:
        lang = self.site.language(request)
        values = {"currency": DEFAULT_CURRENCY.get(lang, CURRENCIES[0]), FORM_ID: secrets.token_urlsafe(18)}
        return self._form(request, lang, FormView(values))

    async def submit(self, request: web.Request) -> web.Response:
        site, policy = self.site, self.core.policy
        try:
            posted = await read_form(request, file_field=FILES, max_files=policy.web.max_attachments,
                                     limits=policy.attachments)
        except FormTooLarge:
            lang = site.language(request)
            return site.refusal(request, lang, 413, site.text("web.complaint.error.too_large_title", lang),
                                site.text("web.complaint.error.too_large", lang))
        lang = site.language(request, posted.fields)
        if not site.tokens.matches(request.cookies.get(csrf.COOKIE), posted.get(csrf.FIELD) or None):
            return site.forbidden(request, lang)
        values = self._kept_values(posted)
        now = self.core.clock.now()
        complaint, problems = check(posted.fields, policy, lang, now.astimezone(policy.business_hours.zone).date())
        if complaint is None or posted.refused:
            view = FormView(values, self._errors(problems, posted, lang))
            return self._form(request, lang, view, status=400)
        if not await site.limiter.allow("form", policy.web.form_per_hour, Limited("ip", site.client_address(request)),
                                        Limited("email", complaint.email)):
            view = FormView(values, notices=[site.text("web.error.too_many", lang, email=policy.organisation.contact_email)])
            return self._form(request, lang, view, status=429)
        async with self._once(values[FORM_ID]):
            result = await self.core.service.submit_complaint(self._submission(complaint, posted.files, lang, values[FORM_ID]))
        if result.duplicate:
            log.info("web: a complaint form sent again; answered with its case %s", result.reference)
        return site.page(request, "acknowledged.html", lang, reference=result.reference,
                         acknowledgement=[line for line in result.acknowledgement.split("\n") if line.strip()],
                         email=complaint.email, not_attached=[r.filename for r in result.rejected_attachments])

    def _submission(self, complaint: ValidComplaint, files: list[Upload], lang: str, form_id: str) -> ComplaintSubmission:
        """As the dialogue submits (``bot.intake.submission``): NLU chooses the category and finds
        the urgency signals (an injury makes it a health and safety case, critical), the person
        gave the rest; identified by the email address, so they are reached there."""
        now = self.core.clock.now()
        analysis = self.nlu.analyze(complaint.description[: self.nlu.max_chars], lang=lang, now=now)
        category = analysis.category if analysis.category in self.core.policy.categories else None
        return ComplaintSubmission(
            identity=Identity(CHANNEL, complaint.email), description=complaint.description, language=lang,
            reply_address=complaint.email, name=complaint.name, email=complaint.email, phone=complaint.phone,
            incident_date=complaint.incident_date, product=complaint.product, order_number=complaint.order_number,
            desired_outcome=complaint.desired_outcome, on_behalf_of=complaint.on_behalf_of, location=complaint.location,
            amount=complaint.amount, currency=complaint.currency, category=category,
            signals=frozenset(analysis.urgency_signals),
            attachments=tuple(NewAttachment(f.filename, f.content_type, f.data) for f in files),
            platform_message_id=f"web-form:{form_id}", acknowledge_via_outbox=True, received_at=now,
            received_via=RECEIVED_VIA)

    @asynccontextmanager
    async def _once(self, form_id: str) -> AsyncIterator[None]:
        """One submission of a form at a time: a second click waits for the first to be stored,
        then the core answers it with the same case (the form's id is the message's id)."""
        lock = self._locks.setdefault(form_id, asyncio.Lock())
        try:
            async with lock:
                yield
        finally:
            if not lock.locked() and self._locks.get(form_id) is lock:
                del self._locks[form_id]

    def _kept_values(self, posted: PostedForm) -> dict[str, str]:
        """What the person entered, to show again (each within its field's length, plus one
        character so that "too long" shows)."""
        values = {name: posted.get(name)[: MAX_CHARS[name] + 1] for name in TEXT_FIELDS}
        values[CONSENT] = "yes" if posted.get(CONSENT) == "yes" else ""
        form_id = posted.get(FORM_ID)
        values[FORM_ID] = form_id if 16 <= len(form_id) <= 64 and set(form_id) <= _FORM_ID_CHARACTERS else secrets.token_urlsafe(18)
        return values

    def _errors(self, problems: Mapping[str, Problem], posted: PostedForm, lang: str) -> dict[str, str]:
        errors = {name: self.site.text(f"web.complaint.error.{problem.key}", lang, **problem.params)
                  for name, problem in problems.items()}
        files = [self._file_error(refused, lang) for refused in posted.refused]
        if posted.files or posted.refused:
            files.append(self.site.text("web.complaint.error.files_again", lang))
        if files:
            errors[FILES] = " ".join(files)
        return errors

    def _file_error(self, refused: RefusedUpload, lang: str) -> str:
        policy = self.core.policy
        params: dict[str, object] = {"filename": refused.filename, "size": self._size(lang),
                                     "count": policy.web.max_attachments}
        return self.site.text(f"web.complaint.error.{refused.kind}", lang, **params)

    def _size(self, lang: str) -> str:
        """The policy's largest file as people read it: "10 MB", "1.5 MB", «500 КБ»."""
        size = self.core.policy.attachments.max_bytes
        unit, amount = ("megabytes", size / 2**20) if size >= 2**20 else ("kilobytes", max(1.0, size / 2**10))
        return self.site.text(f"web.units.{unit}", lang, amount=format_decimal(round(amount, 1), locale=lang))

    def _form(self, request: web.Request, lang: str, view: FormView, *, status: int = 200) -> web.Response:
        policy = self.core.policy
        order = [CONSENT, *TEXT_FIELDS, FILES]  # as the form asks: consent first, as the dialogue does
        summary = [(name, view.errors[name]) for name in order if name in view.errors]
        return self.site.page(
            request, "complaint.html", lang, status=status, values=view.values, errors=view.errors, summary=summary,
            notices=view.notices, required=required_fields(policy), max_chars=MAX_CHARS, currencies=CURRENCIES,
            products=policy.catalog.products, files_field=FILES, form_id_field=FORM_ID, max_files=policy.web.max_attachments,
            size=self._size(lang), accept=",".join(policy.attachments.allowed_types),
            consent_notice=self.site.text("bot.consent.notice", lang))
