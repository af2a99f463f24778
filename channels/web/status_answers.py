"""The complainant's answers from the status page, each through the same service command as in
the chat (so with the same audit event): a reply or an answer to a question, accepting or
rejecting the proposed decision, a review of a closed case, withdrawing (after a confirmation),
the survey, the external body's offer taken up or declined. Each answer is a POST behind the CSRF
check; it ends in a redirect to the case page, which says what was recorded."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web

from channels.app.web import CORE_KEY
from channels.web import status_session
from channels.web.site import SITE_KEY
from channels.web.status_case import case_language, ended, render_case
from core.actors import Actor
from core.complainant_queries import GrantedCase
from core.errors import AccessDenied, CaseNotFound, ConcurrencyConflict, TransitionRefused, ValidationFailed
from core.runtime import Core

TEXT_MAX = 5000
# The commands that take an actor and an identity record the identity's complainant (by id):
# this one only says who asks.
ASKER = Actor.complainant("status-page")
REFUSALS = (TransitionRefused, ValidationFailed, AccessDenied, CaseNotFound, ConcurrencyConflict)
Form = Mapping[str, object]
Act = Callable[[Core, GrantedCase, Form], Awaitable[object]]


class Missing(Exception):
    """A required field was left empty: the catalog key of what to say."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _text(form: Form, name: str, *, required: str | None = None) -> str:
    value = form.get(name)
    text = value.strip()[:TEXT_MAX] if isinstance(value, str) else ""
    if required and not text:
        raise Missing(required)
    return text


def answer(done: str, act: Act) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """The POST handler that runs ``act`` for the session's case and goes back to the case page."""

    async def handler(request: web.Request) -> web.StreamResponse:
        grant = await status_session.granted(request)
        form = await request.post()
        if grant is None:
            return ended(request, request.app[SITE_KEY].language(request, form))
        lang = case_language(request, grant, form.get("lang"))
        site = request.app[SITE_KEY]
        try:
            await act(request.app[CORE_KEY], grant, form)
        except Missing as missing:
            return await render_case(request, grant, lang, status=400, problem=site.text(missing.key, lang))
        except REFUSALS:  # the case moved on meanwhile (an agent, a timer, another tab): show where it is now
            return await render_case(request, grant, lang, status=409, problem=site.text("web.status.case.refused", lang))
        return status_session.see_other(f"/status/case?lang={lang}&done={done}")

    return handler


async def _message(core: Core, grant: GrantedCase, form: Form) -> None:
    text = _text(form, "message", required="web.status.case.message_missing")
    await core.service.add_complainant_message(grant.reference, grant.identity, text)


async def _accept(core: Core, grant: GrantedCase, form: Form) -> None:
    await core.service.record_complainant_decision(grant.reference, grant.identity, accept=True)


async def _reject(core: Core, grant: GrantedCase, form: Form) -> None:
    reason = _text(form, "reason", required="web.status.case.reason_missing")
    await core.service.record_complainant_decision(grant.reference, grant.identity, accept=False, reason=reason)


async def _review(core: Core, grant: GrantedCase, form: Form) -> None:
    reason = _text(form, "reason", required="web.status.case.review_missing")
    await core.service.reopen(grant.reference, ASKER, reason, identity=grant.identity)


async def _withdraw(core: Core, grant: GrantedCase, form: Form) -> None:
    if form.get("confirm") != "yes":
        raise Missing("web.status.withdraw.unconfirmed")
    await core.service.withdraw(grant.reference, ASKER, identity=grant.identity,
                                reason=_text(form, "reason")[:200])


async def _survey(core: Core, grant: GrantedCase, form: Form) -> None:
    rating = form.get("rating")
    if not isinstance(rating, str) or rating not in {"1", "2", "3", "4", "5"}:
        raise Missing("web.status.case.rating_missing")
    await core.service.record_satisfaction(grant.reference, grant.identity, int(rating), _text(form, "comment") or None)


async def _referral(core: Core, grant: GrantedCase, form: Form) -> None:
    if form.get("choice") == "refer":
        await core.service.accept_referral(grant.reference, grant.identity)
    elif form.get("choice") == "decline":
        await core.service.decline_referral(grant.reference, grant.identity)
    else:
        raise Missing("web.status.case.choice_missing")


async def withdraw_page(request: web.Request) -> web.Response:
    """The confirmation asked before a withdrawal (a withdrawal is final)."""
    grant = await status_session.granted(request)
    site = request.app[SITE_KEY]
    if grant is None:
        return ended(request, site.language(request))
    return site.page(request, "status_withdraw.html", case_language(request, grant), reference=grant.reference)


async def leave(request: web.Request) -> web.StreamResponse:
    """The person is done: the session ends here and in the database."""
    session = request.cookies.get(status_session.SESSION_COOKIE)
    if session:
        await request.app[CORE_KEY].service.end_web_session(session)
    form = await request.post()
    lang = request.app[SITE_KEY].language(request, form)
    response = status_session.see_other(f"/status?lang={lang}&left=1")
    status_session.end_session(response)
    return response


ANSWERS: dict[str, Callable[[web.Request], Awaitable[web.StreamResponse]]] = {
    "message": answer("message", _message), "accept": answer("accept", _accept), "reject": answer("reject", _reject),
    "review": answer("review", _review), "withdraw": answer("withdraw", _withdraw), "survey": answer("survey", _survey),
    "referral": answer("referral", _referral),
}
