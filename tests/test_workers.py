"""Work spread over the cores: when a pool is used, and the results' order."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sites import PROJECT

from berita import workers
from berita.workers import QUICK, SLOW, map_items, worker_count


def process_of(number: int) -> tuple[int, int]:
    return number, os.getpid()


def test_two_slow_items_get_a_worker_process_each_and_keep_their_order() -> None:
    # A photo's sizes take a quarter of a second: two photos are worth a pool, one each.
    if worker_count() < 2:
        pytest.skip("one core: no worker processes")
    made = map_items(process_of, [0, 1, 2, 3], pace=SLOW)
    assert [number for number, _ in made] == [0, 1, 2, 3]
    assert os.getpid() not in {pid for _, pid in made}


def test_freed_memory_is_given_back_before_workers_are_forked(monkeypatch) -> None:
    # Else each worker counts (and copies into) what the build freed before it: 90 MB at 10,000 articles.
    calls: list[int] = []
    monkeypatch.setattr(workers, "give_back_freed_memory", lambda: calls.append(1))
    monkeypatch.setattr(workers, "worker_count", lambda: 2)
    map_items(process_of, list(range(5)))
    assert calls == [], "no pool, nothing forked"
    map_items(process_of, list(range(200)))
    assert calls == [1]


def test_no_items_need_no_preparing() -> None:
    # A rebuild with no page to render makes no Jinja environment (nor page list) for none.
    prepared: list[str] = []
    assert map_items(process_of, [], lambda word: prepared.append(word), ("siap",)) == []
    assert prepared == []
    assert map_items(process_of, [3], lambda word: prepared.append(word), ("siap",)) == [(3, os.getpid())]
    assert prepared == ["siap"]


def test_a_few_quick_items_are_done_here_without_a_pool() -> None:
    made = map_items(process_of, list(range(QUICK.pool_from - 1)))
    assert {pid for _, pid in made} == {os.getpid()}


KILLED_BUILD = """
import os, sys, time
from berita.workers import SLOW, map_items

def slow(number):
    open(os.path.join(sys.argv[1], str(os.getpid())), "w").close()
    time.sleep(60)

map_items(slow, range(8), pace=SLOW)
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; nobody may reap it in a container


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or worker_count() < 2, reason="needs Linux and two cores")
def test_the_workers_of_a_killed_build_end_too(tmp_path: Path) -> None:
    # Else each waited for work for ever, with a copy of the build's memory (the OOM killer,
    # a `kill -9`, a CI step's timeout killing only the build).
    expected = min(worker_count(), 8)  # a worker per core, for eight items
    build = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(tmp_path)], cwd=PROJECT)
    try:
        deadline = time.monotonic() + 30
        while len(list(tmp_path.iterdir())) < expected and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    workers = [int(p.name) for p in tmp_path.iterdir()]
    assert len(workers) == expected
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        assert not [pid for pid in workers if _running(pid)], "a worker outlived its build"
    finally:
        for pid in workers:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
