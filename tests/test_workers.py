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
from berita.workers import QUICK, SLOW, map_items, start_items, worker_count


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


def waits_for(flag: str) -> bool:
    """True once `flag` exists; False when it did not come within five seconds."""
    deadline = time.monotonic() + 5
    while not os.path.exists(flag):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_begun_work_goes_on_while_the_caller_does_its_own(tmp_path: Path, monkeypatch) -> None:
    # A cold build's cards are made while it writes its other files (pipeline, output.begun_write).
    monkeypatch.setattr(workers, "worker_count", lambda: 2)
    flag = str(tmp_path / "lanjut")
    running = start_items(waits_for, [([flag, flag], SLOW)])
    Path(flag).touch()  # only once start_items is back: had it waited for the work, each item would have timed out
    assert running.wait() == [True, True]


def test_without_a_pool_the_work_is_done_when_waited_for() -> None:
    done: list[int] = []
    running = start_items(done.append, [([1, 2, 3], QUICK)])
    assert done == []
    running.wait()
    assert done == [1, 2, 3]


def test_batches_at_their_own_pace_share_one_pool_and_keep_their_order(monkeypatch) -> None:
    # A site's cards: those cropped from photos one at a time, the drawn ones in chunks; never
    # more workers than cores at once.
    monkeypatch.setattr(workers, "worker_count", lambda: 2)
    made = start_items(process_of, [([0, 1, 2], SLOW), (list(range(3, 200)), QUICK)]).wait()
    assert [number for number, _ in made] == list(range(200))
    assert os.getpid() not in {pid for _, pid in made}


def mark_slowly(path: str) -> None:
    time.sleep(0.2)
    Path(path).touch()


def test_cancelled_work_drops_what_has_not_begun(tmp_path: Path, monkeypatch) -> None:
    # A build that fails while its cards are made stops making them, instead of making all first.
    monkeypatch.setattr(workers, "worker_count", lambda: 2)
    items = [str(tmp_path / str(number)) for number in range(40)]
    running = start_items(mark_slowly, [(items, SLOW)])
    running.cancel()  # returns once the items begun are done
    made = len(list(tmp_path.iterdir()))
    assert made < len(items) / 2
    time.sleep(0.5)
    assert len(list(tmp_path.iterdir())) == made, "work went on after cancel"


def resident_mib(_: int) -> int:
    """This process's resident memory, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux")
def test_fresh_workers_hold_none_of_the_callers_memory(monkeypatch) -> None:
    # The cards' workers run while the build goes on: a forked one would keep the build's
    # memory as it was, page by page, as the build writes to it.
    monkeypatch.setattr(workers, "worker_count", lambda: 2)
    held = bytearray(os.urandom(1024)) * (300 * 1024)  # 300 MiB, every page written
    forked = start_items(resident_mib, [([0, 1], SLOW)]).wait()
    fresh = start_items(resident_mib, [([0, 1], SLOW)], fresh=True).wait()
    assert min(forked) > 300, "a forked worker maps what its parent held"
    assert max(fresh) < 150
    assert len(held) == 300 * 1024 * 1024


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
