"""What the preview watches: changed files as the operating system reports them (EventWatcher),
or found by looking at every file (PollingWatcher) where it cannot; gathered into one rebuild
per save (Batch).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..config import load_config
from ..errors import BuildError
from ..incremental.stamp import snapshot

# Changes the system reports come in batches STEP_MILLISECONDS apart at most, and are taken
# together once none came for QUIET_EVENTS_SECONDS: one save is often several writes.
STEP_MILLISECONDS = 20
QUIET_EVENTS_SECONDS = 0.05
# Without the system's reports: how often every file is looked at, and how long they must stay unchanged.
POLL_MILLISECONDS = 200
QUIET_SECONDS = 0.3
# The system watches a new folder only from when it sees it: what was written into it at once
# is looked for this much later.
SETTLE_SECONDS = 0.5
# How long a watch waits for changes before it answers that there were none. Its first answer
# says it has begun: what was saved before is looked for then (catch_up), so a save made while
# the preview starts waits for it.
WAIT_MILLISECONDS = 100


class PollingWatcher:
    """Calls `on_change` with the paths that changed once the watched files have changed and
    then stayed unchanged for a moment: the fallback where the system cannot report changes.

    Editors often write a file several times per save; waiting for quiet turns a burst of
    saves into one rebuild.
    """

    def __init__(self, paths: list[Path], on_change: Callable[[set[str]], None], quiet: float = QUIET_SECONDS) -> None:
        self.paths, self.on_change, self.quiet = paths, on_change, quiet
        self.last = snapshot(paths) or {}
        self.changed: set[str] = set()
        self.changed_at: float | None = None

    def poll(self) -> None:
        now = time.monotonic()
        if self.look():
            self.changed_at = now
        elif self.changed_at is not None and now - self.changed_at >= self.quiet:
            self.report()

    def look(self) -> bool:
        """Look at every file and note what changed since the last look; True when something
        did, or when a file vanishes under an editor's save (a change still going on)."""
        # The same look at every file as a build's stamp (linked folders too); None while a
        # file vanishes.
        current = snapshot(self.paths)
        if current is not None and current == self.last:
            return False
        if current is not None:
            changed = {p for p in self.last.keys() | current.keys() if self.last.get(p) != current.get(p)}
            # A folder's time changes with the files in it, which are listed themselves.
            self.changed |= {p for p in changed if not p.endswith("/")}
            self.last = current
        return True

    def report(self) -> None:
        """Hand what was noted to `on_change`, if anything was."""
        changed, self.changed, self.changed_at = self.changed, set(), None
        if changed:
            self.on_change(changed)


class EventWatcher:
    """Calls `on_change`, from threads of its own, with the paths the operating system reports
    changed (inotify on Linux), once no further change came for STEP_MILLISECONDS."""

    def __init__(
        self,
        folders: list[Path],
        config_path: Path,
        on_change: Callable[[set[str]], None],
        on_watching: Callable[[], None] = lambda: None,
    ) -> None:
        self.folders, self.config_path, self.on_change = folders, config_path.resolve(), on_change
        self.on_watching = on_watching
        self.stop = threading.Event()
        self.waiting = 0  # watches not yet begun
        self.lock = threading.Lock()

    def start(self, on_failure: Callable[[], None]) -> None:
        """Watch until `stop` is set; `on_failure` when the system cannot (too many folders, say).

        The watches begin a moment later, in threads of their own: `on_watching` is called once
        all have begun, so that what changed before can be looked for (once: it looks at every
        file twice, a fifth of a second a look at 10,000 articles)."""
        watches = [
            (self.folders, True, None),
            # The config through its folder: an editor that saves by replacing the file ends a watch on the file.
            ([self.config_path.parent], False, self._is_config),
        ]
        self.waiting = len(watches)
        for paths, recursive, only in watches:
            thread = threading.Thread(target=self._watch, args=(paths, recursive, only, on_failure), daemon=True)
            thread.start()

    def _begun(self) -> None:
        with self.lock:
            self.waiting -= 1
            last = self.waiting == 0
        if last:
            self.on_watching()

    def _is_config(self, _change: object, path: str) -> bool:
        return Path(path) == self.config_path

    def _watch(
        self, paths: list[Path], recursive: bool, only: Callable[..., bool] | None, on_failure: Callable[[], None]
    ) -> None:
        import watchfiles

        try:
            watching = False
            for changes in watchfiles.watch(
                *paths,
                watch_filter=only,
                step=STEP_MILLISECONDS,
                stop_event=self.stop,
                recursive=recursive,
                # Its first answer, changes or none, says the watch is in place.
                rust_timeout=WAIT_MILLISECONDS,
                yield_on_timeout=True,
            ):
                if not watching:
                    watching = True
                    self._begun()
                if not changes:
                    continue
                self.on_change({path for _change, path in changes})
                # A file written into a folder as it is made may go unreported, or be read half
                # written: the folder is reported again once it has settled (a whole rebuild).
                made = {path for change, path in changes if change == watchfiles.Change.added and Path(path).is_dir()}
                if made:
                    timer = threading.Timer(SETTLE_SECONDS, self.on_change, [made])
                    timer.daemon = True
                    timer.start()
        except Exception as exc:  # the system's watch failed: a slower way still works
            if not self.stop.is_set():
                self.stop.set()  # the other watch too: the slower way looks at everything
                print(f"Pemantauan file gagal ({exc}); beralih ke memeriksa semua file berkala.", file=sys.stderr)
                on_failure()


class Batch:
    """Changed paths gathered on the IOLoop until none came for QUIET_EVENTS_SECONDS, then
    handed to `on_quiet` together (changes made during a rebuild wait for it to end)."""

    def __init__(self, loop: Any, on_quiet: Callable[[set[str]], None]) -> None:
        self.loop, self.on_quiet = loop, on_quiet
        self.pending: set[str] = set()
        self.timer: object | None = None

    def add(self, paths: set[str]) -> None:
        self.pending |= paths
        if self.timer is not None:
            self.loop.remove_timeout(self.timer)
        self.timer = self.loop.call_later(QUIET_EVENTS_SECONDS, self._quiet)

    def _quiet(self) -> None:
        paths, self.pending, self.timer = self.pending, set(), None
        self.on_quiet(paths)


def catch_up(before: PollingWatcher) -> None:
    """Report what changed since `before` last looked at every file (the look taken before the
    first build, the first time), once a second look finds nothing changing any more: a file
    being swapped or saved as it looks waits for the watches (or the fallback's quiet)."""
    before.poll()  # notes the change
    before.poll()  # reports it, as its quiet time is none, unless it is still changing


def watched_paths(config_path: Path) -> list[Path]:
    """The config file and the folders a build reads (as far as the config can be read)."""
    try:
        config = load_config(config_path)
        folders = [config.folder(name) for name in ("content", "templates", "static")]
    except BuildError:
        folders = [config_path.resolve().parent / name for name in ("content", "templates", "static")]
    return [config_path.resolve(), *folders]
