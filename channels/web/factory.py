"""Builds the web site from the product's parts (the plugin at start-up, tests directly)."""

from __future__ import annotations

from bot.keys import KeyBuilder
from bot.kv import KeyValue
from channels.web.csrf import CsrfTokens
from channels.web.limits import RateLimiter
from channels.web.secret import site_key
from channels.web.site import WebSite
from channels.web.templates_env import build_environment
from core.runtime import Core


def build_site(core: Core, kv: KeyValue, keys: KeyBuilder) -> WebSite:
    key = site_key(core.settings)
    return WebSite(settings=core.settings, policy=core.policy, catalog=core.catalog, templates=build_environment(),
                   tokens=CsrfTokens(key), limiter=RateLimiter(kv, keys, key))
