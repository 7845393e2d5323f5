"""A time budget for one piece of work, in any thread of any process.

Python-Markdown has inputs on which it works for minutes (a million characters of `**a`, say);
berita bounds the ones it knows before rendering (markup_limits.py), and this is the net for
the ones nobody has found yet: an article whose rendering outlasts its budget is refused.

SIGALRM cannot serve: it reaches only a process's main thread, and articles are also rendered
in the preview server's rebuild threads. So one watchdog thread per process raises `Overrun` in
a thread whose budget has run out, with `PyThreadState_SetAsyncExc`, the asynchronous exception
CPython delivers at the thread's next bytecode (a long call into C, one regular expression
search, finishes first). `Overrun` is a BaseException, so no `except Exception` in a library
swallows it; the watchdog sends it once per budget.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

TICK = 0.05  # seconds between the watchdog's looks at the clock


class Overrun(BaseException):
    """Raised in a thread whose time budget ran out (see `budget`)."""


# Thread ident -> when its budget runs out (time.monotonic()), 0.0 once Overrun is sent.
_DEADLINES: dict[int, float] = {}
_LOCK = threading.Lock()
_WATCHING: list[bool] = []  # [True] once this process's watchdog runs


def _forked() -> None:
    """In a forked worker: no watchdog yet, no budgets, and a lock the parent's watchdog may
    have held at the moment of the fork made anew (it would stay held for ever)."""
    global _LOCK
    _LOCK = threading.Lock()
    _DEADLINES.clear()
    _WATCHING.clear()


os.register_at_fork(after_in_child=_forked)


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Run the body of the `with` for at most `seconds`; after that, `Overrun` is raised in it.

    Budgets do not nest: a thread has one at a time."""
    ident = threading.get_ident()
    _watch()
    with _LOCK:
        _DEADLINES[ident] = time.monotonic() + seconds
    try:
        yield
    finally:
        _leave(ident)


def _leave(ident: int) -> None:
    """Ends the thread's budget. The watchdog may have sent `Overrun` a moment before: if it is
    raised here it is caught and the budget ended again; if it is still pending it is withdrawn,
    so it cannot fire later in code that has no budget."""
    while True:
        try:
            with _LOCK:
                if _DEADLINES.pop(ident, None) == 0.0:  # sent: withdraw it if not yet raised
                    _send(ident, None)
            return
        except Overrun:
            continue


def _watch() -> None:
    with _LOCK:
        if _WATCHING:
            return
        _WATCHING.append(True)
    threading.Thread(target=_watchdog, name="berita-deadline", daemon=True).start()


def _watchdog() -> None:
    while True:
        time.sleep(TICK)
        now = time.monotonic()
        with _LOCK:
            for ident, deadline in list(_DEADLINES.items()):
                if deadline and now >= deadline:
                    _DEADLINES[ident] = 0.0  # sent once
                    _send(ident, Overrun)


def _send(ident: int, exception: type[BaseException] | None) -> None:
    """Raise `exception` in thread `ident` at its next bytecode; None withdraws a pending one."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(exception) if exception else None
    )
