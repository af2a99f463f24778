"""Every benchmark, one after another, each in its own process: ``python -m bench`` (or
``make bench``). Name some to run only those: ``python -m bench core slack``. Copy the figures,
with the machine and date printed first, into docs/benchmarks.md."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time

BENCHMARKS = {
    "core": ["-m", "bench.bench_core", "--total", "50000", "--serial", "5000"],
    "nlu": ["bench/bench_nlu.py"],
    "dialogue": ["-m", "bench.bench_dialogue"],
    "email": ["-m", "bench.bench_email", "--emails", "1000"],
    "telegram": ["-m", "bench.bench_telegram"],
    "slack": ["-m", "bench.bench_slack"],
    "report": ["-m", "bench.bench_report"],
}


def main(names: list[str]) -> int:
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    print(f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    failed = 0
    for name in names or list(BENCHMARKS):
        load = os.getloadavg()[0]
        print(f"\n=== {name} (load average {load:.2f} before it)", flush=True)
        failed += subprocess.run([sys.executable, *BENCHMARKS[name]]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
