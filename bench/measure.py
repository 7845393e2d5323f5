"""Run one command and write its wall time, CPU time and peak memory as JSON.

    python bench/measure.py RESULT.json COMMAND [ARG …]

bench/run.py starts every measured command through this script, in a fresh process, so the
figures belong to that one run. Peak memory is the larger of:

- `getrusage(RUSAGE_CHILDREN).ru_maxrss`: the peak resident set of the largest single
  process (the command, or one of its workers once it has been waited for);
- the peak, sampled every 0.1 s, of the summed proportional set size (PSS) of the command's
  whole process tree, so that worker processes count together (PSS splits pages shared
  after a fork between the processes instead of counting them once per process).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

INTERVAL = 0.1


def descendants(root: int) -> list[int]:
    """`root` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def pss(pid: int) -> int:
    """Proportional set size of one process in bytes, 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def main() -> int:
    result, command = sys.argv[1], sys.argv[2:]
    peak = 0
    started = time.perf_counter()
    process = subprocess.Popen(command)
    finished = threading.Event()

    def sample() -> None:
        nonlocal peak
        sampling = os.path.exists("/proc/self/smaps_rollup")
        while sampling and not finished.wait(INTERVAL):
            peak = max(peak, sum(pss(pid) for pid in descendants(process.pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    wall = time.perf_counter() - started
    finished.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {
        "code": code,
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "maxrss": usage.ru_maxrss * 1024,
        "tree_pss": peak,
    }
    Path(result).write_text(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
