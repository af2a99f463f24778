"""The status page's routes (issue 18) on the product's web app: asking for a link, the link,
the case page and the answers from it."""

from __future__ import annotations

from aiohttp import web

from channels.web import status_answers, status_case, status_link, status_request
from channels.web.site import WebSite


def add_status_pages(app: web.Application, site: WebSite) -> None:
    work = status_request.LinkWork()
    app[status_request.LINK_WORK] = work

    async def settle(_: web.Application) -> None:
        await work.settle()

    app.on_cleanup.append(settle)
    app.router.add_get("/status", status_request.show)
    app.router.add_post("/status", site.protected(status_request.submit))
    app.router.add_get("/status/open/{token}", status_link.follow)
    app.router.add_get("/status/open", status_link.confirm)
    app.router.add_post("/status/open", site.protected(status_link.exchange))
    app.router.add_get("/status/case", status_case.show)
    app.router.add_get("/status/case/withdraw", status_answers.withdraw_page)
    for name, handler in status_answers.ANSWERS.items():
        app.router.add_post(f"/status/case/{name}", site.protected(handler))
    app.router.add_post("/status/leave", site.protected(status_answers.leave))
