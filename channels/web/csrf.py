"""Cross-site request forgery: a signed double-submit token. The same random token travels in a
cookie (HttpOnly, SameSite=Strict) and in every form's hidden field; a POST is accepted only when
both are there, equal and signed with the site's key (:func:`channels.web.secret.site_key`), so
another site can neither read the cookie nor make a token of its own."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

COOKIE = "cd_csrf"
FIELD = "csrf_token"
_NONCE_BYTES = 18


class CsrfTokens:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def new(self) -> str:
        nonce = secrets.token_urlsafe(_NONCE_BYTES)
        return f"{nonce}.{self._sign(nonce)}"

    def valid(self, token: str | None) -> bool:
        """A token this site signed (whatever its cookie)."""
        if not token or token.count(".") != 1:
            return False
        nonce, signature = token.split(".")
        return hmac.compare_digest(signature, self._sign(nonce))

    def matches(self, cookie: str | None, field: str | None) -> bool:
        """The POST's hidden field and its cookie are one token this site signed."""
        if not cookie or not field:
            return False
        return hmac.compare_digest(cookie.encode(), field.encode()) and self.valid(cookie)

    def _sign(self, nonce: str) -> str:
        digest = hmac.new(self._key, b"csrf:" + nonce.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")
