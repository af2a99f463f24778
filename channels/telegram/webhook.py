"""The webhook endpoint on the shared web app. Telegram's secret token is checked in constant time
(missing or wrong: 401, nothing read further); the update is stored before Telegram gets its 200,
so a crash means redelivery, not loss.

Answers: 200 for a stored update, a duplicate, and an update aiogram's model rejects (stored as
``refused`` with the reason and logged; Telegram must not redeliver what can never be read);
400 for a body that is not a Telegram update at all; 401 for a bad secret; 500 (redelivered by
Telegram) when the update could not be stored."""

from __future__ import annotations

import hmac
import logging

from aiohttp import web

from channels.inbound.failures import is_transient
from channels.telegram.intake import NotAnUpdate, UpdateIntake, parse_body
from core.tracebacks import where_it_failed

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_PATH = "/telegram/webhook"


def secret_matches(given: str | None, expected: str) -> bool:
    if given is None:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


class WebhookEndpoint:
    def __init__(self, intake: UpdateIntake, secret: str) -> None:
        self.intake = intake
        self._secret = secret

    async def handle(self, request: web.Request) -> web.Response:
        if not secret_matches(request.headers.get(SECRET_HEADER), self._secret):
            log.warning("telegram webhook: request with a missing or wrong secret token refused")
            return web.json_response({"ok": False, "error": "unauthorized"}, status=401)
        body = await request.read()
        try:
            data = parse_body(body)
        except NotAnUpdate as error:
            log.warning("telegram webhook: refused a body that is not an update: %s", error)
            return web.json_response({"ok": False, "error": str(error)}, status=400)
        try:
            accepted = await self.intake.accept(data, body)
        except Exception as error:
            if is_transient(error):  # the database is away for a moment: Telegram sends it again
                log.warning("telegram webhook: update %s could not be stored (%s); Telegram will redeliver it",
                            data["update_id"], type(error).__name__)
            else:
                log.error("telegram webhook: update %s could not be stored: %s\n%s", data["update_id"],
                          type(error).__name__, where_it_failed(error))
            return web.json_response({"ok": False, "error": "not stored"}, status=500)
        return web.json_response({"ok": True, "update_id": data["update_id"], "status": accepted.status})
