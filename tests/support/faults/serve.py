"""``complaintdesk serve`` as an operator runs it, in a process of its own, so that a test can
kill it (and its email and Slack worker processes) with SIGKILL and start it again on the same data."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

COMPLAINTDESK = Path(sys.executable).with_name("complaintdesk")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServeProcess:
    """One product, started and killed as often as a test likes; its output goes to ``log``."""

    def __init__(self, env: dict[str, str], log: Path, http_port: int) -> None:
        self.env = {**{k: v for k, v in os.environ.items() if not k.startswith("COMPLAINTDESK_")}, **env}
        self.log = log
        self.http_port = http_port
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0

    async def command(self, *arguments: str) -> int:
        """Run another ``complaintdesk`` command on the same settings (``db upgrade``, ...)."""
        with open(self.log, "ab") as out:
            process = await asyncio.create_subprocess_exec(str(COMPLAINTDESK), *arguments, env=self.env,
                                                           stdout=out, stderr=out)
            return await process.wait()

    async def start(self, timeout: float = 90.0) -> None:
        assert self.process is None or self.process.returncode is not None
        with open(self.log, "ab") as out:
            self.process = await asyncio.create_subprocess_exec(str(COMPLAINTDESK), "serve", env=self.env,
                                                                stdout=out, stderr=out, start_new_session=True)
        self.starts += 1
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with aiohttp.ClientSession() as session:
            while loop.time() < deadline:
                if self.process.returncode is not None:
                    raise AssertionError(f"serve exited with {self.process.returncode}; see {self.log}")
                try:
                    async with session.get(f"http://127.0.0.1:{self.http_port}/readyz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError(f"serve was not ready in {timeout:g} s; see {self.log}")

    def children(self) -> list[int]:
        assert self.process is not None
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def kill_worker(self, channel: str) -> int:
        """SIGKILL the worker process of ``channel`` (email, slack); serve starts another. Returns
        the pid killed."""
        (pid,) = [pid for pid in self.children()
                  if f"channels.{channel}.".encode() in Path(f"/proc/{pid}/cmdline").read_bytes()]
        os.kill(pid, signal.SIGKILL)
        return pid

    async def kill(self) -> None:
        """SIGKILL serve and everything it started, as a power cut would."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> int:
        """SIGTERM, as systemd stops it; returns the exit code."""
        if self.process is None or self.process.returncode is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(signal.SIGTERM)
        try:
            async with asyncio.timeout(60):
                return await self.process.wait()
        except TimeoutError:
            os.killpg(self.process.pid, signal.SIGKILL)
            await self.process.wait()
            raise AssertionError(f"serve did not stop on SIGTERM in 60 s; see {self.log}") from None
