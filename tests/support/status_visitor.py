"""A person on the status page, as the aiohttp test client sees it: forms sent with this
browser's CSRF token, the link taken from the outbox the way the channel would deliver it."""

from __future__ import annotations

from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient

from channels.web import csrf
from channels.web.status_request import LINK_WORK
from core.runtime import Core


class Visitor:
    def __init__(self, client: TestClient) -> None:  # type: ignore[type-arg]  # the test client of any app
        self.client = client

    def token(self) -> str:
        return self.client.session.cookie_jar.filter_cookies(self.client.make_url("/"))[csrf.COOKIE].value

    async def get(self, path: str) -> ClientResponse:
        return await self.client.get(path, allow_redirects=False, headers={"Accept": "text/html"})

    async def post(self, path: str, **fields: str) -> ClientResponse:
        if csrf.COOKIE not in {c.key for c in self.client.session.cookie_jar}:
            await self.client.get("/status")
        return await self.client.post(path, data={csrf.FIELD: self.token(), **fields}, allow_redirects=False)

    async def ask(self, reference: str, channel: str, email: str = "", lang: str = "en") -> ClientResponse:
        return await self.post("/status", reference=reference, channel=channel, email=email, lang=lang)

    async def open(self, token: str) -> ClientResponse:
        """Follow the link, press "open my complaint"; the answer to that press."""
        followed = await self.get(f"/status/open/{token}")
        assert followed.status == 303 and followed.headers["Location"] == "/status/open"
        shown = await self.get("/status/open")
        assert shown.status == 200 and token not in await shown.text()
        return await self.post("/status/open")


async def settled(app: web.Application) -> None:
    await app[LINK_WORK].settle()


async def link_tokens(core: Core, reference: str) -> list[str]:
    rows = [n for n in await core.queries.notifications(reference_text=reference) if n.kind == "access_link"]
    return [str(n.params["link"]).rsplit("/", 1)[-1] for n in rows]
