"""Work spread over the machine's cores: Markdown rendering and images on a cold build."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
# Below this many items a pool costs more than it saves.
POOL_THRESHOLD = 48
# A bar only for work long enough to wait for (a few hundred articles take seconds).
PROGRESS_THRESHOLD = 300
BAR = 30


@dataclass(frozen=True)
class Pace:
    """How map_items spreads items that take a given time each."""

    pool_from: int  # items per worker below which a pool costs more than it saves
    bar_from: int  # items from which a progress bar is worth drawing
    # Each item sent on its own, so that the cores finish together; else in eight chunks per
    # worker, which cost less to send.
    one_at_a_time: bool


# Articles and pages take milliseconds each: a pool only for dozens.
QUICK = Pace(POOL_THRESHOLD, PROGRESS_THRESHOLD, one_at_a_time=False)
# A photo's sizes take a quarter of a second, a card cropped from it tens of milliseconds: a
# pool for two photos, and no core waits out another's chunk of sixty photos at the end.
SLOW = Pace(1, 8, one_at_a_time=True)


def worker_count() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_items(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    *,
    label: str = "",
    pace: Pace = QUICK,
) -> list[Result]:
    """`function` over `items`, in order: in worker processes when there is enough work and more than one core.

    With a `label`, a long run shows a progress bar on a terminal.
    """
    if not items:  # nothing to do, nor to prepare for (a Jinja environment, a Markdown renderer)
        return []
    workers = min(worker_count(), max(1, len(items) // pace.pool_from))
    if workers < 2:
        if initializer is not None:
            initializer(*initargs)
        return list(_progress((function(item) for item in items), len(items), label, pace))
    from concurrent.futures import ProcessPoolExecutor  # here: a rebuild seldom needs one

    give_back_freed_memory()
    chunk = 1 if pace.one_at_a_time else max(1, len(items) // (workers * 8))
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(initializer, initargs)) as pool:
        return list(_progress(pool.map(function, items, chunksize=chunk), len(items), label, pace))


def give_back_freed_memory() -> None:
    """Return to the system the memory the C library keeps after it was freed (glibc holds on to
    it for reuse), before workers are forked: they would count it as theirs too, and copy the
    pages they allocate into. 90 MB after loading 10,000 articles. Nothing without glibc."""
    if sys.platform != "linux":
        return
    import ctypes  # here: only Linux has malloc_trim

    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)  # musl has none
    if trim is not None:
        trim(0)


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """A worker's start: it watches that the process that started it is still there, then runs
    the build's `initializer`. A worker of a killed build would otherwise wait for work for
    ever, holding a copy of the build's memory."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def _progress(results: Iterator[Result], total: int, label: str, pace: Pace) -> Iterator[Result]:
    """Yields the results, drawing `label [#####.....] n/total` on stderr when it is a terminal and the work is long."""
    if not label or total < pace.bar_from or not sys.stderr.isatty():
        yield from results
        return
    step = 1 if pace.one_at_a_time else 25
    for done, result in enumerate(results, start=1):
        if done % step == 0 or done == total:
            filled = BAR * done // total
            sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (BAR - filled)}] {done}/{total}")
            sys.stderr.flush()
        yield result
    sys.stderr.write("\n")
