"""How the preview reads a file it serves from disk (static files, photos, copies): opened one
folder at a time without following a symbolic link at any step.

The build refuses links that lead out of the project, but the preview reads a file when it is
asked for, seconds later: a file swapped for a link meanwhile must not be followed out. A check
before opening leaves a moment for the swap; opening each name in the folder opened before it,
with O_NOFOLLOW, leaves none.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from ..config import Config

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Where a folder can be opened, and a name in it, without following links (Linux, macOS, BSD).
SAFE_OPEN = bool(_NOFOLLOW) and os.open in os.supports_dir_fd
# Not blocking on a FIFO put in a file's place (found not regular once open); not inherited.
_FILE_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_FILE_FLAGS |= _NOFOLLOW
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0) | _NOFOLLOW


def file_roots(config: Config) -> list[Path]:
    """The folders a served file is opened from, the first that holds it: the cache (berita's
    own, which may itself be a link), the project, and content/ and static/ where the config
    puts them outside it. Below the folder chosen, no link is followed."""
    return [config.cache_folder, config.root, config.folder("content"), config.folder("static")]


def read_beneath(roots: Sequence[Path], path: Path) -> bytes | None:
    """The bytes of the regular file `path`, opened from the first of `roots` that holds it;
    None when it is gone, not a regular file, or reached through a symbolic link."""
    root = next((r for r in roots if path.is_relative_to(r)), None)
    names = path.relative_to(root).parts if root is not None else ()
    if not names or any(name in (".", "..") for name in names):
        return None
    assert root is not None
    try:
        opened = open_beneath(root, names) if SAFE_OPEN else open_checked(root, names)
    except OSError:  # gone, a link, a folder where a file was (or the other way round)
        return None
    if not stat.S_ISREG(os.fstat(opened).st_mode):  # a folder, a FIFO, a device
        os.close(opened)
        return None
    with os.fdopen(opened, "rb") as file:
        return file.read()


def open_beneath(root: Path, names: Sequence[str]) -> int:
    """Each of `names` opened in the folder opened before it, starting at `root`; a link at any
    step fails with ELOOP instead of being followed."""
    folder = os.open(root, _FOLDER_FLAGS & ~_NOFOLLOW)
    try:
        for name in names[:-1]:
            inner = os.open(name, _FOLDER_FLAGS, dir_fd=folder)
            os.close(folder)
            folder = inner
        return os.open(names[-1], _FILE_FLAGS, dir_fd=folder)
    finally:
        os.close(folder)


def open_checked(root: Path, names: Sequence[str]) -> int:
    """Where names cannot be opened that way (Windows): every step is checked before and after
    the file is opened, which narrows the moment a swap could use but cannot close it."""
    steps = [root.joinpath(*names[: i + 1]) for i in range(len(names))]
    if any(step.is_symlink() for step in steps):
        raise OSError(errno.ELOOP, "symbolic link", str(steps[-1]))
    opened = os.open(steps[-1], _FILE_FLAGS)
    if any(step.is_symlink() for step in steps) or not os.path.samestat(os.fstat(opened), os.lstat(steps[-1])):
        os.close(opened)
        raise OSError(errno.ELOOP, "symbolic link", str(steps[-1]))
    return opened
