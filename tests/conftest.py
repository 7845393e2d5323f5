"""Shared fixtures: tiny sites built in a temporary folder with the project's own templates."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sites import CONFIG, TinySite, add_theme


@pytest.fixture
def tiny_site(tmp_path: Path) -> Callable[..., TinySite]:
    """Make a site with the project's templates and static files and the given config values."""

    def make(base_url: str = "https://example.org/", per_page: int = 10) -> TinySite:
        root = tmp_path / "situs"
        root.mkdir()
        add_theme(root)
        (root / "content").mkdir()
        (root / "config.toml").write_text(CONFIG.format(base_url=base_url, per_page=per_page), encoding="utf-8")
        return TinySite(root)

    return make


@pytest.fixture
def built(site: TinySite, capsys) -> dict[str, bytes]:
    """The snapshot of output/ after a good build of the module's `site`."""
    assert site.build() == 0, capsys.readouterr().err
    capsys.readouterr()
    return site.snapshot()


def _poll_timed_waits_under_libfaketime() -> None:
    """Debian's faketime (libfaketime 0.9.10) fakes the monotonic clock that Python 3.11 hands
    the kernel for a timed wait on a lock, so `Event.wait(1)`, `Semaphore.acquire(timeout=1)` or
    `Thread.join(1)` never ends (libfaketime issue 390); its --exclude-monotonic breaks
    time.sleep instead (issue 426). `make test` must pass under a faked clock, so with
    libfaketime loaded, a timed wait on a condition or a thread polls with time.sleep, which it
    handles. Without libfaketime nothing is changed."""
    if "faketime" not in os.environ.get("LD_PRELOAD", ""):
        return

    def condition_wait(self: threading.Condition, timeout: float | None = None) -> bool:
        if timeout is None:
            return original_wait(self)
        # CPython's Condition.wait, with the timed acquire of the waiter made a polling loop.
        waiter = threading.Lock()
        waiter.acquire()
        self._waiters.append(waiter)  # type: ignore[attr-defined]
        saved = self._release_save()  # type: ignore[attr-defined]
        got = False
        try:
            deadline = time.monotonic() + timeout
            got = waiter.acquire(False)
            while not got and time.monotonic() < deadline:
                time.sleep(0.002)
                got = waiter.acquire(False)
            return got
        finally:
            self._acquire_restore(saved)  # type: ignore[attr-defined]
            if not got:
                with contextlib.suppress(ValueError):
                    self._waiters.remove(waiter)  # type: ignore[attr-defined]

    def thread_join(self: threading.Thread, timeout: float | None = None) -> None:
        if timeout is None:
            return original_join(self)
        deadline = time.monotonic() + timeout
        while self.is_alive() and time.monotonic() < deadline:
            time.sleep(0.002)
        return None

    original_wait, original_join = threading.Condition.wait, threading.Thread.join
    threading.Condition.wait = condition_wait  # type: ignore[method-assign]
    threading.Thread.join = thread_join  # type: ignore[method-assign]


_poll_timed_waits_under_libfaketime()
