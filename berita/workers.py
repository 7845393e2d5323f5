"""Work spread over the machine's cores: Markdown rendering and images on a cold build."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
# Below this many items a pool costs more than it saves.
POOL_THRESHOLD = 48


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
) -> list[Result]:
    """`function` over `items`, in order: in worker processes when there is enough work and more than one core."""
    workers = min(worker_count(), max(1, len(items) // POOL_THRESHOLD))
    if workers < 2:
        if initializer is not None:
            initializer(*initargs)
        return [function(item) for item in items]
    chunk = max(1, len(items) // (workers * 8))
    with ProcessPoolExecutor(workers, initializer=initializer, initargs=initargs) as pool:
        return list(pool.map(function, items, chunksize=chunk))
