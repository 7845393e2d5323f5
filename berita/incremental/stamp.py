"""A build that would change nothing is not run: the site in the output folder is already it.

After each successful build a stamp records what the build read (size, time and inode of
every file in the content, templates and static folders and of the config file), what it
wrote (size and time of every file in the output folder), the settings and code it ran
with, and until when its result holds: the next moment the clock alone would change the
site (a scheduled article's publication, a form closing, midnight for the event lists).
The next build compares the folders with the stamp before reading anything; when all of
it is the same it only repeats the warnings and says so. Looking costs a few stat calls
per file, which is why a rebuild of an unchanged site of 10,000 articles takes a second.

Like make and git, this trusts file times. A file changed within disk.RACY_SECONDS of the
snapshot could share its time with the old version, so no stamp is saved then.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ..disk import FileState, folder_state, is_racy, load_pickle, state_of, store_pickle
from ..errors import Problem

Snapshot = dict[str, FileState]


@dataclass(frozen=True)
class Stamp:
    """What the last build read, ran with and wrote, and what it reported."""

    key: bytes
    inputs: Snapshot
    outputs: Snapshot
    built_at: datetime
    holds_until: datetime
    articles: int
    files: tuple[tuple[str, str], ...]  # (path in the output folder, origin), for the summary
    warnings: tuple[Problem, ...]


def snapshot(paths: list[Path]) -> Snapshot | None:
    """The state of every file under `paths` (folders are walked, linked ones too; missing paths
    are skipped), or None when some could not be read (a file vanishing as an editor saves, a
    folder without permission): then there is no stamp and the build just runs."""
    found: Snapshot = {}
    try:
        for path in paths:
            if path.is_dir():
                _walk(path, f"{path}/", found, set())
            elif path.exists():
                stat = path.stat()
                found[str(path)] = state_of(stat)
    except OSError:
        return None
    return found


def _walk(folder: Path | str, prefix: str, found: Snapshot, seen: set[tuple[int, int]]) -> None:
    # os.scandir, not pathlib: this runs over every file of a large site on every build.
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                # The folder's own time changes when a file is added, removed or renamed in it.
                # A linked folder is walked too (Jinja follows one under templates/), once.
                stat = entry.stat()
                if (stat.st_dev, stat.st_ino) in seen:
                    continue
                seen.add((stat.st_dev, stat.st_ino))
                found[prefix + entry.name + "/"] = folder_state(stat)
                _walk(entry.path, f"{prefix}{entry.name}/", found, seen)
            else:
                try:
                    stat = entry.stat()
                except FileNotFoundError:  # a dangling link: the build reports it
                    stat = entry.stat(follow_symlinks=False)
                found[prefix + entry.name] = state_of(stat)


def still_current(file: Path, key: bytes, inputs: Snapshot | None, output: Path, now: datetime) -> Stamp | None:
    """The stamp of the last build when building again now would give the site already in `output`."""
    if inputs is None:
        return None
    stamp = load_pickle(file)  # None when missing, damaged or from another version: just build
    if not isinstance(stamp, Stamp) or stamp.key != key or stamp.inputs != inputs:
        return None
    # The site holds from the build's moment until the clock changes it; a clock set back (it
    # was wrong, or was set ahead to look at scheduled articles) gets a real build.
    if not stamp.built_at <= now < stamp.holds_until:
        return None
    if snapshot([output]) != stamp.outputs:  # a page deleted or edited by hand: build to repair it
        return None
    return stamp


def save_stamp(file: Path, stamp: Stamp | None, taken_at_ns: int) -> None:
    """Keep `stamp` for the next build, or remove the old one when there is none or the inputs are too fresh to trust."""
    if stamp is None or any(is_racy(state, taken_at_ns) for state in stamp.inputs.values()):
        with suppress(OSError):
            file.unlink(missing_ok=True)
        return
    store_pickle(file, stamp)  # when it cannot be, the next build just runs


def next_midnight(now: datetime) -> datetime:
    """The start of the next day in `now`'s zone: events move from upcoming to past then."""
    tomorrow = (now + timedelta(days=1)).date()
    return datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=now.tzinfo)
