"""The web pages as the runner sees them: always on, served by the product's web app."""

from __future__ import annotations

from channels.app.plugin import ServeContext
from channels.web.complaint_page import ComplaintPage
from channels.web.factory import build_site
from channels.web.routes import install
from config.settings import Settings


class WebPlugin:
    name = "web"

    def not_configured_reason(self, settings: Settings) -> str | None:
        return None

    def personal_data_holder(self, settings: Settings) -> None:
        """Nothing: what a form brings is stored on the case, in the database."""
        return None

    async def setup(self, context: ServeContext) -> None:
        dialogue = context.dialogue
        site = build_site(context.core, dialogue.kv, dialogue.keys)
        install(context.web, site)
        ComplaintPage(site, context.core, dialogue.services.nlu).routes(context.web)

    async def start(self, context: ServeContext) -> None:
        return None

    async def drain(self, grace_seconds: float) -> None:
        """Nothing: a form's request is finished by the web app's own graceful shutdown."""
        return None

    async def stop(self) -> None:
        return None
