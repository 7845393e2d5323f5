"""The file system as every stage uses it: a file's state without reading it, writes that a
reader never sees half done, pickles read back or given up, sources opened without following
a link, folders deleted in the background. No berita module below this one: any stage may
import it, it imports none of them.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any, BinaryIO

FileState = tuple[int, int, int]  # size, mtime_ns, inode

# A file changed this close to the moment its state was taken may keep its time through a
# further change (file systems date to the tick of their clock): its state proves nothing.
RACY_SECONDS = 2.0


def state_of(stat: os.stat_result) -> FileState:
    """What tells a file's version apart without reading it: size, modification time, inode."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def folder_state(stat: os.stat_result) -> FileState:
    """What tells a folder's version apart: its time, which changes when a file is added,
    removed or renamed in it, and its inode; its size says nothing (0)."""
    return (0, stat.st_mtime_ns, stat.st_ino)


def file_state(file: Path | str) -> FileState | None:
    """The state of `file`, None when it is missing or unreadable."""
    try:
        return state_of(os.stat(file))
    except OSError:
        return None


def is_racy(state: FileState, taken_at_ns: int) -> bool:
    """Whether a file was changed so recently before `taken_at_ns` (disk_clock_ns) that a
    further change might keep its time: then its state proves nothing."""
    return state[1] >= taken_at_ns - int(RACY_SECONDS * 1e9)


def disk_clock_ns(folder: Path) -> int:
    """Now, as the file system in `folder` dates a file written now: file times come from the
    system that stores the file, whose clock may not be this process's (a network drive, a
    clock set by hand, a faked clock in a test), so they are compared with this, as git
    compares them with its index file's time. The process's clock where nothing can be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=folder, prefix=".jam-")
    except OSError:
        return time.time_ns()
    try:
        return os.fstat(handle).st_mtime_ns
    finally:
        os.close(handle)
        with suppress(OSError):
            os.unlink(name)


def replace_file(file: Path, data: bytes) -> None:
    """Write `data` to `file` all at once: a reader never sees half of it, and a file sharing
    its inode with another (a hard link into the live site) is replaced, never written into.
    Raises OSError when it cannot be written."""
    _replace(file, lambda out: out.write(data))


def store_file(file: Path, data: bytes) -> Path | None:
    """`data` written to `file` as replace_file writes; None when it cannot be written (for a
    cache, which that only makes slower)."""
    return _store(file, lambda out: out.write(data))


def made_folder(folder: Path | None) -> Path | None:
    """`folder` (a build's spool, write.output.page_spool), made if it is not there yet; None
    when there is none or it cannot be made (a full disk, say: what would go there is held in
    memory, and the write stage says what is wrong)."""
    if folder is None:
        return None
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    return folder


def written_new(file: Path, data: bytes) -> bool:
    """Whether `data` is now the new file `file` (a spool's: never there before); False when it
    cannot be written, and the caller keeps `data` some other way."""
    try:
        with open(file, "xb") as out:
            out.write(data)
    except OSError:
        return False
    return True


def store_pickle(file: Path, value: object) -> Path | None:
    """`value` pickled into `file` as store_file writes; None when it cannot be written."""
    # Pickled straight into the file: a large value is never a second time in memory as bytes.
    return _store(file, lambda out: pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL))


def _store(file: Path, write: Callable[[BinaryIO], object]) -> Path | None:
    try:
        _replace(file, write)
    except OSError:
        return None
    return file


def _replace(file: Path, write: Callable[[BinaryIO], object]) -> None:
    try:
        handle, temporary = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
    except FileNotFoundError:  # the first file in its folder (asking first costs every file a call)
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(temporary, file)
    except BaseException:
        os.unlink(temporary)
        raise


def load_pickle(file: Path) -> Any | None:
    """What store_pickle kept in `file`; None when it is missing or cannot be read back whole
    (truncated, foreign, from another Python): whoever kept it does the work again."""
    try:
        with open(file, "rb") as stored:
            return pickle.load(stored)
    except Exception:
        return None


def open_source(path: Path) -> BinaryIO:
    """A source file opened for copying, never through a symbolic link: the load stage refuses
    links, and one put in a file's place since must not publish what it leads to."""
    return os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb")


# Run by link_copy_in_background. A folder is made with mkdir, never makedirs: when a build has
# taken the copy meanwhile (write/output.py adopts a half-made one as its spare), the next
# file or folder fails and the copy stops, rather than start a second one under the old name.
_LINK_COPY = """
import os, sys
hasattr(os, "nice") and os.nice(19)
source, making, done = sys.argv[1:4]
try:
    os.mkdir(making)
    for folder, folders, files in os.walk(source):
        here = os.path.join(making, os.path.relpath(folder, source))
        for name in folders:
            os.mkdir(os.path.join(here, name))
        for name in files:
            os.link(os.path.join(folder, name), os.path.join(here, name), follow_symlinks=False)
    os.rename(making, done)
except OSError:
    pass
"""


def link_copy_in_background(source: Path, making: Path, done: Path) -> None:
    """Copy the folder `source` into `making` as hard links, then rename it `done` (unless
    something is there already), in a process of its own at the lowest priority that nobody
    waits for. Whoever takes `making` meanwhile gets a part of the copy, and the copy stops."""
    _in_background(_LINK_COPY, source, making, done)


def delete_in_background(folder: Path) -> None:
    """Delete `folder` in a process of its own that nobody waits for; the next build finishes the job if it dies.

    At the lowest priority: a build started right after this one should not share the cores with it.
    """
    code = "import os, shutil, sys; hasattr(os, 'nice') and os.nice(19); shutil.rmtree(sys.argv[1], ignore_errors=True)"
    _in_background(code, folder)


def _in_background(code: str, *folders: Path) -> None:
    """Python `code` run on `folders` (its sys.argv[1:]) in a process of its own, in a session
    of its own, that nobody waits for."""
    import subprocess  # here: seldom needed

    command = [sys.executable, "-c", code, *map(str, folders)]
    subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
