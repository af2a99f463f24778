"""Reaching the real PostgreSQL and Redis servers in tests.

Locally a missing server skips its tests with a loud reason; under CI (``CI=true``) it fails them,
after one attempt to start the server with the commands from DESIGN.md."""

from __future__ import annotations

import os
import socket
import subprocess
import time

from tests.support.loud import unavailable

POSTGRES_BASE_URL = os.environ.get("COMPLAINTDESK_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
REDIS_BASE_URL = os.environ.get("COMPLAINTDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

START_COMMANDS = {
    "postgres": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "redis": ("redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save '' --appendonly no "
              "--dir /var/lib/redis --logfile /var/log/redis/ci.log"),
}
PORTS = {"postgres": 5432, "redis": 6379}
_started: dict[str, bool] = {}


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def require(server: str) -> None:
    """Make sure ``server`` answers on loopback, or skip (locally) / fail (CI) loudly."""
    port = PORTS[server]
    if _listening(port):
        return
    if server not in _started:
        _started[server] = True
        subprocess.run(START_COMMANDS[server], shell=True, capture_output=True, timeout=60, check=False)
        for _ in range(50):
            if _listening(port):
                return
            time.sleep(0.2)
    unavailable(f"{server} is not reachable on 127.0.0.1:{port} (tried: {START_COMMANDS[server]})")
