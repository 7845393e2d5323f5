"""Work spread over the machine's cores: Markdown rendering and images on a cold build."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Outcome = TypeVar("Outcome")
After = TypeVar("After")
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
    return start_items(function, [(items, pace)], initializer, initargs, label=label).wait()


@dataclass(frozen=True)
class Running(Generic[Outcome]):
    """Work begun in worker processes (start_items), going on while the caller does its own."""

    wait: Callable[[], Outcome]  # the outcome, once the work is done; asked for once
    cancel: Callable[[], None]  # drops what has not begun, when the caller failed meanwhile

    def then(self, after: Callable[[Outcome], After]) -> Running[After]:
        """The same work, its outcome passed through `after` when waited for."""
        return Running(lambda: after(self.wait()), self.cancel)


def done(outcome: Outcome) -> Running[Outcome]:
    """Work that is over: its outcome as a Running."""
    return Running(lambda: outcome, _nothing)


def start_items(
    function: Callable[[Item], Result],
    batches: Sequence[tuple[Sequence[Item], Pace]],
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    *,
    label: str = "",
    fresh: bool = False,
) -> Running[list[Result]]:
    """`function` over the items of every batch, each at its own pace, begun in worker processes
    when there is enough work and more than one core: the caller goes on while they work, and
    `wait` gives the results in order (one pool for all batches, so that no more workers run
    than there are cores). Without a pool, the work is done in this process when waited for.

    `fresh`: the workers are new processes (multiprocessing's "spawn") rather than copies of
    this one, for work that goes on while this process does its own: a forked worker keeps,
    for as long as it runs, the old copy of every page of memory this process writes to
    meanwhile (at 10,000 articles, 110 MB more at the build's peak)."""
    total = sum(len(items) for items, _ in batches)
    if not total:  # nothing to do, nor to prepare for (a Jinja environment, a Markdown renderer)
        return done([])
    needed = max(len(items) // pace.pool_from for items, pace in batches)
    workers = min(worker_count(), max(1, needed))
    if workers < 2:

        def here() -> list[Result]:
            if initializer is not None:
                initializer(*initargs)
            return [r for items, pace in batches for r in _progress(map(function, items), len(items), label, pace)]

        return Running(here, _nothing)
    from concurrent.futures import ProcessPoolExecutor  # here: a rebuild seldom needs one

    give_back_freed_memory()
    import multiprocessing  # here, as the pool

    context = multiprocessing.get_context("spawn") if fresh else None
    pool = ProcessPoolExecutor(
        workers, context, initializer=_start_worker, initargs=(os.getpid(), initializer, initargs)
    )
    try:  # every batch handed to the pool now: the workers start at once
        mapped = [
            (
                pool.map(function, items, chunksize=1 if pace.one_at_a_time else max(1, len(items) // (workers * 8))),
                items,
                pace,
            )
            for items, pace in batches
        ]
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise

    outcome: list[list[Result]] = []
    failure: list[BaseException] = []

    def results() -> list[Result]:
        # Once: the pool is gone after, its results spent; asked again (after an error too), the same answer.
        if failure:
            raise failure[0]
        if not outcome:
            try:
                outcome.append([r for found, items, pace in mapped for r in _progress(found, len(items), label, pace)])
            except BaseException as error:
                failure.append(error)
                raise
            finally:
                pool.shutdown(cancel_futures=True)
        return outcome[0]

    return Running(results, lambda: pool.shutdown(cancel_futures=True))


def _nothing() -> None:
    pass


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


def _start_worker(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """A worker's start: it watches that the process that started it (`parent`, named by that
    process: a new worker takes a moment to get here, and its parent may be gone by then) is
    still there, then runs the build's `initializer`. A worker of a killed build would otherwise
    wait for work for ever, holding a copy of the build's memory."""

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
