"""The far side of a channel benchmark in its own process: the fake platform API and the load
generator run there, so the product under test has its process (and core) to itself, as it would
in production where Telegram or Slack are other machines.

The parent calls the peer's coroutine methods by name over a pipe::

    async with PeerProcess("bench.bench_slack:SlackPeer") as peer:
        base_url = await peer.call("start")
        figures = await peer.call("measure", url, 1500)

The peer class is named by ``module:Class`` because the child is started with ``spawn`` (a fork
of a process with a running event loop is not safe).
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import multiprocessing
import traceback
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any


def _child(target: str, connection: Connection) -> None:
    module, _, name = target.partition(":")
    peer = getattr(importlib.import_module(module), name)()
    gc.collect()
    gc.freeze()  # the imported modules stay out of the load generator's collections, as in the product

    async def serve() -> None:
        while True:
            message = await asyncio.to_thread(connection.recv)
            if message is None:
                return
            method, args = message
            try:
                connection.send(("ok", await getattr(peer, method)(*args)))
            except Exception:  # the parent re-raises it with the child's traceback
                connection.send(("error", traceback.format_exc()))

    asyncio.run(serve())


class PeerFailed(RuntimeError):
    pass


class PeerProcess:
    def __init__(self, target: str) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child_end = context.Pipe()
        self._process = context.Process(target=_child, args=(target, child_end), daemon=True)

    async def __aenter__(self) -> PeerProcess:
        self._process.start()
        return self

    @property
    def pid(self) -> int | None:
        return self._process.pid

    async def call(self, method: str, *args: Any) -> Any:
        self._connection.send((method, args))
        status, value = await asyncio.to_thread(self._connection.recv)
        if status == "error":
            raise PeerFailed(f"peer {method} failed:\n{value}")
        return value

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        try:
            self._connection.send(None)
        except OSError:
            pass
        await asyncio.to_thread(self._process.join, 30)
        if self._process.is_alive():
            self._process.kill()
