"""CPU time of the processes under test, read from /proc: what a figure per message costs on a
machine whose other processes (the peer, another benchmark) take the cores in turns."""

from __future__ import annotations

import os
from pathlib import Path


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process so far (0 if it is gone)."""
    return sum(user_and_system(pid))


def user_and_system(pid: int) -> tuple[float, float]:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def server_pids() -> list[int]:
    """This process and its worker processes (not the peer, which is the far side)."""
    pids = [os.getpid()]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if parent == os.getpid() and b"worker_process" in command:
            pids.append(int(entry.name))
    return pids
