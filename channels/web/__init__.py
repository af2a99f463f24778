"""The web pages: served by the product's aiohttp app (``channels.app.web``) as the ``web`` channel
(:class:`channels.web.plugin.WebPlugin`, always on). The complaint form, ``/complaint``, is
:mod:`channels.web.complaint_page` (fields and checks in :mod:`channels.web.complaint_form`,
the posted form read within limits by :mod:`channels.web.uploads`). The status page, ``/status``,
is :mod:`channels.web.status_routes`: a one-time link asked for (:mod:`~channels.web.status_request`),
followed (:mod:`~channels.web.status_link`), the case shown (:mod:`~channels.web.status_case`) and
answered (:mod:`~channels.web.status_answers`).

The foundation every page stands on:

- :class:`channels.web.site.WebSite` (on the app under :data:`channels.web.site.SITE_KEY`): the
  Jinja2 templates (``templates/``, autoescaped), the catalog, the policy, CSRF tokens and the
  rate limiter; :meth:`~channels.web.site.WebSite.page` renders a template in a language.
- Language (:mod:`channels.web.language`): ``?lang=``, a form's ``lang`` field, the ``cd_lang``
  cookie, then Accept-Language, then the policy's default.
- Security headers on every answer (:mod:`channels.web.headers`): a CSP without inline styles or
  scripts, so a page has none; CSS and any script go in ``static/`` (served at ``/static/``).
- CSRF (:mod:`channels.web.csrf`): every form has ``<input type="hidden" name="{{ csrf_field }}"
  value="{{ csrf_token }}">``; POST routes are registered through ``site.protected(handler)``.
- Rate limits (:mod:`channels.web.limits`): ``await site.limiter.allow(action, limit,
  Limited("ip", address), Limited("email", email))``, limits from the policy's ``[web]``.

To add a page:

1. A template ``templates/<page>.html`` that ``{% extends "base.html" %}`` and fills the blocks
   ``title`` and ``main``; every sentence through ``t("web.<page>.<key>")``, with the key in
   ``config/catalogs/en/web.toml`` and ``config/catalogs/ru/web.toml``.
2. A module ``channels/web/<page>.py`` with the handlers::

       async def show(request: web.Request) -> web.Response:
           site = request.app[SITE_KEY]
           return site.page(request, "<page>.html", site.language(request))

3. Routes added in :meth:`channels.web.plugin.WebPlugin.setup`: ``app.router.add_get(path, show)``
   and ``app.router.add_post(path, site.protected(submit))``. Anything personal travels in the
   body of a POST, never in a URL, and is never logged.
4. Tests in ``tests/channels/web/``: the aiohttp test client for answers and the database
   (``tests/support/web_forms.py`` sends a form as a browser does), the ``browser`` fixture
   (``tests/support/browser.py``: Debian's chromium driven by Playwright, axe-core in the page)
   for the page as people use it; ``tests/support/web_screenshots.py`` for pictures in docs/web/.
"""
