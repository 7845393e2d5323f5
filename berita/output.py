"""Write stage: the finished site into the output folder, all at once or not at all.

Files go into a fresh folder beside the output folder, which then takes the old one's
place in one step, so a failed or killed build leaves the previous site as it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError, Problem

RENAME_EXCHANGE = 2  # from <linux/fs.h>
AT_FDCWD = -100


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site: its path inside the output folder, where it came from, and its content."""

    path: str
    origin: str
    content: bytes | Path


def refuse_unsafe_output(output: Path, root: Path, sources: list[Path], config_name: str = "config.toml") -> None:
    """Refuse an output folder whose replacement would destroy sources: the project, its
    source folders, a folder holding any of them, anything inside a source folder, or home."""
    output = output.resolve()
    holds = [root, *sources, Path.home()]
    for folder in (f.resolve() for f in holds):
        if output == folder or output in folder.parents:
            raise _unsafe(output, f"sama dengan atau berisi {folder}", config_name)
    for folder in (f.resolve() for f in sources):
        if folder in output.parents:
            raise _unsafe(output, f"berada di dalam folder sumber {folder}", config_name)


def _unsafe(output: Path, why: str, config_name: str) -> BuildError:
    message = f"folder output {output} tidak aman karena {why}; pilih folder lain, misalnya output"
    return BuildError([Problem(config_name, None, "folders.output", message)])


def write_output(
    files: list[OutputFile],
    output: Path,
    finish: Callable[[Path], None] | None = None,
    remove_old_later: bool = False,
) -> int:
    """Write every file into a fresh folder, let `finish` add to it (the search index), then swap it in.

    A file whose bytes are the same as in the previous site is linked from it instead of
    written again, so a small change rewrites only what it changed. With `remove_old_later`
    the previous site is deleted by a background process (deleting thousands of files is
    slow, and nobody waits for it); the next build removes whatever is left. Returns how
    many files were written.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    _recover(output)
    fresh = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    written = 0
    # Plain strings and os calls, not pathlib: this loop runs once per file of the site.
    made: set[str] = {str(fresh)}
    try:
        for item in sorted(files, key=lambda f: f.path):
            target = f"{fresh}/{item.path}"
            folder = target.rpartition("/")[0]
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            if not _link_unchanged(item, f"{output}/{item.path}", target):
                _write(item, target)
                written += 1
        if finish is not None:
            finish(fresh)
        fresh.chmod(0o755)
        _swap(fresh, output)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    _remove(fresh, in_background=remove_old_later)
    return written


def _remove(folder: Path, in_background: bool) -> None:
    if not folder.exists():
        return
    if in_background:
        doomed = folder.with_name(folder.name.replace(".new-", ".old-", 1))
        folder.rename(doomed)
        _delete_in_background(doomed)
        return
    shutil.rmtree(folder, ignore_errors=True)


def _delete_in_background(folder: Path) -> None:
    """Delete `folder` in a process of its own that nobody waits for; the next build finishes the job if it dies.

    At the lowest priority: a build started right after this one should not share the cores with it.
    """
    code = "import os, shutil, sys; hasattr(os, 'nice') and os.nice(19); shutil.rmtree(sys.argv[1], ignore_errors=True)"
    command = [sys.executable, "-c", code, str(folder)]
    subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _write(item: OutputFile, target: str) -> None:
    if isinstance(item.content, Path):
        shutil.copyfile(item.content, target)
    else:
        with open(target, "wb") as out:
            out.write(item.content)


def _link_unchanged(item: OutputFile, previous: str, target: str) -> bool:
    """Hard-link the previous site's copy when its bytes are the new ones; False when they differ."""
    try:
        found = os.lstat(previous)
        if not stat.S_ISREG(found.st_mode):
            return False
        if isinstance(item.content, Path) and str(item.content) == previous:  # the previous site's, unchanged (memo.py)
            os.link(previous, target)
            return True
        new = item.content.read_bytes() if isinstance(item.content, Path) else item.content
        if len(new) != found.st_size:
            return False
        with open(previous, "rb") as old:
            if old.read() != new:
                return False
        os.link(previous, target)
    except OSError:
        return False  # no hard links here (another file system): write it instead
    return True


def _swap(fresh: Path, output: Path) -> None:
    """Put `fresh` where `output` is; afterwards `fresh` holds the old site (or nothing)."""
    if not output.exists():
        fresh.rename(output)
        return
    if _exchange(fresh, output):
        return
    # No atomic exchange here: move the old site aside first; _recover undoes a half-done swap.
    old = output.with_name(f".{output.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    output.rename(old)
    fresh.rename(output)
    old.rename(fresh)


def _recover(output: Path) -> None:
    """Put back the previous site if a build was killed between the two renames of a swap."""
    old = output.with_name(f".{output.name}.old")
    if old.exists() and not output.exists():
        old.rename(output)
    shutil.rmtree(old, ignore_errors=True)
    for stale in output.parent.glob(f".{output.name}.new-*"):  # left by a killed build
        shutil.rmtree(stale, ignore_errors=True)
    # A previous site may still be being deleted in the background (the build before this one
    # may have ended a moment ago): deleting it here would make this build wait for it.
    for doomed in output.parent.glob(f".{output.name}.old-*"):
        _delete_in_background(doomed)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders with Linux's renameat2; False where it is not available."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name or not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0
