"""The web pages' signing key, derived from the product's secret (``config.thread_secret``): one
key to keep, and a web key that signs nothing but the web's own tokens."""

from __future__ import annotations

import hashlib
import hmac

from config.settings import Settings
from config.thread_secret import thread_secret

_PURPOSE = b"complaintdesk/web/v1"


def site_key(settings: Settings) -> bytes:
    return hmac.new(thread_secret(settings).value.encode(), _PURPOSE, hashlib.sha256).digest()
